/**
 * A test site that misbehaves as real government sites do: a column of seven yearly reports of
 * 云岭乡 (2019–2025) with news items between them, where 上一条 names the OLDER page (the
 * opposite of the demo site), and:
 *   - 2019 → 2020 goes through an old address that answers 301;
 *   - a news item answers 503 twice, then 200;
 *   - the 2021 report takes 2 s to answer;
 *   - a news item between 2021 and 2022 is gone (404), which cuts the chain in two;
 *   - robots.txt disallows /a/private/, and 2019's 上一条 points there;
 *   - the last news item's 下一条 loops back to 2022;
 *   - the 2022 report is GBK-encoded, declared only in a <meta>;
 *   - the 2024 report draws its 上一条/下一条 with script.
 */
import { encodeGbk } from '../../../sites/gbk.js';
import { breakBalance, makeSeries, newsPage, seriesYears, reportPage, reportTitle, type NavTarget, type ReportData } from '../../../sites/pages.js';
import { startSite, type Route, type SiteServer } from '../../../sites/server.js';

export const ENTITY = '云岭乡';

export function siteReports(): ReportData[] {
  const s = makeSeries(ENTITY, seriesYears(2019, 2025));
  breakBalance(s.find((d) => d.year === 2023)!, 3);
  return s;
}

export interface MisbehavingSite {
  server: SiteServer;
  reports: ReportData[];
  /** the two start pages: 2022 (the middle) and 2019 (the far side of the 404) */
  starts: string[];
  url: (path: string) => string;
}

export async function startMisbehavingSite(opts: { slowMs?: number } = {}): Promise<MisbehavingSite> {
  const reports = siteReports();
  const byYear = new Map(reports.map((d) => [d.year, d]));
  const slowMs = opts.slowMs ?? 2000;
  const t = (year: number) => reportTitle(ENTITY, year);
  const link = (href: string, title: string): NavTarget => ({ href, title });
  const routes = new Map<string, Route>();
  const report = (year: number, prev: NavTarget | null, next: NavTarget | null, extra: { gbk?: boolean; script?: boolean } = {}): Route => {
    const html = reportPage(byYear.get(year)!, { prev, next, labels: 'tiao', drawnByScript: extra.script }, extra.gbk ? 'gbk' : 'utf-8');
    return extra.gbk ? { body: encodeGbk(html), contentType: 'text/html' } : { body: html };
  };
  const news = (title: string, prev: NavTarget | null, next: NavTarget | null) => ({ body: newsPage(title, '2024-05-01', [`${title}。`], { prev, next, labels: 'tiao' }) });

  const N503 = link('/a/news-503.html', '云岭乡召开政务公开培训会');
  const N404 = link('/a/news-404.html', '云岭乡政务公开专栏调整说明');
  const NH = link('/a/news-h.html', '云岭乡开展政策解读活动');
  const NLOOP = link('/a/news-loop.html', '云岭乡政务公开工作简报');
  const Y = (y: number) => link(`/a/${y}.html`, t(y));

  routes.set('/robots.txt', { body: 'User-agent: *\nDisallow: /a/private/\n', contentType: 'text/plain' });
  routes.set('/a/2019.html', report(2019, link('/a/private/news-0.html', '云岭乡内部通知'), link('/a/old/2020.htm', t(2020))));
  routes.set('/a/old/2020.htm', { status: 301, body: '', headers: { location: '/a/2020.html' } });
  routes.set('/a/2020.html', report(2020, Y(2019), N503));
  const page503 = news(N503.title, Y(2020), Y(2021));
  routes.set('/a/news-503.html', (_req, _res, hits) => (hits <= 2 ? { status: 503, body: 'busy' } : page503));
  const page2021 = report(2021, N503, N404) as { body: string };
  routes.set('/a/2021.html', () => new Promise((resolve) => setTimeout(() => resolve(page2021), slowMs)));
  // /a/news-404.html has no route: 404
  routes.set('/a/2022.html', report(2022, N404, NH, { gbk: true }));
  routes.set('/a/news-h.html', news(NH.title, Y(2022), Y(2023)));
  routes.set('/a/2023.html', report(2023, NH, Y(2024)));
  routes.set('/a/2024.html', report(2024, Y(2023), Y(2025), { script: true }));
  routes.set('/a/2025.html', report(2025, Y(2024), NLOOP));
  routes.set('/a/news-loop.html', news(NLOOP.title, Y(2025), Y(2022)));
  routes.set('/a/private/news-0.html', news('云岭乡内部通知', null, Y(2019)));

  const server = await startSite(routes);
  const url = (p: string) => server.origin + p;
  return { server, reports, starts: [url('/a/2022.html'), url('/a/2019.html')], url };
}

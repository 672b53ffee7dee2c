/**
 * The bundled demo site: one column of 政府信息公开年报 of an invented town (青岚镇, 2019–2024) in
 * both official formats and all three layouts, with the seed sample (一平浪镇 2022) filed in the
 * same column, news items between reports, a GBK-encoded page, one report that breaks the
 * balance rule, and one whose 上一篇/下一篇 are drawn by script. 上一篇 names the newer page,
 * as on the seed sample's site.
 */
import { seedSampleText } from './samples.js';
import { encodeGbk } from './gbk.js';
import { breakBalance, makeSeries, newsPage, seriesYears, reportPage, reportTitle, textSamplePage, type NavTarget, type ReportData } from './pages.js';
import { startSite, type Route, type SiteServer } from './server.js';

export const DEMO_ENTITY = '青岚镇';
const BASE = '/xxgk/nb/';

interface Entry {
  path: string;
  title: string;
  build: (nav: { prev: NavTarget | null; next: NavTarget | null }) => Route;
}

/** The demo's reports: the numbers of each year, and the page that breaks a rule on purpose. */
export function demoReports(): ReportData[] {
  const series = makeSeries(DEMO_ENTITY, seriesYears(2019, 2024));
  // 2023 as published: two new applications counted in 表三's first row but nowhere else
  breakBalance(series.find((d) => d.year === 2023)!, 2);
  return series;
}

/** The column, newest first: each page's 上一篇 is the page before it in this list. */
export function demoEntries(): Entry[] {
  const reports = new Map(demoReports().map((d) => [d.year, d]));
  const report = (year: number, opts: { gbk?: boolean; script?: boolean } = {}): Entry => ({
    path: `${BASE}t${year}0310_${1000 + year}.html`,
    title: reportTitle(DEMO_ENTITY, year),
    build: (nav) => {
      const html = reportPage(reports.get(year)!, { ...nav, drawnByScript: opts.script }, opts.gbk ? 'gbk' : 'utf-8');
      // the GBK page declares its charset only in a <meta>, as such sites do
      return opts.gbk ? { body: encodeGbk(html), contentType: 'text/html' } : { body: html };
    },
  });
  const news = (id: string, title: string, date: string, text: string[]): Entry => ({
    path: `${BASE}news_${id}.html`,
    title,
    build: (nav) => ({ body: newsPage(title, date, text, nav) }),
  });
  const seed = seedSampleText();
  return [
    news('2025a', '青岚镇召开2025年政务公开工作推进会', '2025-04-02', ['4月1日，青岚镇召开2025年政务公开工作推进会，部署全年重点任务。']),
    report(2024, { script: true }),
    report(2023),
    news('2024b', '青岚镇开展政府信息公开业务培训', '2024-01-20', ['为提升信息公开工作水平，镇党政办组织开展业务培训，共32人参加。']),
    report(2022, { gbk: true }),
    {
      path: `${BASE}t20221202_80629.html`,
      title: '一平浪镇2022年政府信息公开工作年度报告',
      build: (nav) => ({ body: textSamplePage(seed, nav) }),
    },
    report(2021),
    report(2020),
    report(2019),
    news('2019c', '青岚镇政务公开专栏上线', '2019-12-30', ['青岚镇政务公开专栏正式上线运行。']),
  ];
}

export interface DemoSite {
  server: SiteServer;
  /** where the demo crawl starts: the 2022 report, in the middle of the column */
  startUrl: string;
  entries: { path: string; title: string }[];
}

export async function startDemoSite(): Promise<DemoSite> {
  const entries = demoEntries();
  const routes = new Map<string, Route>();
  entries.forEach((e, i) => {
    const prev = i > 0 ? { href: entries[i - 1].path, title: entries[i - 1].title } : null;
    const next = i < entries.length - 1 ? { href: entries[i + 1].path, title: entries[i + 1].title } : null;
    routes.set(e.path, e.build({ prev, next }));
  });
  routes.set('/robots.txt', { body: 'User-agent: *\nDisallow: /admin/\n', contentType: 'text/plain' });
  const server = await startSite(routes);
  const start = entries.find((e) => e.path.includes('2022031'))!;
  return { server, startUrl: server.origin + start.path, entries: entries.map(({ path, title }) => ({ path, title })) };
}

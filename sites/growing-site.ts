/**
 * A site that grows: one body's yearly reports chained by 上一篇/下一篇, served with ETag and
 * Last-Modified and answering a matching conditional request with 304. `publish(year)` adds the
 * next report, and the page before it gains its 下一篇 link (so its ETag changes) — what
 * `crawl --refresh` must find.
 */
import { createHash } from 'node:crypto';
import { makeSeries, reportPage, reportTitle } from './pages.js';
import { startSite, type Route, type SiteServer } from './server.js';

export const GROWING_ENTITY = '新丰镇人民政府';

export interface GrowingSite {
  server: SiteServer;
  url: (year: number) => string;
  publish: (year: number) => void;
  /** every page answer as "status path", in order */
  served: string[];
}

export async function startGrowingSite(years: number[]): Promise<GrowingSite> {
  const all = makeSeries(GROWING_ENTITY, [...years, years.at(-1)! + 1, years.at(-1)! + 2].map((year) => ({ year, format: '2021' as const, layout: 'table' as const })));
  const published = new Set(years);
  const served: string[] = [];
  const path = (y: number) => `/nb/${y}.html`;
  const page = (year: number): string => {
    const link = (y: number) => (published.has(y) ? { href: path(y), title: reportTitle(GROWING_ENTITY, y) } : null);
    return reportPage(all.find((d) => d.year === year)!, { prev: link(year - 1), next: link(year + 1) });
  };
  const routes = new Map<string, Route>();
  routes.set('/robots.txt', { body: 'User-agent: *\nAllow: /\n', contentType: 'text/plain' });
  for (const d of all) {
    routes.set(path(d.year), (req, res) => {
      if (!published.has(d.year)) {
        served.push(`404 ${path(d.year)}`);
        return { status: 404, body: '<p>页面不存在</p>' };
      }
      const body = page(d.year);
      const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
      const lastModified = new Date(Date.UTC(d.year + 1, 0, 20)).toUTCString();
      if (req.headers['if-none-match'] === etag) {
        served.push(`304 ${path(d.year)}`);
        res.writeHead(304, { etag, 'last-modified': lastModified }).end();
        return;
      }
      served.push(`200 ${path(d.year)}`);
      return { body, headers: { etag, 'last-modified': lastModified } };
    });
  }
  const server = await startSite(routes);
  return { server, url: (y) => server.origin + path(y), publish: (y) => published.add(y), served };
}

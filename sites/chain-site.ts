/**
 * A long generated column for the resume test and the crawl bench: `bodies` invented towns with
 * seven yearly reports each (2019–2025, layouts in turn) and a news item after each town's run,
 * chained by 上一篇/下一篇. Pages are built on request, so a 2,000-page site costs no memory.
 */
import { makeSeries, newsPage, seriesYears, reportPage, reportTitle, type PageLayout, type ReportData } from './pages.js';
import { startSite, type Page, type SiteServer } from './server.js';

const A = '青白红金银松竹梅兰桃柳杏荷泉溪河湖山岭峰'.split('');
const B = '安宁和平丰裕兴盛康泰福祥瑞华阳明新云川田'.split('');

export function bodyName(i: number): string {
  return `${A[i % A.length]}${B[Math.floor(i / A.length) % B.length]}${Math.floor(i / (A.length * B.length)) ? '东' : ''}镇`;
}

const LAYOUTS: PageLayout[] = ['table', 'lines', 'table', 'lines', 'concatenated', 'table', 'lines'];
const YEARS = [2019, 2020, 2021, 2022, 2023, 2024, 2025];

export interface ChainSiteEntry {
  path: string;
  title: string;
  kind: 'report' | 'news';
  body: number;
  year?: number;
}

/** The column's pages, newest body first; each town's reports newest first, then a news item. */
export function chainEntries(pages: number): ChainSiteEntry[] {
  const out: ChainSiteEntry[] = [];
  for (let b = 0; out.length < pages; b++) {
    for (const y of [...YEARS].reverse()) {
      if (out.length >= pages) break;
      out.push({ path: `/col/b${b}/${y}.html`, title: reportTitle(bodyName(b), y), kind: 'report', body: b, year: y });
    }
    if (out.length < pages) out.push({ path: `/col/b${b}/news.html`, title: `${bodyName(b)}政务公开工作动态`, kind: 'news', body: b });
  }
  return out;
}

function seriesOf(b: number): ReportData[] {
  return makeSeries(bodyName(b), seriesYears(YEARS[0], YEARS[YEARS.length - 1], LAYOUTS));
}

export function chainPage(entries: ChainSiteEntry[], index: Map<string, number>, path: string): Page | null {
  const i = index.get(path);
  if (i === undefined) return null;
  const e = entries[i];
  const prev = i > 0 ? { href: entries[i - 1].path, title: entries[i - 1].title } : null;
  const next = i < entries.length - 1 ? { href: entries[i + 1].path, title: entries[i + 1].title } : null;
  if (e.kind === 'news') return { body: newsPage(e.title, '2025-02-01', [`${e.title}：本月共发布信息${10 + (e.body % 9)}条。`], { prev, next }) };
  const d = seriesOf(e.body).find((x) => x.year === e.year)!;
  return { body: reportPage(d, { prev, next }) };
}

export interface ChainSite {
  server: SiteServer;
  entries: ChainSiteEntry[];
  url: (path: string) => string;
}

/** Serves the generated column; `latencyMs` delays every answer (a site that is not instant). */
export async function startChainSite(pages: number, opts: { latencyMs?: number; prebuild?: boolean } = {}): Promise<ChainSite> {
  const entries = chainEntries(pages);
  const index = new Map(entries.map((e, i) => [e.path, i]));
  const routes = new Map<string, Page | (() => Promise<Page | void>)>();
  // built on first request and kept: the site answers like a static server after that
  const built = new Map<string, Page>();
  routes.set('/robots.txt', { body: 'User-agent: *\nAllow: /\n', contentType: 'text/plain' });
  for (const e of entries) {
    routes.set(e.path, async () => {
      if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
      let page = built.get(e.path);
      if (!page) built.set(e.path, (page = chainPage(entries, index, e.path)!));
      return page;
    });
  }
  if (opts.prebuild) for (const e of entries) built.set(e.path, chainPage(entries, index, e.path)!);
  const server = await startSite(routes);
  return { server, entries, url: (p) => server.origin + p };
}

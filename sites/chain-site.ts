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
export function chainEntries(pages: number, firstBody = 0): ChainSiteEntry[] {
  const out: ChainSiteEntry[] = [];
  for (let b = firstBody; out.length < pages; b++) {
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
  /** this site's own pages being answered now, and the most at once */
  gauge: RequestGauge;
}

/** Requests being answered now over every site that shares the gauge, and the most at once. */
export interface RequestGauge {
  inFlight: number;
  max: number;
}

export interface ChainSiteOptions {
  /** every answer waits this long (a site that is not instant) */
  latencyMs?: number;
  prebuild?: boolean;
  /** pages grow to about this many KB with site chrome (a style sheet and a menu), as real pages do */
  padKb?: number;
  gauge?: RequestGauge;
  /** the first town's number: sites given different ones hold different towns (and bytes) */
  firstBody?: number;
}

/**
 * The chrome of a government site around the article: a style sheet in the head and a long menu
 * of columns before the footer, about `kb` KB in all, half each. Real report pages are ~110 KB,
 * most of it this (the report itself is 5–10 KB).
 */
export function siteChrome(kb: number): { head: string; menu: string } {
  const half = (kb * 1024) / 2;
  const rules: string[] = [];
  for (let i = 0, n = 0; n < half; i++) {
    const r = `.col-${i} .list li a{color:#1a4d8f;margin:0 ${i % 9}px;padding:2px 4px;border-bottom:1px dotted #ccc}\n`;
    rules.push(r);
    n += r.length;
  }
  const items: string[] = [];
  for (let i = 0, n = 0; n < half; i++) {
    const li = `<li><a href="/col/c${i}/index.html">政务公开专栏${i}</a></li>`;
    items.push(li);
    n += Buffer.byteLength(li);
  }
  return { head: `<style>${rules.join('')}</style>`, menu: `<div class="menu"><ul>${items.join('')}</ul></div>` };
}

function padded(page: Page, chrome: { head: string; menu: string } | null): Page {
  if (!chrome || typeof page.body !== 'string') return page;
  return { ...page, body: page.body.replace('</head>', `${chrome.head}</head>`).replace('<div class="footer">', `${chrome.menu}<div class="footer">`) };
}

/** Serves the generated column. */
export async function startChainSite(pages: number, opts: ChainSiteOptions = {}): Promise<ChainSite> {
  const entries = chainEntries(pages, opts.firstBody);
  const index = new Map(entries.map((e, i) => [e.path, i]));
  const routes = new Map<string, Page | (() => Promise<Page | void>)>();
  // built on first request and kept: the site answers like a static server after that
  const built = new Map<string, Page>();
  const chrome = opts.padKb ? siteChrome(opts.padKb) : null;
  // kept as UTF-8 bytes: the server sends them without encoding the page on every request
  const build = (path: string): Page => {
    const page = padded(chainPage(entries, index, path)!, chrome);
    return typeof page.body === 'string' ? { ...page, body: Buffer.from(page.body, 'utf8') } : page;
  };
  const own: RequestGauge = { inFlight: 0, max: 0 };
  const gauges = opts.gauge ? [own, opts.gauge] : [own];
  routes.set('/robots.txt', { body: 'User-agent: *\nAllow: /\n', contentType: 'text/plain' });
  for (const e of entries) {
    routes.set(e.path, async () => {
      for (const g of gauges) g.max = Math.max(g.max, ++g.inFlight);
      try {
        if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
        let page = built.get(e.path);
        if (!page) built.set(e.path, (page = build(e.path)));
        return page;
      } finally {
        for (const g of gauges) g.inFlight--;
      }
    });
  }
  if (opts.prebuild) for (const e of entries) built.set(e.path, build(e.path));
  const server = await startSite(routes);
  return { server, entries, url: (p) => server.origin + p, gauge: own };
}

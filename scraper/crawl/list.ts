/**
 * Discovery from a site's 年报 column (`gongkai crawl --list URL`): a column's list page names
 * its reports as links, and its other pages by pagination — plain 下一页/尾页 links, or drawn by
 * script, as the TRS CMS does with `createPageHTML(total, current, 'index', 'htm')` (pages
 * index.htm, index_1.htm … index_{total-1}.htm beside the first), and the VSB (博达) CMS with its
 * jump form `_simple_list_gotopage_fun(total, …)` (pages xxgkndbg.htm, then xxgkndbg/{total-1}.htm
 * down to xxgkndbg/1.htm). Every report link of every page is a start for the chain walk.
 */
import { pageModel } from '../../parser/index.js';
import { looksLikeReportTitle, normaliseUrl } from './chain.js';

export interface ListLink {
  url: string;
  title: string;
}

export interface ListPage {
  /** links whose text names an annual report on information disclosure */
  reports: ListLink[];
  /** the column's other list pages this one names (next, last, or all of them for script pagination) */
  pages: string[];
}

const NEXT = /^(下一页|下页|后一页|>|›|»)$/;
const LAST = /^(尾页|末页|最后一页|>>|»»)$/;

/** TRS: createPageHTML(total, current, 'index', 'htm'), with or without quotes and spaces. */
const TRS = /createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*["']([^"']+)["']\s*,\s*["']([^"']+)["']\s*\)/;

/** TRS pages: page 0 is `prefix.ext`, page n is `prefix_n.ext`, all beside the list page. */
export function trsPages(total: number, prefix: string, ext: string, pageUrl: string): string[] {
  const out: string[] = [];
  for (let n = 0; n < Math.min(total, MAX_LIST_PAGES); n++) out.push(new URL(n === 0 ? `${prefix}.${ext}` : `${prefix}_${n}.${ext}`, pageUrl).href);
  return out;
}

export const MAX_LIST_PAGES = 500;

/**
 * VSB's jump form names the page count: `_simple_list_gotopage_fun(31,'u13_goto',2)` (in an
 * onclick, or in a `function a134388_gopage_fun(){…}` beside a table pager).
 */
const VSB_GOTO = /_simple_list_gotopage_fun\(\s*(\d+)\s*,/;
/** Some VSB templates draw the whole pager by script from a count; only trusted on a VSB page. */
const VSB_COUNT = /\bvar\s+(?:pageCount|totalPage|pagecount|totalpage)\s*=\s*["']?(\d+)/;
const VSB_MARK = /\/system\/resource\/|_showDynClick|vsb_content/;

/**
 * VSB pages: the first is `stem.htm`; page k ≥ 2 is `stem/{total-k+1}.htm`, so the numbers run
 * down (the oldest page is 1 and keeps its name as the column grows). From the first page or any
 * of the others (`…/stem/N.htm`, N < total), in reading order; none when the URL has neither shape
 * (a .jsp list has its pages in the query, which this does not guess).
 */
export function vsbPages(total: number, pageUrl: string): string[] {
  const u = new URL(pageUrl);
  const sub = /\/([^/]+)\/(\d+)\.(s?html?)$/.exec(u.pathname);
  let first: URL;
  let stem: string;
  let ext: string;
  if (sub && Number(sub[2]) < total) [first, stem, ext] = [new URL(`../${sub[1]}.${sub[3]}`, u), sub[1], sub[3]];
  else {
    const top = /\/([^/]+)\.(s?html?)$/.exec(u.pathname);
    if (!top) return [];
    [first, stem, ext] = [new URL(`${top[1]}.${top[2]}`, u), top[1], top[2]];
  }
  const out = [first.href];
  for (let n = Math.min(total, MAX_LIST_PAGES) - 1; n >= 1; n--) out.push(new URL(`${stem}/${n}.${ext}`, first).href);
  return out;
}

/** The pages a page's scripts name (TRS and VSB pagers), whether or not it also has links. */
function scriptPages(html: string, pageUrl: string): string[] {
  const out: string[] = [];
  const trs = TRS.exec(html);
  if (trs) out.push(...trsPages(Number(trs[1]), trs[3], trs[4], pageUrl));
  const vsb = VSB_GOTO.exec(html) ?? (VSB_MARK.test(html) ? VSB_COUNT.exec(html) : null);
  if (vsb) out.push(...vsbPages(Number(vsb[1]), pageUrl));
  return out;
}

/** A list page's links as the parser reads them (its document model's links), sorted into reports and pagination. */
export function readListPage(html: string, pageUrl: string): ListPage {
  const reports: ListLink[] = [];
  const pages: string[] = [];
  const seen = new Set<string>();
  for (const link of pageModel(html, { as: 'html' }).doc.links) {
    if (link.href === null) continue;
    const text = link.text.replace(/\s+/g, '');
    const title = (link.titleAttr ?? '').trim() || text;
    let url: string | null;
    try {
      url = normaliseUrl(new URL(link.href, pageUrl).href);
    } catch {
      url = null;
    }
    if (!url) continue;
    if (NEXT.test(text) || LAST.test(text)) pages.push(url);
    else if (looksLikeReportTitle(title) && !seen.has(url)) {
      seen.add(url);
      reports.push({ url, title });
    }
  }
  for (const p of scriptPages(html, pageUrl)) pages.push(normaliseUrl(p) ?? p);
  return { reports, pages: [...new Set(pages)].filter((p) => p !== normaliseUrl(pageUrl)) };
}

export interface Discovery {
  reports: ListLink[];
  /** list pages read */
  pages: string[];
  /** list pages that could not be read, with why */
  failed: { url: string; message: string }[];
}

/**
 * Reads the list page and every list page its pagination leads to (within the same site, at most
 * MAX_LIST_PAGES), through the crawl's polite fetch; the report links of all of them, once each.
 */
export async function discover(listUrl: string, fetchText: (url: string) => Promise<{ finalUrl: string; text: string }>): Promise<Discovery> {
  const start = normaliseUrl(listUrl);
  if (!start) throw new Error(`not an http(s) URL: ${listUrl}`);
  const host = new URL(start).host;
  const queue = [start];
  const done = new Set<string>();
  const out: Discovery = { reports: [], pages: [], failed: [] };
  const found = new Set<string>();
  while (queue.length && done.size < MAX_LIST_PAGES) {
    const url = queue.shift()!;
    if (done.has(url)) continue;
    done.add(url);
    let page: ListPage;
    try {
      const res = await fetchText(url);
      page = readListPage(res.text, res.finalUrl);
      out.pages.push(url);
    } catch (err) {
      out.failed.push({ url, message: (err as Error).message });
      continue;
    }
    for (const r of page.reports) if (!found.has(r.url)) (found.add(r.url), out.reports.push(r));
    for (const p of page.pages) if (!done.has(p) && new URL(p).host === host) queue.push(p);
  }
  return out;
}

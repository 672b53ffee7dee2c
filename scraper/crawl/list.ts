/**
 * Discovery from a site's 年报 column (`gongkai crawl --list URL`): a column's list page names
 * its reports as links, and its other pages by pagination — plain 下一页/尾页 links, or drawn by
 * script, as the TRS CMS does with `createPageHTML(total, current, 'index', 'htm')` (pages
 * index.htm, index_1.htm … index_{total-1}.htm beside the first). Every report link of every page
 * is a start for the chain walk.
 */
import * as cheerio from 'cheerio';
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

export function readListPage(html: string, pageUrl: string): ListPage {
  const $ = cheerio.load(html);
  const reports: ListLink[] = [];
  const pages: string[] = [];
  const seen = new Set<string>();
  $('a[href]').each((_, el) => {
    const a = $(el);
    const text = a.text().replace(/\s+/g, '');
    const title = (a.attr('title') ?? '').trim() || text;
    let url: string | null;
    try {
      url = normaliseUrl(new URL(a.attr('href')!, pageUrl).href);
    } catch {
      url = null;
    }
    if (!url) return;
    if (NEXT.test(text) || LAST.test(text)) pages.push(url);
    else if (looksLikeReportTitle(title) && !seen.has(url)) {
      seen.add(url);
      reports.push({ url, title });
    }
  });
  const trs = TRS.exec(html);
  if (trs) pages.push(...trsPages(Number(trs[1]), trs[3], trs[4], pageUrl));
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

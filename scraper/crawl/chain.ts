/**
 * The walk along a column's 上一条/下一条 links: which pages count as reports, which links a page
 * leads on to, and when a page needs the browser to show its report or its links. No direction
 * is taken as older: both links of every page are followed, and the store's one row per URL
 * ends loops and back-links.
 */
import type { Direction, NewLink, RecordFacts } from '../store/contract.js';

export type BrowserMode = 'auto' | 'never' | 'always';

/** A page the parser read as an annual report (standard tables, or a pre-2019 report). */
export function isReport(rec: RecordFacts): boolean {
  return rec.format !== 'unknown';
}

/**
 * Query parameters that say how a reader arrived, not which page: `from=list`, `spm=…`, `utm_*`.
 * Only these go; a parameter that may pick the page (`id=`, `docid=`) always stays.
 */
const TRACKING_PARAM = /^(from|spm|utm_[a-z_]+)$/i;

/**
 * The URL as the frontier knows it: no fragment (#top and #content are the same page), no
 * tracking parameters, the remaining query sorted (`?b=2&a=1` and `?a=1&b=2` are one page).
 */
export function normaliseUrl(url: string): string | null {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = '';
    if (u.search) {
      const kept = [...u.searchParams].filter(([k]) => !TRACKING_PARAM.test(k));
      // a stable order: by name, then by value, so repeated names keep a fixed order too
      kept.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
      u.search = kept.length ? new URLSearchParams(kept).toString() : '';
    }
    return u.href;
  } catch {
    return null;
  }
}

export function sameHost(a: string, b: string): boolean {
  try {
    return new URL(a).host === new URL(b).host;
  } catch {
    return false;
  }
}

/** Whether the HTML has scripts of its own (inline or loaded) that a browser would run. */
export function hasScripts(html: string): boolean {
  return /<script\b/i.test(html);
}

/** A title that names an annual report on information disclosure. */
export function looksLikeReportTitle(title: string | null): boolean {
  return title !== null && /(信息公开|政务公开)/.test(title) && /报告/.test(title);
}

/**
 * With `--browser auto`: why the static page is not the whole story, or null. A page without
 * scripts cannot change in a browser. One with scripts is rendered when it has no navigation
 * links (sites draw 上一篇/下一篇 with script), or when its title names a report but the static
 * HTML holds no report body. A news item with its links in place is not rendered: a browser
 * would show the same page, at many times the cost.
 */
export function needsBrowser(rec: RecordFacts, html: string | (() => string)): string | null {
  // the reading first: the page's text is only looked at (and, in a crawl, decoded) when it may matter
  const why =
    rec.nav === null || (rec.nav.prev?.url == null && rec.nav.next?.url == null) ? 'no navigation links in the static HTML'
    : rec.format === 'unknown' && looksLikeReportTitle(rec.title) ? 'a report title but no report body in the static HTML'
    : null;
  return why && hasScripts(typeof html === 'string' ? html : html()) ? why : null;
}

/** The static and the rendered reading of a page: the one that shows more. */
export function better<R extends RecordFacts>(staticRec: R, rendered: R): R {
  const score = (r: RecordFacts) => (isReport(r) ? 4 : 0) + (r.nav?.prev?.url ? 1 : 0) + (r.nav?.next?.url ? 1 : 0);
  return score(rendered) > score(staticRec) ? rendered : staticRec;
}

export interface WalkPosition {
  startUrl: string;
  gap: number;
  depth: number;
}

export interface ChainOptions {
  /** how many non-report pages in a row the walk passes through before it stops */
  maxGap: number;
}

/**
 * The links a parsed page leads on to. A report resets the gap count; a run of more than
 * `maxGap` non-report pages ends the chain (the column has moved past the reports).
 * A link to another host is returned as skipped, so the store records where the chain left.
 */
export function nextLinks(pageUrl: string, rec: RecordFacts, at: WalkPosition, opts: ChainOptions): NewLink[] {
  if (!rec.nav) return [];
  const gap = isReport(rec) ? 0 : at.gap + 1;
  if (gap > opts.maxGap) return [];
  const out: NewLink[] = [];
  for (const dir of ['prev', 'next'] as Direction[]) {
    const link = rec.nav[dir as 'prev' | 'next'];
    if (!link?.url) continue;
    const url = normaliseUrl(link.url);
    if (!url || url === normaliseUrl(pageUrl)) continue;
    const base: NewLink = { url, startUrl: at.startUrl, direction: dir, gap, depth: at.depth + 1, foundFrom: pageUrl, linkTitle: link.title };
    if (!sameHost(url, pageUrl)) base.skip = { kind: 'offsite', message: `link to another host (${new URL(url).host}): the walk stays on ${new URL(pageUrl).host}` };
    out.push(base);
  }
  return out;
}

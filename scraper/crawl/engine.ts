/**
 * The crawl engine: from start pages, walk a column's 上一条/下一条 chain both ways into the
 * store. Every step is one transaction (fetched → stored; parsed → record + neighbours queued),
 * so a run that stops anywhere is resumed by running it again. Politeness (robots.txt, one
 * request at a time per host, delays, retries) is the fetcher's; pages of different hosts are
 * walked side by side. While a page's tables are read, the neighbour its links name is already
 * being asked for (when the walk will surely go there), so parsing overlaps the next request.
 */
import { pageModel, parsePage, parseReport, type Page } from '../../parser/index.js';
import type { DocModel } from '../../parser/doc/model.js';
import { findNav } from '../../parser/meta/meta.js';
import type { ReportRecord } from '../../parser/record/schema.js';
import { better, isReport, needsBrowser, nextLinks, normaliseUrl, type BrowserMode } from './chain.js';
import { decodeBytes } from '../fetch/decode.js';
import { updateSeries } from '../store/series.js';
import type { FrontierRow, ResponseRow, Store } from '../store/store.js';
import { FetchError, type Fetcher, type FetchResult } from '../fetch/contract.js';

export interface CrawlOptions {
  store: Store;
  fetcher: Fetcher;
  browser?: BrowserMode;
  /** stop once the store holds this many requested pages */
  maxPages?: number;
  /** non-report pages in a row the walk passes through (default 5) */
  maxGap?: number;
  /** how many runs may try a page that failed in a retryable way (default 3) */
  maxAttempts?: number;
  /** hosts walked at the same time (each host still sees one request at a time) */
  hostConcurrency?: number;
  /**
   * pages of one host in hand at once (default 2): one is parsed while the fetcher asks for the
   * other, so parsing overlaps the per-host delay. Requests to a host stay one at a time.
   */
  pagesPerHost?: number;
  onProgress?: (p: CrawlProgress) => void;
  onNote?: (msg: string) => void;
  signal?: AbortSignal;
}

export interface CrawlProgress {
  fetched: number;
  reports: number;
  errors: number;
  host: string | null;
  url: string | null;
}

export interface CrawlError {
  url: string;
  kind: string;
  status: number | null;
  message: string;
}

export interface CrawlSummary {
  /** pages requested in this run */
  fetchedThisRun: number;
  states: Record<string, number>;
  reports: { entity: string | null; year: number | null; url: string; format: string }[];
  errors: CrawlError[];
  /** pages that needed a browser that could not be used */
  neededBrowser: CrawlError[];
  stoppedBy: 'done' | 'max-pages' | 'aborted';
}

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
};

/** Text of a stored response, decoded as the fetcher decoded it. */
export function responseText(store: Store, resp: ResponseRow): string {
  const bytes = store.body(resp.sha256);
  if (resp.encoding) {
    try {
      return new TextDecoder(resp.encoding).decode(bytes);
    } catch {
      // an encoding this runtime lacks: decode from the headers instead
    }
  }
  const headers = JSON.parse(resp.headers) as Record<string, string>;
  return decodeBytes(bytes, headers['content-type']).text;
}

/** Parses a stored response; `text` is its decoded text when the caller has it at hand (just fetched). */
export function parseResponse(store: Store, resp: ResponseRow, text?: string, onModel?: (doc: DocModel) => void): { rec: ReportRecord; html: string } {
  const html = text ?? responseText(store, resp);
  const opts = { url: resp.final_url, sha256: resp.sha256, fetchedAt: resp.fetched_at };
  if (!onModel) return { rec: parseReport(html, opts), html };
  // parseReport in its two halves, so the walk can look at the page's links before the tables are read
  let page: Page;
  try {
    page = pageModel(html, opts);
  } catch {
    return { rec: parseReport(html, opts), html };
  }
  onModel(page.doc);
  return { rec: parsePage(page, opts), html };
}

export async function crawl(startUrls: string[], opts: CrawlOptions): Promise<CrawlSummary> {
  const { store, fetcher } = opts;
  const mode = opts.browser ?? 'auto';
  const maxGap = opts.maxGap ?? 5;
  const maxAttempts = opts.maxAttempts ?? 3;
  const maxPages = opts.maxPages ?? Infinity;
  const hostConcurrency = Math.max(1, opts.hostConcurrency ?? 4);
  const pagesPerHost = Math.max(1, opts.pagesPerHost ?? 2);
  const progress: CrawlProgress = { fetched: 0, reports: 0, errors: 0, host: null, url: null };
  const tried = new Set<string>();
  const busyHosts = new Map<string, number>();
  /** pages being requested right now: with the store's count, what --max-pages limits */
  let requesting = 0;
  const inflight = new Map<string, Promise<void>>();
  /**
   * Neighbours asked for while the page that links them is still being read: the same requests
   * the walk makes next, through the same polite fetcher, only started earlier so the server's
   * answer overlaps our parsing. Kept in memory only; a kill just loses them.
   */
  const prefetched = new Map<string, Promise<FetchResult>>();
  const prefetch = (row: FrontierRow, pageUrl: string, doc: DocModel) => {
    // only where the walk will surely follow the links (the gap cannot end it) and counts nothing
    if (mode === 'always' || maxPages !== Infinity || row.gap + 1 > maxGap || opts.signal?.aborted) return;
    const nav = findNav(doc, pageUrl);
    for (const l of [nav?.prev, nav?.next]) {
      const url = l?.url ? normaliseUrl(l.url) : null;
      if (!url || url === normaliseUrl(pageUrl) || hostOf(url) !== hostOf(pageUrl) || prefetched.has(url) || store.known(url)) continue;
      const p = fetcher.fetch(url);
      p.catch(() => {}); // its error is met when the walk reaches the URL
      prefetched.set(url, p);
    }
  };
  let fetchedThisRun = 0;
  let stoppedBy: CrawlSummary['stoppedBy'] = 'done';

  for (const raw of startUrls) {
    const url = normaliseUrl(raw);
    if (!url) throw new FetchError('other', `not an http(s) URL: ${raw}`, raw, false);
    store.enqueue({ url, startUrl: url, direction: 'start', gap: 0, depth: 0, foundFrom: null, linkTitle: null });
  }
  progress.reports = store.countReports();
  const emit = () => opts.onProgress?.({ ...progress });

  /** Parses a stored page (rendering it first when it needs the browser) and queues its neighbours. */
  const parseStep = async (row: FrontierRow, justFetched?: { id: number; text: string }) => {
    const stat = store.response(row.url, 'static');
    let rendered = store.response(row.url, 'browser');
    const primary = mode === 'always' ? rendered ?? stat : stat ?? rendered;
    if (!primary) throw new Error(`no stored response for ${row.url}`);
    let { rec, html } = parseResponse(store, primary, justFetched?.id === primary.id ? justFetched.text : undefined, (doc) =>
      prefetch(row, primary.final_url, doc),
    );
    let used = primary;
    let note: { kind: string; message: string } | null = null;
    if (mode === 'auto' && primary.via === 'static') {
      const why = needsBrowser(rec, html);
      if (why) {
        if (!rendered) {
          try {
            const res = await fetcher.render(row.url);
            rendered = store.saveResponse(row.url, res, false);
          } catch (err) {
            note = { kind: 'browser', message: `needed a browser (${why}) but rendering failed: ${(err as Error).message}` };
            opts.onNote?.(`${row.url}: ${note.message}`);
          }
        }
        if (rendered) {
          const r2 = parseResponse(store, rendered).rec;
          if (better(rec, r2) === r2) {
            rec = r2;
            used = rendered;
          }
        }
      }
    }
    let links = nextLinks(used.final_url, rec, { startUrl: row.start_url, gap: row.gap, depth: row.depth }, { maxGap });
    // a start page may redirect to its canonical host; a neighbour that redirects elsewhere
    // has left the site, and the walk does not follow it there
    if (row.direction !== 'start' && hostOf(used.final_url) !== hostOf(row.url)) {
      links = [];
      note ??= { kind: 'offsite', message: `redirected to another host (${hostOf(used.final_url)}): its links are not followed` };
    }
    store.transaction(() => {
      store.saveParsed(row.url, used.id, rec, isReport(rec), links);
      if (note) store.noteError(row.url, note.kind, note.message);
    });
    // the live count, kept without a query per page (a re-parsed report may count twice; the summary recounts)
    if (isReport(rec)) progress.reports++;
  };

  /** Fetches a queued page; robots.txt is the fetcher's to apply (a refusal comes back as a 'robots' error). */
  const fetchStep = async (row: FrontierRow): Promise<{ id: number; text: string } | null> => {
    requesting++;
    try {
      const early = prefetched.get(row.url);
      prefetched.delete(row.url);
      const res = mode === 'always' ? await fetcher.render(row.url) : await (early ?? fetcher.fetch(row.url));
      const saved = store.saveResponse(row.url, res, true);
      fetchedThisRun++;
      progress.fetched++;
      return { id: saved.id, text: res.text };
    } catch (err) {
      store.markFailed(row.url, err as Error);
      const fe = err as FetchError;
      if (fe.kind !== 'robots' || fe.retryable) {
        progress.errors++;
        opts.onNote?.(`${row.url}: ${fe.kind ?? 'error'}${fe.status ? ` ${fe.status}` : ''}: ${fe.message}`);
      }
      return null;
    } finally {
      requesting--;
    }
  };

  const step = async (row: FrontierRow) => {
    try {
      let fetched: { id: number; text: string } | undefined;
      if (row.state !== 'fetched') {
        const r = await fetchStep(row);
        if (!r) return;
        fetched = r;
      }
      await parseStep(store.frontier(row.url)!, fetched);
    } catch (err) {
      // a failure of our own (store, parser bug): recorded on the row, the walk goes on
      store.markFailed(row.url, err instanceof FetchError ? err : new FetchError('other', (err as Error).message, row.url, false));
      progress.errors++;
      opts.onNote?.(`${row.url}: ${(err as Error).message}`);
    }
  };

  for (;;) {
    if (opts.signal?.aborted) {
      stoppedBy = 'aborted';
      break;
    }
    const pending = store.pending(maxAttempts).filter((r) => !tried.has(r.url));
    let launched = 0;
    let blockedByLimit = false;
    for (const row of pending) {
      if (busyHosts.size >= hostConcurrency && !busyHosts.has(hostOf(row.url))) continue;
      const host = hostOf(row.url);
      if ((busyHosts.get(host) ?? 0) >= pagesPerHost) continue;
      if (row.state !== 'fetched' && maxPages !== Infinity && store.countRequested() + requesting >= maxPages) {
        blockedByLimit = true;
        continue;
      }
      tried.add(row.url);
      busyHosts.set(host, (busyHosts.get(host) ?? 0) + 1);
      progress.host = host;
      progress.url = row.url;
      emit();
      const p = step(row).finally(() => {
        const n = (busyHosts.get(host) ?? 1) - 1;
        if (n > 0) busyHosts.set(host, n);
        else busyHosts.delete(host);
        inflight.delete(row.url);
        emit();
      });
      inflight.set(row.url, p);
      launched++;
    }
    if (inflight.size === 0) {
      if (blockedByLimit) stoppedBy = 'max-pages';
      if (launched === 0) break;
    }
    if (inflight.size > 0) await Promise.race(inflight.values());
  }
  await Promise.allSettled(inflight.values());
  updateSeries(store);
  return summarise(store, fetchedThisRun, stoppedBy);
}

export function summarise(store: Store, fetchedThisRun: number, stoppedBy: CrawlSummary['stoppedBy']): CrawlSummary {
  const rows = store.allFrontier();
  const states: Record<string, number> = {};
  for (const r of rows) states[r.state] = (states[r.state] ?? 0) + 1;
  const errors = rows
    .filter((r) => r.state === 'failed' || r.state === 'robots-blocked' || r.state === 'skipped' || (r.state === 'parsed' && r.error_kind === 'offsite'))
    .map((r) => ({ url: r.url, kind: r.error_kind ?? 'other', status: r.error_status, message: r.error_message ?? '' }));
  const neededBrowser = rows
    .filter((r) => r.state === 'parsed' && r.error_kind === 'browser')
    .map((r) => ({ url: r.url, kind: 'browser', status: null, message: r.error_message ?? '' }));
  const reports = store.recordRows().filter((r) => r.is_report === 1).map((r) => ({ entity: r.entity, year: r.year, url: r.url, format: r.format }));
  reports.sort((a, b) => (a.entity ?? '').localeCompare(b.entity ?? '') || (a.year ?? 0) - (b.year ?? 0));
  return { fetchedThisRun, states, reports, errors, neededBrowser, stoppedBy };
}

export interface ReparseSummary {
  pages: number;
  reports: number;
  changed: number;
  series: number;
  parserVersion: string;
}

/**
 * Re-reads every stored page with the current parser, offline: records are replaced, links the
 * new parser finds are queued for the next crawl, and the series checks are run again.
 */
export function reparseStore(store: Store, maxGap = 5): ReparseSummary {
  const rows = store.recordRows();
  let reports = 0;
  let changed = 0;
  let version = '';
  for (const row of rows) {
    const resp = store.db.prepare('SELECT * FROM responses WHERE id = ?').get(row.response_id) as ResponseRow | undefined;
    if (!resp) continue;
    const { rec } = parseResponse(store, resp);
    version = rec.parserVersion;
    const old = store.db.prepare('SELECT json FROM records WHERE url = ?').get(row.url) as { json: string };
    const strip = (r: ReportRecord) => JSON.stringify({ ...r, parserVersion: undefined });
    if (strip(JSON.parse(old.json)) !== strip(rec)) changed++;
    const report = isReport(rec);
    if (report) reports++;
    const f = store.db.prepare('SELECT * FROM frontier WHERE url = ? OR final_url = ? ORDER BY id LIMIT 1').get(resp.url, row.url) as FrontierRow | undefined;
    const links = f ? nextLinks(resp.final_url, rec, { startUrl: f.start_url, gap: f.gap, depth: f.depth }, { maxGap }) : [];
    store.transaction(() => {
      store.putRecord(resp.id, rec, report);
      for (const l of links) store.enqueue(l);
      if (f) store.db.prepare('UPDATE frontier SET is_report = ? WHERE id = ?').run(report ? 1 : 0, f.id);
    });
  }
  const series = updateSeries(store).length;
  return { pages: rows.length, reports, changed, series, parserVersion: version };
}

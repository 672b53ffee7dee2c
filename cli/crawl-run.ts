/**
 * One crawl run as the commands start it (`gongkai crawl`, `gongkai demo`): the store and the
 * fetcher opened, progress on the terminal, Ctrl-C stopping after the pages in flight, and the
 * summary printed at the end.
 */
import { crawl, type CrawlSummary } from '../scraper/crawl/engine.js';
import type { BrowserMode } from '../scraper/crawl/chain.js';
import { createFetcher } from '../scraper/fetch/fetcher.js';
import type { FetchOptions } from '../scraper/fetch/contract.js';
import { Progress, type ProgressOptions } from './progress.js';
import type { Inputs } from '../scraper/crawl/inputs.js';
import { discover } from '../scraper/crawl/list.js';
import type { PoliteFetcher } from '../scraper/fetch/fetcher.js';
import { isShared, type Store } from '../scraper/store/contract.js';
import { openStore } from './store-file.js';

export interface CrawlRun {
  db: string;
  delayMs: number;
  maxPages?: number;
  maxGap?: number;
  /** sites walked at the same time */
  origins?: number;
  /** worker threads reading pages (default: the engine's) */
  parseThreads?: number;
  browser: BrowserMode;
  quiet: boolean;
  /** a stream for progress and the summary (default stderr) */
  progressStream?: ProgressOptions['stream'];
  /** extra fetcher settings (tests: backoff) */
  fetcher?: FetchOptions;
  /** on a shared store, how long a claim lasts unrenewed */
  leaseMs?: number;
  /** the checked inputs: malformed ones are recorded, CSV columns kept for the exports */
  inputs?: Inputs;
  /** a column's list page: every report it and its pagination link to is a start */
  list?: string;
  /** ask again (conditionally) for the newest report of each body and the ends of each walk */
  refresh?: boolean;
}

/** The reports a column's list pages link to, read through the crawl's polite fetcher. */
async function fromList(list: string, fetcher: PoliteFetcher, progress: Progress): Promise<string[]> {
  await fetcher.allowStart(list);
  const found = await discover(list, (u) => fetcher.fetch(u));
  for (const f of found.failed) progress.note(`  ! list page ${f.url}: ${f.message}`);
  progress.note(`gongkai crawl: ${found.reports.length} report links on ${found.pages.length} list page${found.pages.length === 1 ? '' : 's'} of ${list}`);
  return found.reports.map((r) => r.url);
}

/** Malformed inputs as failed frontier rows (with their reason), and the CSV's columns of the good ones. */
async function recordInputs(store: Store, inputs: Inputs, progress: Progress): Promise<void> {
  for (const b of inputs.bad) {
    progress.note(`  ! skipped input ${JSON.stringify(b.text)}: ${b.reason}`);
    await store.enqueue({ url: b.text, startUrl: b.text, direction: 'start', gap: 0, depth: 0, foundFrom: null, linkTitle: null, skip: { kind: 'bad_input', message: b.reason } });
  }
  const withColumns = inputs.inputs.filter((i) => Object.keys(i.columns).length > 0);
  if (withColumns.length) await store.saveInputs(withColumns);
}

/** Opens the store and the fetcher, crawls, prints the summary; Ctrl-C stops after the pages in flight. */
export async function crawlToStore(urls: string[], o: CrawlRun): Promise<{ summary: CrawlSummary }> {
  const store = await openStore(o.db);
  const fetcher = createFetcher({ ...o.fetcher, delayMs: o.delayMs });
  // a shared store's robots.txt from the first request on: --list pages are read before the crawl starts
  if (isShared(store)) fetcher.shareRobots(store);
  const progress = new Progress({ quiet: o.quiet, stream: o.progressStream });
  const ctrl = new AbortController();
  const onSignal = () => {
    if (ctrl.signal.aborted) process.exit(130);
    ctrl.abort();
    progress.note('gongkai crawl: stopping after the pages in flight (again to quit now; the store is safe either way)');
  };
  process.on('SIGINT', onSignal);
  try {
    if (o.inputs) await recordInputs(store, o.inputs, progress);
    if (o.list) urls = [...urls, ...(await fromList(o.list, fetcher, progress))];
    const summary = await crawl(urls, {
      store,
      fetcher,
      browser: o.browser,
      maxPages: o.maxPages,
      maxGap: o.maxGap,
      delayMs: o.delayMs,
      leaseMs: o.leaseMs,
      origins: o.origins,
      parseThreads: o.parseThreads,
      refresh: o.refresh,
      signal: ctrl.signal,
      onProgress: (p) => progress.update(p),
      onNote: (m) => progress.note(`  ! ${m}`),
    });
    progress.finish(formatSummary(summary, o.db));
    return { summary };
  } finally {
    process.off('SIGINT', onSignal);
    await fetcher.close().catch(() => {});
    await store.close();
  }
}

export function formatSummary(s: CrawlSummary, db: string): string {
  const lines: string[] = [];
  const st = (k: string) => s.states[k] ?? 0;
  lines.push(
    `gongkai crawl: ${s.reports.length} reports in ${db} · ${st('parsed')} pages parsed, ${st('failed')} failed, ${st('robots-blocked')} blocked by robots.txt, ${st('skipped')} links off the site, ${st('queued')} still queued${s.unchanged ? `, ${s.unchanged} unchanged since the last crawl (304)` : ''}` +
      (s.stoppedBy === 'max-pages' ? ' (stopped at --max-pages)' : s.stoppedBy === 'aborted' ? ' (interrupted: run again to resume)' : ''),
  );
  const byEntity = new Map<string, number[]>();
  for (const r of s.reports) byEntity.set(r.entity ?? '?', [...(byEntity.get(r.entity ?? '?') ?? []), r.year ?? NaN]);
  for (const [e, years] of byEntity) lines.push(`  ${e}: ${years.map((y) => (Number.isNaN(y) ? '?' : y)).join(', ')}`);
  for (const e of s.errors) lines.push(`  ${e.kind === 'offsite' ? '-' : '!'} ${e.url}: ${e.kind}${e.status ? ` ${e.status}` : ''}${e.message ? ` — ${e.message}` : ''}`);
  for (const e of s.neededBrowser) lines.push(`  ~ ${e.url}: ${e.message}`);
  return lines.join('\n');
}

/**
 * gongkai crawl URL... [--db FILE] [--delay MS] [--max-pages N] [--max-gap N] [--timeout MS] [--retries N] [--browser auto|never|always] [--quiet]
 * Walks each start page's 上一条/下一条 chain both ways into the store; run it again to resume.
 */
import { crawl, type CrawlSummary } from '../../scraper/crawl/engine.js';
import type { BrowserMode } from '../../scraper/crawl/chain.js';
import { createFetcher } from '../../scraper/fetch/fetcher.js';
import type { FetchOptions } from '../../scraper/fetch/contract.js';
import { Progress, type ProgressOptions } from '../progress.js';
import { intFlag, parseArgs, UsageError } from '../args.js';
import { dbSpec, openStore } from './export.js';

export const BROWSER_MODES: BrowserMode[] = ['auto', 'never', 'always'];

export async function run(args: string[]): Promise<number> {
  const { flags, positional } = parseArgs(args, { db: 'string', delay: 'string', 'max-pages': 'string', 'max-gap': 'string', browser: 'string', quiet: 'boolean', timeout: 'string', retries: 'string' });
  if (positional.length === 0) throw new UsageError('give at least one start URL');
  for (const u of positional) {
    if (!/^https?:\/\/[^/]+/i.test(u)) throw new UsageError(`not an http(s) URL: ${u}`);
  }
  const browser = ((flags.browser as string | undefined) ?? 'auto') as BrowserMode;
  if (!BROWSER_MODES.includes(browser)) throw new UsageError(`--browser must be one of ${BROWSER_MODES.join(', ')}`);
  const db = dbSpec(flags);
  const delayMs = intFlag(flags, 'delay', 1000, 0);
  const maxPages = flags['max-pages'] === undefined ? undefined : intFlag(flags, 'max-pages', 0, 1);
  const maxGap = intFlag(flags, 'max-gap', 5, 0);
  // how long a page may keep us waiting (headers, or a pause mid-body), and retries of a page that failed in a retryable way
  const fetcher: FetchOptions = {};
  if (flags.timeout !== undefined) fetcher.timeoutMs = intFlag(flags, 'timeout', 30_000, 100);
  if (flags.retries !== undefined) fetcher.retries = intFlag(flags, 'retries', 3, 0);
  const quiet = Boolean(flags.quiet);

  const { summary } = await crawlToStore(positional, { db, delayMs, maxPages, maxGap, browser, quiet, fetcher });
  if (summary.stoppedBy === 'aborted') return 1;
  // nothing could be read at all (every start page failed): say so in the exit code
  return (summary.states.parsed ?? 0) === 0 && summary.errors.length > 0 ? 1 : 0;
}

export interface CrawlRun {
  db: string;
  delayMs: number;
  maxPages?: number;
  maxGap?: number;
  browser: BrowserMode;
  quiet: boolean;
  /** a stream for progress and the summary (default stderr) */
  progressStream?: ProgressOptions['stream'];
  /** extra fetcher settings (tests: backoff) */
  fetcher?: FetchOptions;
}

/** Opens the store and the fetcher, crawls, prints the summary; Ctrl-C stops after the pages in flight. */
export async function crawlToStore(urls: string[], o: CrawlRun): Promise<{ summary: CrawlSummary }> {
  const store = await openStore(o.db);
  const fetcher = createFetcher({ ...o.fetcher, delayMs: o.delayMs });
  const progress = new Progress({ quiet: o.quiet, stream: o.progressStream });
  const ctrl = new AbortController();
  const onSignal = () => {
    if (ctrl.signal.aborted) process.exit(130);
    ctrl.abort();
    progress.note('gongkai crawl: stopping after the pages in flight (again to quit now; the store is safe either way)');
  };
  process.on('SIGINT', onSignal);
  try {
    const summary = await crawl(urls, {
      store,
      fetcher,
      browser: o.browser,
      maxPages: o.maxPages,
      maxGap: o.maxGap,
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
    `gongkai crawl: ${s.reports.length} reports in ${db} · ${st('parsed')} pages parsed, ${st('failed')} failed, ${st('robots-blocked')} blocked by robots.txt, ${st('skipped')} links off the site, ${st('queued')} still queued` +
      (s.stoppedBy === 'max-pages' ? ' (stopped at --max-pages)' : s.stoppedBy === 'aborted' ? ' (interrupted: run again to resume)' : ''),
  );
  const byEntity = new Map<string, number[]>();
  for (const r of s.reports) byEntity.set(r.entity ?? '?', [...(byEntity.get(r.entity ?? '?') ?? []), r.year ?? NaN]);
  for (const [e, years] of byEntity) lines.push(`  ${e}: ${years.map((y) => (Number.isNaN(y) ? '?' : y)).join(', ')}`);
  for (const e of s.errors) lines.push(`  ${e.kind === 'offsite' ? '-' : '!'} ${e.url}: ${e.kind}${e.status ? ` ${e.status}` : ''}${e.message ? ` — ${e.message}` : ''}`);
  for (const e of s.neededBrowser) lines.push(`  ~ ${e.url}: ${e.message}`);
  return lines.join('\n');
}

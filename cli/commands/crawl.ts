/**
 * gongkai crawl URL... [--from FILE] [--list URL] [--refresh] [--db FILE|URL] [--delay MS] [--origins N] [--max-in-flight N] [--parse-threads N] [--max-pages N] [--max-gap N] [--timeout MS] [--retries N] [--browser auto|never|always] [--lease MS] [--quiet]
 * Walks each start page's 上一条/下一条 chain both ways into the store; run it again to resume.
 */
import { FETCH_DEFAULTS, type FetchOptions } from '../../scraper/fetch/contract.js';
import { DEFAULT_ORIGINS } from '../../scraper/crawl/engine.js';
import { browserFlag, intFlag, parseArgs } from '../args.js';
import { crawlToStore } from '../crawl-run.js';
import { gatherInputs } from '../inputs.js';
import { dbSpec } from '../store-file.js';

export async function run(args: string[]): Promise<number> {
  const { flags, positional } = parseArgs(args, { db: 'string', delay: 'string', 'max-pages': 'string', 'max-gap': 'string', browser: 'string', quiet: 'boolean', timeout: 'string', retries: 'string', lease: 'string', origins: 'string', 'max-in-flight': 'string', 'parse-threads': 'string', from: 'string', list: 'string', refresh: 'boolean' });
  // every input checked before the store is opened: none usable is exit 2 and no store
  const list = flags.list as string | undefined;
  const refresh = Boolean(flags.refresh);
  const inputs = gatherInputs(positional, flags.from as string | undefined, list, refresh);
  const browser = browserFlag(flags);
  const db = dbSpec(flags);
  const delayMs = intFlag(flags, 'delay', 1000, 0);
  const maxPages = flags['max-pages'] === undefined ? undefined : intFlag(flags, 'max-pages', 0, 1);
  const maxGap = intFlag(flags, 'max-gap', 5, 0);
  // how long a page may keep us waiting (headers, or a pause mid-body), and retries of a page that failed in a retryable way
  const fetcher: FetchOptions = {};
  if (flags.timeout !== undefined) fetcher.timeoutMs = intFlag(flags, 'timeout', 30_000, 100);
  if (flags.retries !== undefined) fetcher.retries = intFlag(flags, 'retries', 3, 0);
  // sites walked side by side, and requests in flight over all of them
  const origins = intFlag(flags, 'origins', DEFAULT_ORIGINS, 1);
  fetcher.maxInFlight = intFlag(flags, 'max-in-flight', Math.max(origins, FETCH_DEFAULTS.maxInFlight), 1);
  // pages read in worker threads meanwhile (undefined: the engine's default, as many as the cores)
  const parseThreads = flags['parse-threads'] === undefined ? undefined : intFlag(flags, 'parse-threads', 1, 0);
  const quiet = Boolean(flags.quiet);
  const leaseMs = flags.lease === undefined ? undefined : intFlag(flags, 'lease', 30_000, 1000);

  const { summary } = await crawlToStore(inputs.inputs.map((i) => i.url), { db, delayMs, maxPages, maxGap, browser, quiet, fetcher, leaseMs, origins, parseThreads, inputs, list, refresh });
  if (summary.stoppedBy === 'aborted') return 1;
  // a crawl is for reports: none in the store is a failure, said in words and in the exit code
  if (summary.reports.length === 0) {
    const parsed = summary.states.parsed ?? 0;
    process.stderr.write(`gongkai crawl: no report found (${parsed} page${parsed === 1 ? '' : 's'} read${summary.errors.length ? `, ${summary.errors.length} failed or skipped` : ''}); check the start URLs\n`);
    return 1;
  }
  return 0;
}

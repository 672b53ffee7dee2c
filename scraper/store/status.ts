/**
 * `gongkai status` figures from a store's counts: the SQL differs between SQLite and Postgres,
 * the reading of it does not.
 */
import type { StoreStatus, WorkerRow } from './contract.js';

export interface StatusCounts {
  workers: WorkerRow[];
  /** frontier rows by state, with retryable failures apart (`failed-retry`) */
  states: Record<string, number>;
  claimed: number;
  originsWithWork: number;
  originsBusy: number;
  reports: number;
  fetchedInWindow: number;
  failures: { kind: string | null; n: number }[];
}

export function statusFrom(c: StatusCounts, now: number, windowS: number): StoreStatus {
  const st = (k: string) => c.states[k] ?? 0;
  return {
    workers: c.workers.map((w) => ({ ...w, alive: w.state === 'running' && now - Date.parse(w.seen_at) <= w.lease_ms })),
    queue: { queued: st('queued'), fetched: st('fetched'), retry: st('failed-retry'), claimed: c.claimed },
    origins: { withWork: c.originsWithWork, busy: c.originsBusy },
    done: { parsed: st('parsed'), failed: st('failed') + st('failed-retry'), robotsBlocked: st('robots-blocked'), skipped: st('skipped'), reports: c.reports },
    pagesPerSecond: c.fetchedInWindow / windowS,
    windowS,
    failures: Object.fromEntries(c.failures.map((f) => [f.kind ?? 'other', f.n])),
  };
}

/** Speed over the last minute; failures tried up to 3 times (the crawl's default). */
export const STATUS_DEFAULTS = { windowS: 60, maxAttempts: 3 };

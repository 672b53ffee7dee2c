/**
 * A crawl process as the store sees it: registered when it starts, heard from every few seconds
 * (with its counts, and — on a shared store — renewing its claims and origin leases so they do not
 * lapse while it lives), and marked done or stopped at the end. A worker killed outright stops
 * renewing: its claims lapse after the lease, and the others take its rows.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { isShared, type Store, type WorkerRow } from '../store/contract.js';
import type { SeriesTurn } from '../store/postgres.js';
import { updateSeries } from '../store/series.js';

/** A store several workers share that has the last of them compute the series rows (postgres.ts). */
interface SeriesTurns {
  clock(): Promise<string>;
  seriesOnce(worker: string, ended: string, compute: () => Promise<void>, o: { waitMs: number; pollMs: number }): Promise<SeriesTurn>;
}
const takesTurns = (s: Store): s is Store & SeriesTurns => typeof (s as Partial<SeriesTurns>).seriesOnce === 'function';

/** How often a worker that ended with no work left looks whether the others have ended too. */
const SERIES_POLL_MS = 200;

/** How long a claim lasts unrenewed by default: long enough for a slow page, short enough that a dead worker's rows soon move on. */
export const DEFAULT_LEASE_MS = 30_000;

export class WorkerPresence {
  readonly id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly startedAt = new Date().toISOString();
  private timer: NodeJS.Timeout | null = null;
  pages = 0;
  failures = 0;

  constructor(
    private readonly store: Store,
    readonly leaseMs: number,
    private readonly onError: (msg: string) => void,
    /** the origins whose leases this worker still has requests under (a shared store) */
    private readonly heldOrigins: () => string[] = () => [],
  ) {}

  private row(state: WorkerRow['state']): Omit<WorkerRow, 'seen_at'> {
    return { id: this.id, host: hostname(), pid: process.pid, started_at: this.startedAt, state, pages: this.pages, failures: this.failures, lease_ms: this.leaseMs };
  }

  async start(): Promise<void> {
    await this.store.workerSeen(this.row('running'));
    // renewed three times per lease, and at least every 5 s so `status` sees the worker alive
    const every = Math.max(50, Math.min(5000, Math.floor(this.leaseMs / 3)));
    this.timer = setInterval(() => void (this.beating ??= this.beat().finally(() => (this.beating = null))), every);
    this.timer.unref();
  }

  /** the heartbeat on its way: end() waits for it, so a late beat cannot say "running" after "done" */
  private beating: Promise<void> | null = null;

  private async beat(): Promise<void> {
    try {
      if (isShared(this.store)) await this.store.renewClaims(this.id, this.leaseMs, this.heldOrigins());
      await this.store.workerSeen(this.row('running'));
    } catch (err) {
      // the store is unreachable for a moment: the next beat tries again; a claim that lapses meanwhile is taken by another worker
      this.onError(`the store did not take this worker's heartbeat: ${(err as Error).message}`);
    }
  }

  /**
   * The series rows, once this worker has ended (end() first: the others must see it ended). On
   * a store of its own they are computed; on a shared one by the last worker to end. A worker
   * that ended with no work left waits up to a lease for the others (they end soon, or were
   * killed and stop looking alive); one stopped early (Ctrl-C, --max-pages) leaves them to the
   * others still crawling.
   */
  async seriesAtEnd(noWorkLeft: boolean): Promise<SeriesTurn> {
    const compute = async () => void (await updateSeries(this.store));
    if (!takesTurns(this.store)) {
      await compute();
      return 'computed';
    }
    const ended = this.endedAt ?? (await this.store.clock());
    return this.store.seriesOnce(this.id, ended, compute, { waitMs: noWorkLeft ? this.leaseMs : 0, pollMs: SERIES_POLL_MS });
  }

  /** when this worker ended, by the shared store's clock: read before it says so, so a worker that sees it ended computes after this */
  private endedAt: string | null = null;

  async end(state: 'done' | 'stopped'): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.beating;
    if (takesTurns(this.store)) this.endedAt = await this.store.clock().catch(() => null);
    await this.store.workerSeen(this.row(state)).catch(() => {});
  }
}

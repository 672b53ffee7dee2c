/**
 * A crawl process as the store sees it: registered when it starts, heard from every few seconds
 * (with its counts, and — on a shared store — renewing its claims and origin leases so they do not
 * lapse while it lives), and marked done or stopped at the end. A worker killed outright stops
 * renewing: its claims lapse after the lease, and the others take its rows.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { isShared, type Store, type WorkerRow } from '../store/contract.js';

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
    this.timer = setInterval(() => void this.beat(), every);
    this.timer.unref();
  }

  private async beat(): Promise<void> {
    try {
      if (isShared(this.store)) await this.store.renewClaims(this.id, this.leaseMs, this.heldOrigins());
      await this.store.workerSeen(this.row('running'));
    } catch (err) {
      // the store is unreachable for a moment: the next beat tries again; a claim that lapses meanwhile is taken by another worker
      this.onError(`the store did not take this worker's heartbeat: ${(err as Error).message}`);
    }
  }

  async end(state: 'done' | 'stopped'): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.store.workerSeen(this.row(state)).catch(() => {});
  }
}

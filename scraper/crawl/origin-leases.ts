/**
 * The origins this worker holds the store's lease of (a shared store: several workers, one
 * frontier). The lease is the store's: while a worker holds an origin no other worker asks it
 * anything, and when it gives it back the next allowed time is set `delayOf(url)` ahead — the
 * larger of --delay and the site's Crawl-delay. Within the worker, requests to one origin are
 * already one at a time (the fetcher's HostGate), so a page claimed with its origin, its report
 * file and its rendering may share one lease: it is counted here, taken from the store by the
 * first and given back by the last.
 *
 * Taking and giving back one origin never overlap: a lease asked for while its release is on its
 * way waits for it, so a late release cannot take away a lease just granted.
 */
import type { SharedFrontier } from '../store/contract.js';
import { originOf } from '../store/contract.js';

interface Held {
  /** requests in hand under this lease */
  n: number;
  /** whether any of them asked the site (then the delay applies) */
  requested: boolean;
  /** the release on its way to the store, once n is back to 0 */
  releasing?: Promise<void>;
}

export interface OriginLeasesOptions {
  worker: string;
  leaseMs: number;
  /** the delay to keep after a request to the URL's origin, ms */
  delayOf: (url: string) => number;
  onNote?: (msg: string) => void;
  sleep: (ms: number) => Promise<void>;
}

export class OriginLeases {
  private readonly held = new Map<string, Held>();
  /** when each origin this worker gave back may be asked again (ms since epoch, by this clock) */
  private readonly ready = new Map<string, number>();

  constructor(
    private readonly store: SharedFrontier,
    private readonly o: OriginLeasesOptions,
  ) {}

  /** Origins held now (for the heartbeat, which keeps their leases from lapsing). */
  origins(): string[] {
    return [...this.held].filter(([, h]) => h.n > 0).map(([origin]) => origin);
  }

  /** When the URL's origin may be claimed again, as far as this worker knows: now, unless it gave it back with a delay still running. */
  readyAt(url: string): number {
    const origin = originOf(url);
    const at = this.ready.get(origin) ?? 0;
    if (at <= Date.now()) this.ready.delete(origin);
    return this.held.has(origin) ? Date.now() : Math.max(at, Date.now());
  }

  /** A row claimed from the store came with its origin's lease. */
  claimed(url: string): void {
    const origin = originOf(url);
    const h = this.held.get(origin);
    // the store granted it, so a release still on its way has landed
    if (h && h.n > 0) h.n++;
    else this.held.set(origin, { n: 1, requested: false });
  }

  /** Takes the origin's lease for a request outside a claim (a rendering, a report file), waiting while another worker has it. */
  async acquire(url: string): Promise<void> {
    const origin = originOf(url);
    for (;;) {
      const h = this.held.get(origin);
      if (h?.releasing) {
        await h.releasing;
        continue;
      }
      if (h) {
        h.n++;
        return;
      }
      const wait = await this.store.leaseOrigin(this.o.worker, url, this.o.leaseMs);
      if (wait === null) {
        // a claim of this origin may have been granted meanwhile: it is the same lease
        const now = this.held.get(origin);
        if (now && now.n > 0 && !now.releasing) now.n++;
        else this.held.set(origin, { n: 1, requested: false });
        return;
      }
      await this.o.sleep(Math.min(wait, 1000));
    }
  }

  /** One request under the lease is done; the last gives the origin back, after a request not to be asked before the delay. */
  async release(url: string, requested: boolean): Promise<void> {
    const origin = originOf(url);
    const h = this.held.get(origin);
    if (h && h.n > 1) {
      h.n--;
      h.requested ||= requested;
      return;
    }
    const ask = (h?.requested ?? false) || requested;
    const entry: Held = h ?? { n: 0, requested: ask };
    entry.n = 0;
    entry.releasing = this.giveBack(url, ask).finally(() => {
      if (this.held.get(origin) === entry) this.held.delete(origin);
    });
    this.held.set(origin, entry);
    await entry.releasing;
  }

  private async giveBack(url: string, requested: boolean): Promise<void> {
    const delay = requested ? this.o.delayOf(url) : 0;
    this.ready.set(originOf(url), Date.now() + delay);
    try {
      await this.store.releaseOrigin(this.o.worker, url, delay);
    } catch (err) {
      // the lease lapses on its own (it is no longer renewed): the origin is only idle a little longer
      this.o.onNote?.(`${url}: could not give the origin back: ${(err as Error).message}`);
    }
  }
}

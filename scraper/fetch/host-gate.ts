/**
 * Per-host politeness: one request at a time per host, a delay between the end of one request and
 * the start of the next, and a push-back (Retry-After, backoff) that holds every request to that
 * host, not only the one that was told to wait.
 *
 * A "host" is whatever key the caller gives; the fetcher uses the URL origin (scheme, host, port),
 * the same unit robots.txt applies to (RFC 9309 §2.3).
 */

interface HostState {
  /** resolves when the request currently holding this host is done */
  tail: Promise<void>;
  /** when the last request to this host finished (ms since epoch); 0 = never */
  lastEnd: number;
  /** no request to this host starts before this time (ms since epoch) */
  notBefore: number;
  /** this host's own delay (e.g. robots Crawl-delay), when larger than the default */
  delayMs: number;
}

export interface HostGateOptions {
  /** default delay between requests to one host, ms */
  delayMs: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class HostGate {
  private readonly hosts = new Map<string, HostState>();

  constructor(private readonly opts: HostGateOptions) {}

  private state(key: string): HostState {
    let s = this.hosts.get(key);
    if (!s) {
      s = { tail: Promise.resolve(), lastEnd: 0, notBefore: 0, delayMs: this.opts.delayMs };
      this.hosts.set(key, s);
    }
    return s;
  }

  /** Raise this host's delay (never lowers it below the default). */
  setDelay(key: string, delayMs: number): void {
    const s = this.state(key);
    s.delayMs = Math.max(this.opts.delayMs, delayMs);
  }

  delayOf(key: string): number {
    return this.state(key).delayMs;
  }

  /** No request to this host starts within the next `ms` (e.g. the server said Retry-After). */
  pushBack(key: string, ms: number): void {
    const s = this.state(key);
    s.notBefore = Math.max(s.notBefore, Date.now() + ms);
  }

  /**
   * Run `task` when it is this host's turn. Tasks for one host run one after another, in call
   * order; tasks for different hosts do not wait for each other.
   */
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const s = this.state(key);
    const previous = s.tail;
    let release!: () => void;
    s.tail = new Promise<void>((r) => (release = r));
    await previous;
    try {
      // Loop: a push-back may arrive while we sleep (another request to this host got a 429).
      for (;;) {
        const readyAt = Math.max(s.lastEnd ? s.lastEnd + s.delayMs : 0, s.notBefore);
        const wait = readyAt - Date.now();
        if (wait <= 0) break;
        await sleep(wait);
      }
      return await task();
    } finally {
      s.lastEnd = Date.now();
      release();
    }
  }
}

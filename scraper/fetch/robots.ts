/**
 * robots.txt, fetched once per origin and cached, read with the maintained `robots-parser` for the
 * product token `gongkai`. What an answer means follows RFC 9309 §2.3.1:
 *   - 2xx: the rules apply (only the first 500 KiB are read, the RFC's minimum);
 *   - 4xx (401/403 included, 429 excepted): no usable robots.txt → everything allowed;
 *   - 429, 5xx, or the server unreachable (after the fetcher's own retries): disallow everything
 *     for now, and ask again after `retryUnreachableMs` so a long crawl recovers;
 *   - more redirects than allowed: treated as no robots.txt (allowed).
 * A successful answer is kept for `ttlMs` (the RFC's 24 h).
 *
 * Workers sharing a store (several `gongkai crawl` processes on one Postgres) share the answers
 * too (`SharedRobots`): the first to need a site's robots.txt asks for it and keeps the outcome in
 * the store with how long it stays fresh; the others read it there instead of asking the site
 * again. Without a shared store each process keeps its own, as before.
 */
import robotsParser from 'robots-parser';
import { FetchError, type FetchErrorKind } from './contract.js';

export const ROBOTS_TOKEN = 'gongkai';
/** RFC 9309 §2.5: crawlers must read at least 500 KiB. */
export const ROBOTS_MAX_BYTES = 500 * 1024;

export interface RobotsAnswer {
  status: number;
  text: string;
}

export interface RobotsVerdict {
  allowed: boolean;
  /** 'rules': robots.txt says so; 'none': no robots.txt (4xx); 'unreachable': 5xx/network, all disallowed for now */
  basis: 'rules' | 'none' | 'unreachable';
  /** Crawl-delay for our group, ms, when robots.txt sets one */
  crawlDelayMs?: number;
  /** why robots.txt could not be read, for 'unreachable' */
  error?: string;
  /** the fetch error behind 'unreachable', when it was one (a network failure rather than a 5xx) */
  cause?: FetchError;
}

interface Entry {
  rules: Promise<Rules>;
  expiresAt: number;
}

/**
 * A robots.txt outcome as a store keeps it for other workers: the body read, not the parsed rules
 * (robots-parser's object does not serialise), so every reader applies it the same way.
 */
export interface StoredRobots {
  basis: RobotsVerdict['basis'];
  /** the body read (its first ROBOTS_MAX_BYTES), for 'rules' */
  text?: string;
  /** why robots.txt could not be read, for 'unreachable' */
  error?: string;
  /** the fetch error behind 'unreachable', when it was one */
  cause?: { kind: FetchErrorKind; message: string; retryable: boolean; status?: number; attempts?: number };
}

/** Where workers sharing a store keep robots.txt outcomes, so one asks the site and the others read. */
export interface SharedRobots {
  /** The outcome kept for this origin while still fresh, with how long it stays so (ms, by the store's clock). */
  robotsOf(origin: string): Promise<{ robots: StoredRobots; freshMs: number } | undefined>;
  /** Keeps an outcome for `freshMs`, in place of the one kept before. */
  saveRobots(origin: string, robots: StoredRobots, freshMs: number): Promise<void>;
}

interface Rules {
  basis: RobotsVerdict['basis'];
  robot?: ReturnType<typeof robotsParser>;
  crawlDelayMs?: number;
  error?: string;
  cause?: FetchError;
}

export interface RobotsCacheOptions {
  /** fetch robots.txt (redirects followed, retries done); resolves with any status, throws FetchError */
  fetchRobots: (robotsUrl: string) => Promise<RobotsAnswer>;
  token?: string;
  ttlMs?: number;
  retryUnreachableMs?: number;
  /** a store other workers share: outcomes are read from it and kept in it */
  shared?: SharedRobots;
}

export class RobotsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly token: string;
  private readonly ttlMs: number;
  private readonly retryUnreachableMs: number;
  private shared: SharedRobots | undefined;

  constructor(private readonly opts: RobotsCacheOptions) {
    this.token = opts.token ?? ROBOTS_TOKEN;
    this.ttlMs = opts.ttlMs ?? 24 * 3600_000;
    this.retryUnreachableMs = opts.retryUnreachableMs ?? 5 * 60_000;
    this.shared = opts.shared;
  }

  /** From now on, outcomes are read from and kept in a store other workers share. */
  share(shared: SharedRobots): void {
    this.shared = shared;
  }

  /** What robots.txt says about this URL (fetching robots.txt for its origin if not cached). */
  async check(url: string): Promise<RobotsVerdict> {
    const origin = new URL(url).origin;
    const rules = await this.rulesFor(origin);
    if (rules.basis === 'none') return { allowed: true, basis: 'none' };
    if (rules.basis === 'unreachable') return { allowed: false, basis: 'unreachable', error: rules.error, ...(rules.cause ? { cause: rules.cause } : {}) };
    // isAllowed is undefined only for a URL of another origin, which cannot happen here.
    const allowed = rules.robot!.isAllowed(url, this.token) !== false;
    return { allowed, basis: 'rules', ...(rules.crawlDelayMs !== undefined ? { crawlDelayMs: rules.crawlDelayMs } : {}) };
  }

  private rulesFor(origin: string): Promise<Rules> {
    const now = Date.now();
    const cached = this.entries.get(origin);
    if (cached && cached.expiresAt > now) return cached.rules;
    // Concurrent callers share the pending load; its expiry is set once we know the outcome.
    const entry = { expiresAt: Infinity } as Entry;
    entry.rules = this.load(origin).then(({ robots, freshMs }) => {
      entry.expiresAt = Date.now() + freshMs;
      return this.rulesOf(origin, robots);
    });
    this.entries.set(origin, entry);
    return entry.rules;
  }

  /** The outcome another worker kept while it is fresh; else asked of the site (and kept for the others). */
  private async load(origin: string): Promise<{ robots: StoredRobots; freshMs: number }> {
    const shared = this.shared;
    // the store being unreachable only costs the request the share would have saved
    const kept = shared ? await shared.robotsOf(origin).catch(() => undefined) : undefined;
    if (kept) return kept;
    const robots = await this.ask(origin);
    const freshMs = robots.basis === 'unreachable' ? this.retryUnreachableMs : this.ttlMs;
    // an address this worker may not connect to is its own rule (the start URLs it trusts), not the site's answer
    if (shared && robots.cause?.kind !== 'private_address') await shared.saveRobots(origin, robots, freshMs).catch(() => {});
    return { robots, freshMs };
  }

  /** Asks the site for its robots.txt: the outcome as RFC 9309 §2.3.1 reads it. */
  private async ask(origin: string): Promise<StoredRobots> {
    let answer: RobotsAnswer;
    try {
      answer = await this.opts.fetchRobots(`${origin}/robots.txt`);
    } catch (err) {
      if (err instanceof FetchError && err.kind === 'too_many_redirects') return { basis: 'none' };
      if (err instanceof FetchError && err.kind === 'http' && err.status !== undefined && err.status >= 400 && err.status < 500 && err.status !== 429)
        return { basis: 'none' };
      if (!(err instanceof FetchError)) return { basis: 'unreachable', error: (err as Error).message };
      const cause = { kind: err.kind, message: err.message, retryable: err.retryable, ...(err.status !== undefined ? { status: err.status } : {}), ...(err.attempts !== undefined ? { attempts: err.attempts } : {}) };
      return { basis: 'unreachable', error: err.message, cause };
    }
    if (answer.status >= 200 && answer.status < 300) return { basis: 'rules', text: answer.text };
    if (answer.status >= 400 && answer.status < 500 && answer.status !== 429) return { basis: 'none' };
    return { basis: 'unreachable', error: `robots.txt answered HTTP ${answer.status}` };
  }

  /** An outcome, asked for here or read from the store, as the rules `check` applies. */
  private rulesOf(origin: string, r: StoredRobots): Rules {
    if (r.basis === 'none') return { basis: 'none' };
    if (r.basis === 'unreachable') {
      const c = r.cause;
      const cause = c ? Object.assign(new FetchError(c.kind, c.message, `${origin}/robots.txt`, c.retryable, c.status), c.attempts !== undefined ? { attempts: c.attempts } : {}) : undefined;
      return { basis: 'unreachable', error: r.error, ...(cause ? { cause } : {}) };
    }
    const robot = robotsParser(`${origin}/robots.txt`, r.text ?? '');
    const delay = robot.getCrawlDelay(this.token);
    return { basis: 'rules', robot, ...(typeof delay === 'number' && delay > 0 ? { crawlDelayMs: delay * 1000 } : {}) };
  }
}

/**
 * robots.txt, fetched once per origin and cached, read with the maintained `robots-parser` for the
 * product token `gongkai`. What an answer means follows RFC 9309 §2.3.1:
 *   - 2xx: the rules apply (only the first 500 KiB are read, the RFC's minimum);
 *   - 4xx (401/403 included, 429 excepted): no usable robots.txt → everything allowed;
 *   - 429, 5xx, or the server unreachable (after the fetcher's own retries): disallow everything
 *     for now, and ask again after `retryUnreachableMs` so a long crawl recovers;
 *   - more redirects than allowed: treated as no robots.txt (allowed).
 * A successful answer is kept for `ttlMs` (the RFC's 24 h).
 */
import robotsParser from 'robots-parser';
import { FetchError } from './contract.js';

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
}

export class RobotsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly token: string;
  private readonly ttlMs: number;
  private readonly retryUnreachableMs: number;

  constructor(private readonly opts: RobotsCacheOptions) {
    this.token = opts.token ?? ROBOTS_TOKEN;
    this.ttlMs = opts.ttlMs ?? 24 * 3600_000;
    this.retryUnreachableMs = opts.retryUnreachableMs ?? 5 * 60_000;
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
    const entry: Entry = { rules: this.load(origin), expiresAt: Infinity };
    this.entries.set(origin, entry);
    // Concurrent callers share the pending load; its expiry is set once we know the outcome.
    void entry.rules.then((r) => {
      entry.expiresAt = Date.now() + (r.basis === 'unreachable' ? this.retryUnreachableMs : this.ttlMs);
    });
    return entry.rules;
  }

  private async load(origin: string): Promise<Rules> {
    const robotsUrl = `${origin}/robots.txt`;
    let answer: RobotsAnswer;
    try {
      answer = await this.opts.fetchRobots(robotsUrl);
    } catch (err) {
      if (err instanceof FetchError && err.kind === 'too_many_redirects') return { basis: 'none' };
      if (err instanceof FetchError && err.kind === 'http' && err.status !== undefined && err.status >= 400 && err.status < 500 && err.status !== 429)
        return { basis: 'none' };
      return { basis: 'unreachable', error: (err as Error).message, ...(err instanceof FetchError ? { cause: err } : {}) };
    }
    if (answer.status >= 200 && answer.status < 300) {
      const robot = robotsParser(robotsUrl, answer.text);
      const delay = robot.getCrawlDelay(this.token);
      return { basis: 'rules', robot, ...(typeof delay === 'number' && delay > 0 ? { crawlDelayMs: delay * 1000 } : {}) };
    }
    if (answer.status >= 400 && answer.status < 500 && answer.status !== 429) return { basis: 'none' };
    return { basis: 'unreachable', error: `robots.txt answered HTTP ${answer.status}` };
  }
}

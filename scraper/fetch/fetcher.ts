/**
 * The polite fetcher the crawl engine uses (contract in types.ts): robots.txt for every URL and
 * every redirect hop, one request at a time per origin with a delay between them, retries with
 * exponential backoff for timeouts, resets, 429 and 5xx (Retry-After honoured, capped), none for
 * other 4xx; bounded bytes and time per response (fetch.ts), decoding (decode.ts), and browser
 * rendering (browser.ts) behind the same gate.
 *
 * Politeness is per origin (scheme://host:port): robots.txt applies to an origin (RFC 9309), and
 * two ports of one machine are treated as two sites, as browsers do.
 */
import { FetchError, type Fetcher, type FetcherOptions, type FetchResult } from './contract.js';
import { decodedResult, DEFAULTS, headerSafe, requestOnce, type RawResponse } from './request.js';
import { sniffBinary } from './decode.js';
import { HostGate } from './host-gate.js';
import { RobotsCache, ROBOTS_MAX_BYTES } from './robots.js';
import { BrowserRenderer } from './browser.js';
import { USER_AGENT } from './user-agent.js';

export interface FetcherSettings extends FetcherOptions {
  /** whole-exchange limit per request, ms (default 120 s); `timeoutMs` bounds headers and body stalls */
  totalTimeoutMs?: number;
  /** longest Retry-After obeyed, ms (default 60 s); a longer one is waited this long */
  maxRetryAfterMs?: number;
  /** longest backoff between retries, ms (default 60 s) */
  maxBackoffMs?: number;
  /** longest robots.txt Crawl-delay obeyed, ms (default 60 s) */
  maxCrawlDelayMs?: number;
  /** after robots.txt was unreachable, ask again after this long, ms (default 5 min) */
  robotsRetryMs?: number;
  /** after a rendered page's `load`, wait at most this for its scripts' requests, ms (default 3 s) */
  renderSettleMs?: number;
}

export interface FetchCallOptions {
  /** refuse a redirect to another origin (FetchError kind 'other', not retryable) */
  sameOriginOnly?: boolean;
}

/** The fetcher, with the extras beyond the contract. */
export interface PoliteFetcher extends Fetcher {
  fetch(url: string, opts?: FetchCallOptions): Promise<FetchResult>;
  /** what robots.txt says about a URL, with the reason */
  robots(url: string): ReturnType<RobotsCache['check']>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Retry-After as ms from now: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  if (Number.isNaN(t)) return null;
  return Math.max(0, t - now);
}

function origin(url: string): string {
  return new URL(url).origin;
}

/** Throws unless the URL is an absolute http(s) URL. */
function checkUrl(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new FetchError('other', `not a URL: ${url}`, url, false);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new FetchError('other', `only http and https URLs can be fetched: ${url}`, url, false);
}

export function createFetcher(opts: FetcherSettings = {}): PoliteFetcher {
  const delayMs = opts.delayMs ?? 1000;
  const timeoutMs = opts.timeoutMs ?? DEFAULTS.timeoutMs;
  const totalTimeoutMs = opts.totalTimeoutMs ?? DEFAULTS.totalTimeoutMs;
  const maxBytes = opts.maxBytes ?? DEFAULTS.maxBytes;
  const maxRedirects = opts.maxRedirects ?? DEFAULTS.maxRedirects;
  const retries = opts.retries ?? 3;
  const userAgent = opts.userAgent ?? USER_AGENT;
  const backoffMs = opts.backoffMs ?? 1000;
  const maxBackoffMs = opts.maxBackoffMs ?? 60_000;
  const maxRetryAfterMs = opts.maxRetryAfterMs ?? 60_000;
  const maxCrawlDelayMs = opts.maxCrawlDelayMs ?? 60_000;

  const gate = new HostGate({ delayMs });
  const renderer = new BrowserRenderer(opts.browserPath);
  let closed = false;

  /**
   * Run one request through the host's gate, retrying what may succeed later. A retryable failure
   * pushes the whole host back (Retry-After, else exponential backoff): the server is in trouble,
   * so no other URL of that host is asked either. `counter.attempts` is 1 + the retries made, over
   * all calls sharing the counter (the hops of one redirect chain): how many tries it took.
   */
  async function withRetries<T>(url: string, counter: { attempts: number }, attempt: () => Promise<T>): Promise<T> {
    const key = origin(url);
    if (counter.attempts === 0) counter.attempts = 1;
    for (let n = 1; ; n++) {
      if (closed) throw new FetchError('other', 'the fetcher is closed', url, false);
      if (n > 1) counter.attempts++;
      try {
        return await gate.run(key, async () => {
          try {
            return await attempt();
          } catch (err) {
            // Push the host back while still holding its turn, so no queued request slips in first.
            if (err instanceof FetchError && err.retryable && n <= retries) gate.pushBack(key, retryWait(err, n));
            throw err;
          }
        });
      } catch (err) {
        const e =
          err instanceof FetchError ? err : new FetchError('other', (err as Error)?.message ?? String(err), url, false, undefined, { cause: err });
        if (!e.retryable || n > retries) {
          e.attempts = counter.attempts;
          throw e;
        }
      }
    }
  }

  /** How long to wait before retry n+1: the server's Retry-After (capped), else exponential backoff. */
  function retryWait(e: FetchError, n: number): number {
    const retryAfter = (e as FetchError & { retryAfterMs?: number }).retryAfterMs;
    return retryAfter != null ? Math.min(retryAfter, maxRetryAfterMs) : Math.min(backoffMs * 2 ** (n - 1), maxBackoffMs);
  }

  /** A status the caller should see as an error: 429 and 5xx retryable, other 4xx not. */
  function httpError(url: string, res: RawResponse): FetchError {
    const retryable = res.status === 429 || res.status >= 500;
    const e = new FetchError('http', `HTTP ${res.status}`, url, retryable, res.status);
    const ra = parseRetryAfter(res.headers['retry-after']);
    if (ra != null) Object.assign(e, { retryAfterMs: ra });
    return e;
  }

  /** GET one URL (no redirects followed), turning error statuses into FetchErrors. */
  function getOnce(url: string, expectHtml: boolean, truncateAt?: number): Promise<RawResponse> {
    return requestOnce(url, {
      timeoutMs,
      totalTimeoutMs,
      maxBytes: truncateAt ?? maxBytes,
      truncate: truncateAt !== undefined,
      userAgent,
      expectHtml,
    }).then((res) => {
      if (res.status >= 400 || (res.status >= 300 && !res.location) || res.status < 200) throw httpError(url, res);
      return res;
    });
  }

  const robots = new RobotsCache({
    retryUnreachableMs: opts.robotsRetryMs,
    // robots.txt goes through the same gate and retries as pages; redirects followed (up to 5, RFC 9309).
    fetchRobots: async (robotsUrl) => {
      let current = robotsUrl;
      const counter = { attempts: 0 };
      for (let hop = 0; ; hop++) {
        try {
          const res = await withRetries(current, counter, () => getOnce(current, false, ROBOTS_MAX_BYTES));
          if (res.location) {
            if (hop >= 5) throw new FetchError('too_many_redirects', 'robots.txt redirects more than 5 times', robotsUrl, false, res.status);
            current = res.location;
            continue;
          }
          return { status: res.status, text: new TextDecoder('utf-8').decode(res.body) };
        } catch (err) {
          if (err instanceof FetchError && err.kind === 'http' && err.status !== undefined) return { status: err.status, text: '' };
          throw err;
        }
      }
    },
  });

  /** Throws FetchError 'robots' unless robots.txt allows the URL; applies the Crawl-delay. */
  async function requireAllowed(url: string): Promise<void> {
    const verdict = await robots.check(url);
    if (verdict.crawlDelayMs !== undefined) gate.setDelay(origin(url), Math.min(verdict.crawlDelayMs, maxCrawlDelayMs));
    if (verdict.allowed) return;
    // A host that cannot be reached at all fails as what it is (reset, timeout, dns), not as robots.
    const cause = verdict.cause;
    if (verdict.basis === 'unreachable' && cause && cause.kind !== 'http') {
      const e = new FetchError(cause.kind, `robots.txt of ${origin(url)} unreachable: ${cause.message}`, url, cause.retryable, undefined, { cause });
      e.attempts = cause.attempts;
      throw e;
    }
    if (verdict.basis === 'unreachable')
      throw new FetchError('robots', `robots.txt of ${origin(url)} could not be read (${verdict.error}); not fetching until it can`, url, true);
    throw new FetchError('robots', `robots.txt disallows ${url} for gongkai`, url, false);
  }

  async function fetchStatic(url: string, call: FetchCallOptions = {}): Promise<FetchResult> {
    checkUrl(url);
    const redirects: string[] = [];
    const counter = { attempts: 0 };
    let current = url;
    try {
      for (;;) {
        await requireAllowed(current);
        const hop = current;
        const res = await withRetries(hop, counter, () => getOnce(hop, true));
        if (res.location) {
          redirects.push(hop);
          if (redirects.length > maxRedirects)
            throw new FetchError('too_many_redirects', `more than ${maxRedirects} redirects (last to ${res.location})`, url, false, res.status);
          if (call.sameOriginOnly && origin(res.location) !== origin(url))
            throw new FetchError('other', `redirect to another host refused: ${hop} → ${res.location}`, url, false, res.status);
          checkUrl(res.location);
          current = res.location;
          continue;
        }
        return { ...decodedResult(url, current, res, redirects), via: 'static', attempts: counter.attempts };
      }
    } catch (err) {
      if (err instanceof FetchError) {
        err.attempts ??= counter.attempts;
        // Errors name the URL asked for; the hop that failed is in the message when it differs.
        if (err.url !== url && current !== url && !err.message.includes(current)) err.message += ` (at ${current})`;
      }
      throw err;
    }
  }

  async function render(url: string): Promise<FetchResult> {
    checkUrl(url);
    await requireAllowed(url);
    const counter = { attempts: 0 };
    const mayRequest = async (u: string) => (await robots.check(u)).allowed;
    const rendered = await withRetries(url, counter, async () => {
      const fetchResource = (u: string, headers: Record<string, string>, mainDocument: boolean) =>
        requestOnce(u, { timeoutMs, totalTimeoutMs, maxBytes, userAgent, expectHtml: mainDocument, headers });
      const r = await renderer.render(url, { timeoutMs, userAgent: headerSafe(userAgent), mayRequest, fetchResource, settleMs: opts.renderSettleMs, maxRedirects });
      if (r.status >= 400) {
        const e = new FetchError('http', `HTTP ${r.status}`, url, r.status === 429 || r.status >= 500, r.status);
        const ra = parseRetryAfter(r.headers['retry-after']);
        if (ra != null) Object.assign(e, { retryAfterMs: ra });
        throw e;
      }
      return r;
    });
    const body = new TextEncoder().encode(rendered.html);
    if (body.length > maxBytes) {
      const e = new FetchError('too_large', `rendered page over the ${maxBytes}-byte cap`, url, false, rendered.status);
      e.attempts = counter.attempts;
      throw e;
    }
    // A download-free render of a PDF viewer or image would show as a page; look at the source.
    const binary = sniffBinary(body);
    if (binary) throw Object.assign(new FetchError('not_html', `rendered ${binary}, not a page`, url, false, rendered.status), { attempts: counter.attempts });
    return {
      url,
      finalUrl: rendered.finalUrl,
      status: rendered.status,
      headers: rendered.headers,
      body,
      text: rendered.html,
      encoding: 'utf-8',
      fetchedAt: new Date().toISOString(),
      redirects: rendered.redirects,
      via: 'browser',
      attempts: counter.attempts,
    };
  }

  return {
    fetch: fetchStatic,
    render,
    async allowed(url: string) {
      checkUrl(url);
      return (await robots.check(url)).allowed;
    },
    robots: (url: string) => robots.check(url),
    async close() {
      closed = true;
      await renderer.close();
    },
  };
}

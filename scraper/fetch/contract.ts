/**
 * The contract between the fetch layer (fetcher.ts: politeness, robots, retries, decoding,
 * browser rendering) and the crawl engine (crawl/engine.ts: frontier, store, chain walking):
 * the one options type, the one result type, and the errors, which say whether a retry may help.
 */
import type { AddressClass } from './address.js';
import type { SharedRobots } from './robots.js';

/** Why a fetch failed; `retryable` says whether trying again later may succeed (as Crawlee's errors do). */
export type FetchErrorKind =
  | 'timeout' // no answer, or the body stalled, within the time limit
  | 'reset' // connection reset / closed mid-body / body shorter than Content-Length
  | 'dns' // host not found
  | 'http' // an HTTP error status (4xx/5xx); see `status`
  | 'too_large' // body (or inflated body) over the size cap
  | 'too_many_redirects'
  | 'robots' // robots.txt disallows it: never fetched
  | 'not_html' // a PDF or other binary served where a page was expected
  | 'browser' // the browser could not render it
  | 'private_address' // a loopback, private, link-local or metadata address the crawl did not start on (address.ts)
  | 'other';

export class FetchError extends Error {
  /** how many requests were tried before giving up (set by the fetcher; undefined when none was made) */
  attempts?: number;
  /** the server's Retry-After, ms from when it answered (429/503) */
  retryAfterMs?: number;
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
    readonly url: string,
    readonly retryable: boolean,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FetchError';
  }
}

export interface FetchResult {
  url: string;
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  /** the raw bytes as received (after content-encoding), for the store */
  body: Uint8Array;
  /** the decoded text (see decode.ts; a static result decodes it when first read) */
  readonly text: string;
  encoding: string;
  /** a charset the page declared that no decoder knows (decoded by the next rule instead) */
  unknownCharset?: string;
  fetchedAt: string;
  /** URLs passed through on the way (301/302 …), in order */
  redirects: string[];
  via: 'static' | 'browser';
  /** requests made for this result, retries included */
  attempts: number;
}

/** Every setting of the fetch layer; each part reads the ones it needs (defaults in FETCH_DEFAULTS). */
export interface FetchOptions {
  /** per-origin delay between requests, ms */
  delayMs?: number;
  /** headers must arrive, and the body must not stall, within this, ms */
  timeoutMs?: number;
  /** a whole exchange never takes longer than this (a server trickling a byte a second), ms */
  totalTimeoutMs?: number;
  /** cap on a body, both as received and after decompression */
  maxBytes?: number;
  maxRedirects?: number;
  /** retries after the first try, for failures that may pass (timeouts, resets, 429, 5xx) */
  retries?: number;
  userAgent?: string;
  /** path of a Chromium binary; else CHROMIUM_PATH, /usr/bin/chromium, Playwright's own */
  browserPath?: string;
  /** base of the exponential backoff between retries, ms */
  backoffMs?: number;
  /** longest backoff between retries, ms */
  maxBackoffMs?: number;
  /** longest Retry-After obeyed, ms; a longer one is waited this long */
  maxRetryAfterMs?: number;
  /** longest robots.txt Crawl-delay obeyed, ms */
  maxCrawlDelayMs?: number;
  /** after robots.txt was unreachable, ask again after this long, ms */
  robotsRetryMs?: number;
  /** after a rendered page's `load`, wait at most this for its scripts' requests, ms */
  renderSettleMs?: number;
  /** requests in flight at once over all origins (each origin still gets one at a time) */
  maxInFlight?: number;
  /**
   * kinds of address the fetcher may connect to besides those of the start URLs (address.ts);
   * default public only
   */
  allowAddresses?: AddressClass[];
}

export const FETCH_DEFAULTS = {
  delayMs: 1000,
  timeoutMs: 30_000,
  totalTimeoutMs: 120_000,
  /** report pages are well under 1 MB; 10 MB is generous */
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 10,
  retries: 3,
  backoffMs: 1000,
  maxBackoffMs: 60_000,
  maxRetryAfterMs: 60_000,
  maxCrawlDelayMs: 60_000,
  robotsRetryMs: 5 * 60_000,
  renderSettleMs: 3000,
  maxInFlight: 32,
  allowAddresses: ['public'],
} satisfies Required<Omit<FetchOptions, 'userAgent' | 'browserPath'>>;

/** What one call asks beyond the fetcher's settings. */
export interface FetchCall {
  /** refuse a redirect to another origin (kind 'other', not retryable) */
  sameOriginOnly?: boolean;
  /**
   * A report file is asked for (a page's 附件): a PDF or Word body is the answer, not a `not_html`
   * error. Pages are never fetched with this: the page path keeps refusing binaries.
   */
  acceptFile?: boolean;
  /** this call's body cap, in place of the fetcher's (a report file may be larger than a page) */
  maxBytes?: number;
  /**
   * A conditional request (RFC 9110 §13): the validators of the copy we hold. An unchanged page
   * comes back as status 304 with an empty body instead of an error.
   */
  conditional?: { etag?: string; lastModified?: string };
}

export interface Fetcher {
  /**
   * Static fetch, politely: robots.txt, one request at a time per origin, delay, retries. Throws
   * FetchError. `sameOriginOnly` refuses a redirect to another origin (kind 'other', not retryable).
   */
  fetch(url: string, call?: FetchCall): Promise<FetchResult>;
  /** Render with the browser (started on first use and reused), same politeness. Throws FetchError. */
  render(url: string): Promise<FetchResult>;
  /** Whether robots.txt allows the URL (fetches and caches robots.txt per origin). */
  allowed(url: string): Promise<boolean>;
  /**
   * A URL the user gave: the kind of address its host is at (loopback, private …) may be
   * connected to for the rest of this fetcher's life; links and redirects elsewhere stay public.
   */
  allowStart?(url: string): Promise<void>;
  /**
   * The delay kept between two requests to the URL's origin: the fetcher's own, or the site's
   * Crawl-delay (capped) once its robots.txt is read. A shared store keeps it between workers.
   */
  delayOf?(url: string): number;
  /** robots.txt outcomes read from and kept in a store other workers share: one asks the site, the others read. */
  shareRobots?(shared: SharedRobots): void;
  close(): Promise<void>;
}

/** Throws unless the URL is an absolute http(s) URL. */
export function checkUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new FetchError('other', `not a URL: ${url}`, url, false);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new FetchError('other', `only http and https URLs can be fetched: ${url}`, url, false);
  return u;
}

/** Retry-After as ms from now: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  if (Number.isNaN(t)) return null;
  return Math.max(0, t - now);
}

/** An error status as a FetchError: 429 and 5xx retryable (with the server's Retry-After), other 4xx not. */
export function httpError(url: string, status: number, headers: Record<string, string>): FetchError {
  const e = new FetchError('http', `HTTP ${status}`, url, status === 429 || status >= 500, status);
  const ra = parseRetryAfter(headers['retry-after']);
  if (ra != null) e.retryAfterMs = ra;
  return e;
}

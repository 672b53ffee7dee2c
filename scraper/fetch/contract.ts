/**
 * The contract between the fetch layer (fetcher.ts: politeness, robots, retries, decoding,
 * browser rendering) and the crawl engine (crawl.ts: frontier, store, chain walking).
 */

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
  | 'other';

export class FetchError extends Error {
  /** how many requests were tried before giving up (set by the fetcher; undefined when none was made) */
  attempts?: number;
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
  /** the decoded text (see decode.ts) */
  text: string;
  encoding: string;
  /** a charset the page declared that no decoder knows (decoded by the next rule instead) */
  unknownCharset?: string;
  fetchedAt: string;
  /** URLs passed through on the way (301/302 …), in order */
  redirects: string[];
  via: 'static' | 'browser';
  attempts: number;
}

export interface FetcherOptions {
  /** per-host delay between requests, ms (default 1000) */
  delayMs?: number;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  retries?: number;
  userAgent?: string;
  /** path of a Chromium binary; else CHROMIUM_PATH, /usr/bin/chromium, Playwright's own */
  browserPath?: string;
  /** test hook: base backoff, ms */
  backoffMs?: number;
}

export interface Fetcher {
  /** Static fetch, politely: robots.txt, one request at a time per host, delay, retries. Throws FetchError. */
  fetch(url: string): Promise<FetchResult>;
  /** Render with the browser (started on first use and reused), same politeness. Throws FetchError. */
  render(url: string): Promise<FetchResult>;
  /** Whether robots.txt allows the URL (fetches and caches robots.txt per host). */
  allowed(url: string): Promise<boolean>;
  close(): Promise<void>;
}

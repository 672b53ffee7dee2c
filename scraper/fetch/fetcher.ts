/**
 * The polite fetcher the crawl engine uses (contract in contract.ts): robots.txt for every URL and
 * every redirect hop, one request at a time per origin with a delay between them (and at most
 * `maxInFlight` requests over all origins, slots.ts), retries with
 * exponential backoff for timeouts, resets, 429 and 5xx (Retry-After honoured, capped), none for
 * other 4xx; bounded bytes and time per response (request.ts), decoding (decode.ts), and browser
 * rendering (browser.ts) behind the same gate.
 *
 * Politeness is per origin (scheme://host:port): robots.txt applies to an origin (RFC 9309), and
 * two ports of one machine are treated as two sites, as browsers do.
 *
 * One method per step, as Crawlee's BasicCrawler: `requireAllowed` (robots), `withRetries`
 * (gate + `canRetry`), `getOnce` (one hop), `followRedirects`, `render`.
 */
import { checkUrl, FETCH_DEFAULTS, FetchError, httpError, type FetchCall, type Fetcher, type FetchOptions, type FetchResult } from './contract.js';
import { headerSafe, requestOnce, type RawResponse } from './request.js';
import { staticResult } from './result.js';
import { sniffBinary } from './decode.js';
import { HostGate } from './host-gate.js';
import { Slots } from './slots.js';
import { AddressPolicy } from './address.js';
import { RobotsCache, ROBOTS_MAX_BYTES, type RobotsVerdict, type SharedRobots } from './robots.js';
import { BrowserRenderer, type Rendered } from './browser.js';
import { USER_AGENT } from './user-agent.js';

type Settings = Required<Omit<FetchOptions, 'browserPath'>>;
/** Counts the requests made for one result, over the hops of its redirect chain and their retries. */
type Attempts = { attempts: number };

const origin = (url: string) => new URL(url).origin;

export function createFetcher(opts: FetchOptions = {}): PoliteFetcher {
  return new PoliteFetcher(opts);
}

export class PoliteFetcher implements Fetcher {
  private readonly s: Settings;
  private readonly gate: HostGate;
  /** the cap on requests in flight over all origins */
  private readonly slots: Slots;
  /** which addresses may be connected to: public, and the start URLs' own kinds */
  private readonly addresses: AddressPolicy;
  private readonly renderer: BrowserRenderer;
  private readonly robotsCache: RobotsCache;
  private closed = false;

  constructor(opts: FetchOptions = {}) {
    this.s = { ...FETCH_DEFAULTS, userAgent: USER_AGENT, ...definedOnly(opts) };
    this.gate = new HostGate({ delayMs: this.s.delayMs });
    this.slots = new Slots(this.s.maxInFlight);
    this.addresses = new AddressPolicy(this.s.allowAddresses);
    this.renderer = new BrowserRenderer(opts.browserPath);
    this.robotsCache = new RobotsCache({ retryUnreachableMs: opts.robotsRetryMs, fetchRobots: (u) => this.fetchRobots(u) });
  }

  /** Static fetch of a page, following redirects, each hop allowed by robots.txt. */
  async fetch(url: string, call: FetchCall = {}): Promise<FetchResult> {
    checkUrl(url);
    const counter: Attempts = { attempts: 0 };
    const at = { current: url };
    try {
      const { res, redirects } = await this.followRedirects(url, at, counter, call);
      return staticResult(url, at.current, res, redirects, counter.attempts);
    } catch (err) {
      if (err instanceof FetchError) {
        err.attempts ??= counter.attempts;
        // Errors name the URL asked for; the hop that failed is in the message when it differs.
        if (err.url !== url && at.current !== url && !err.message.includes(at.current)) err.message += ` (at ${at.current})`;
      }
      throw err;
    }
  }

  /** Render with the browser, behind the same robots check, gate and retries as a static fetch. */
  async render(url: string): Promise<FetchResult> {
    checkUrl(url);
    await this.requireAllowed(url);
    const counter: Attempts = { attempts: 0 };
    const rendered = await this.withRetries(url, counter, () => this.renderOnce(url));
    return this.renderedResult(url, rendered, counter.attempts);
  }

  async allowStart(url: string): Promise<void> {
    await this.addresses.allowHostOf(url);
  }

  async allowed(url: string): Promise<boolean> {
    checkUrl(url);
    return (await this.robotsCache.check(url)).allowed;
  }

  /** What robots.txt says about a URL, with the reason. */
  robots(url: string): Promise<RobotsVerdict> {
    return this.robotsCache.check(url);
  }

  shareRobots(shared: SharedRobots): void {
    this.robotsCache.share(shared);
  }

  delayOf(url: string): number {
    return this.gate.delayOf(origin(url));
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.renderer.close();
  }

  /** Each hop: robots, then one gated request with retries; a Location is checked and followed. */
  private async followRedirects(url: string, at: { current: string }, counter: Attempts, call: FetchCall) {
    const redirects: string[] = [];
    for (;;) {
      await this.requireAllowed(at.current);
      const hop = at.current;
      // the validators belong to the URL asked for: sent on the first hop only
      const conditional = redirects.length === 0 ? call.conditional : undefined;
      const res = await this.withRetries(hop, counter, () => this.getOnce(hop, { expectHtml: !call.acceptFile, maxBytes: call.maxBytes, conditional }));
      if (!res.location) return { res, redirects };
      redirects.push(hop);
      if (redirects.length > this.s.maxRedirects)
        throw new FetchError('too_many_redirects', `more than ${this.s.maxRedirects} redirects (last to ${res.location})`, url, false, res.status);
      if (call.sameOriginOnly && origin(res.location) !== origin(url))
        throw new FetchError('other', `redirect to another host refused: ${hop} → ${res.location}`, url, false, res.status);
      checkUrl(res.location);
      at.current = res.location;
    }
  }

  /**
   * Run one request through the origin's gate, retrying what may succeed later. A retryable failure
   * pushes the whole origin back (Retry-After, else exponential backoff): the server is in trouble,
   * so no other URL of that origin is asked either. `counter.attempts` is 1 + the retries made, over
   * all calls sharing the counter (the hops of one redirect chain): how many tries it took.
   */
  private async withRetries<T>(url: string, counter: Attempts, attempt: () => Promise<T>): Promise<T> {
    const key = origin(url);
    if (counter.attempts === 0) counter.attempts = 1;
    for (let n = 1; ; n++) {
      if (this.closed) throw new FetchError('other', 'the fetcher is closed', url, false);
      if (n > 1) counter.attempts++;
      try {
        return await this.gate.run(key, async () => {
          try {
            return await this.slots.run(attempt);
          } catch (err) {
            // Push the origin back while still holding its turn, so no queued request slips in first.
            if (err instanceof FetchError && this.canRetry(err, n)) this.gate.pushBack(key, this.retryWait(err, n));
            throw err;
          }
        });
      } catch (err) {
        const e = err instanceof FetchError ? err : new FetchError('other', (err as Error)?.message ?? String(err), url, false, undefined, { cause: err });
        if (!this.canRetry(e, n)) {
          e.attempts = counter.attempts;
          throw e;
        }
      }
    }
  }

  private canRetry(e: FetchError, n: number): boolean {
    return e.retryable && n <= this.s.retries;
  }

  /** How long to wait before retry n+1: the server's Retry-After (capped), else exponential backoff. */
  private retryWait(e: FetchError, n: number): number {
    if (e.retryAfterMs != null) return Math.min(e.retryAfterMs, this.s.maxRetryAfterMs);
    return Math.min(this.s.backoffMs * 2 ** (n - 1), this.s.maxBackoffMs);
  }

  /** GET one URL (no redirects followed), turning error statuses into FetchErrors. */
  private async getOnce(url: string, o: { expectHtml: boolean; truncateAt?: number; maxBytes?: number; conditional?: FetchCall['conditional'] }): Promise<RawResponse> {
    const { expectHtml, truncateAt, conditional } = o;
    const headers: Record<string, string> = {};
    if (conditional?.etag) headers['if-none-match'] = conditional.etag;
    if (conditional?.lastModified) headers['if-modified-since'] = conditional.lastModified;
    const res = await requestOnce(url, {
      headers,
      timeoutMs: this.s.timeoutMs,
      totalTimeoutMs: this.s.totalTimeoutMs,
      maxBytes: truncateAt ?? o.maxBytes ?? this.s.maxBytes,
      truncate: truncateAt !== undefined,
      userAgent: this.s.userAgent,
      expectHtml,
      addresses: this.addresses,
    });
    if (res.status === 304 && conditional) return res; // not modified: the copy we hold stands
    if (res.status >= 400 || (res.status >= 300 && !res.location) || res.status < 200) throw httpError(url, res.status, res.headers);
    return res;
  }

  /** robots.txt goes through the same gate and retries as pages; redirects followed (up to 5, RFC 9309). */
  private async fetchRobots(robotsUrl: string): Promise<{ status: number; text: string }> {
    let current = robotsUrl;
    const counter: Attempts = { attempts: 0 };
    for (let hop = 0; ; hop++) {
      try {
        const here = current;
        const res = await this.withRetries(here, counter, () => this.getOnce(here, { expectHtml: false, truncateAt: ROBOTS_MAX_BYTES }));
        if (!res.location) return { status: res.status, text: new TextDecoder('utf-8').decode(res.body) };
        if (hop >= 5) throw new FetchError('too_many_redirects', 'robots.txt redirects more than 5 times', robotsUrl, false, res.status);
        current = res.location;
      } catch (err) {
        if (err instanceof FetchError && err.kind === 'http' && err.status !== undefined) return { status: err.status, text: '' };
        throw err;
      }
    }
  }

  /** Throws FetchError 'robots' unless robots.txt allows the URL; applies the Crawl-delay. */
  private async requireAllowed(url: string): Promise<void> {
    const verdict = await this.robotsCache.check(url);
    if (verdict.crawlDelayMs !== undefined) this.gate.setDelay(origin(url), Math.min(verdict.crawlDelayMs, this.s.maxCrawlDelayMs));
    if (verdict.allowed) return;
    // A host that cannot be reached at all fails as what it is (reset, timeout, dns), not as robots.
    const cause = verdict.cause;
    // an address the crawl may not go to: the page's refusal, not its robots.txt's
    if (cause?.kind === 'private_address') throw new FetchError(cause.kind, cause.message, url, false);
    if (verdict.basis === 'unreachable' && cause && cause.kind !== 'http') {
      const e = new FetchError(cause.kind, `robots.txt of ${origin(url)} unreachable: ${cause.message}`, url, cause.retryable, undefined, { cause });
      e.attempts = cause.attempts;
      throw e;
    }
    if (verdict.basis === 'unreachable')
      throw new FetchError('robots', `robots.txt of ${origin(url)} could not be read (${verdict.error}); not fetching until it can`, url, true);
    throw new FetchError('robots', `robots.txt disallows ${url} for gongkai`, url, false);
  }

  /** One render; the page's own requests are made by requestOnce, each checked against robots.txt. */
  private async renderOnce(url: string): Promise<Rendered> {
    const { timeoutMs, totalTimeoutMs, maxBytes, userAgent, maxRedirects, renderSettleMs } = this.s;
    const r = await this.renderer.render(url, {
      timeoutMs,
      userAgent: headerSafe(userAgent),
      mayRequest: async (u) => (await this.robotsCache.check(u)).allowed,
      fetchResource: (u, headers, mainDocument) => requestOnce(u, { timeoutMs, totalTimeoutMs, maxBytes, userAgent, expectHtml: mainDocument, headers, addresses: this.addresses }),
      settleMs: renderSettleMs,
      maxRedirects,
    });
    if (r.status >= 400) throw httpError(url, r.status, r.headers);
    return r;
  }

  /** The rendered DOM as the result: within the size cap, and not a viewer's rendering of a binary. */
  private renderedResult(url: string, rendered: Rendered, attempts: number): FetchResult {
    const body = new TextEncoder().encode(rendered.html);
    const fail = (e: FetchError) => Object.assign(e, { attempts });
    if (body.length > this.s.maxBytes) throw fail(new FetchError('too_large', `rendered page over the ${this.s.maxBytes}-byte cap`, url, false, rendered.status));
    // A download-free render of a PDF viewer or image would show as a page; look at the source.
    const binary = sniffBinary(body);
    if (binary) throw fail(new FetchError('not_html', `rendered ${binary}, not a page`, url, false, rendered.status));
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
      attempts,
    };
  }
}

/** The options a caller set (an explicit `undefined` does not override a default). */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

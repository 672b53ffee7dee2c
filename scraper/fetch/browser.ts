/**
 * Rendering with Chromium (playwright-core), for pages whose content a script writes (上一篇/下一篇
 * links, tables filled by XHR). One browser, started on first use and reused; one fresh context
 * per page (no cookies carried between pages), closed afterwards.
 *
 * The rendered page may reach only its own origin. Every request it makes passes a route handler:
 * other origins are refused, as are same-origin URLs robots.txt disallows, images, media, fonts and
 * stylesheets (the DOM does not need them and the site is spared the load), and WebSockets. The
 * page's GETs are made by the fetcher's bounded `requestOnce` (caps, timeouts, our User-Agent), one
 * at a time, and handed to Chromium: Chromium does not show redirect hops to request interception,
 * so a redirect it followed itself could leave the site unseen. Here the main document's redirects
 * become new navigations and a script's redirects are followed in the handler, each hop checked.
 * Politeness between pages (robots for the page, one page at a time per host, delay) is the
 * fetcher's job: it holds the host's turn for the whole render.
 */
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page, Request, Response, Route } from 'playwright-core';
import { FetchError } from './contract.js';
import type { RawResponse } from './request.js';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
  '--dns-prefetch-disable',
];

/** Resource types the DOM does not need; never requested. */
const SKIPPED_TYPES = new Set(['image', 'media', 'font', 'stylesheet', 'manifest', 'texttrack', 'beacon', 'ping']);

/** The Chromium binaries to try, in order, each with where it came from. */
export async function chromiumCandidates(explicit?: string): Promise<Array<{ path: string; from: string }>> {
  const out: Array<{ path: string; from: string }> = [];
  if (explicit) out.push({ path: explicit, from: 'browserPath option' });
  if (process.env.CHROMIUM_PATH) out.push({ path: process.env.CHROMIUM_PATH, from: 'CHROMIUM_PATH' });
  out.push({ path: '/usr/bin/chromium', from: 'Debian chromium' });
  try {
    const { chromium } = await import('playwright-core');
    const own = chromium.executablePath();
    if (own) out.push({ path: own, from: "Playwright's own" });
  } catch {
    // playwright-core does not know its own browser here; the others are still tried
  }
  return out;
}

/** The first candidate that exists, or a FetchError naming every path tried. */
export async function findChromium(explicit?: string): Promise<string> {
  const candidates = await chromiumCandidates(explicit);
  const found = candidates.find((c) => existsSync(c.path));
  if (found) return found.path;
  throw new FetchError(
    'browser',
    `no Chromium binary found; tried ${candidates.map((c) => `${c.path} (${c.from})`).join(', ')}. Install one (apt-get install chromium) or set CHROMIUM_PATH.`,
    '',
    false,
  );
}

export interface RenderOptions {
  timeoutMs: number;
  userAgent: string;
  /** whether the page may request this same-origin URL (robots.txt) */
  mayRequest?: (url: string) => Promise<boolean>;
  /**
   * Fetch one GET the page makes, bounded (request.ts requestOnce: caps, timeouts, no redirects
   * followed). Chromium does not show redirect hops to request interception, so the page's own GETs
   * are made here and handed to the browser: each redirect comes back to the route handler as a new
   * request and is checked (origin, robots) like any other. Without it, Chromium fetches directly.
   */
  fetchResource?: (url: string, headers: Record<string, string>, mainDocument: boolean) => Promise<RawResponse>;
  /** after `load`, wait at most this long for the network to go quiet (scripts fetching content) */
  settleMs?: number;
  maxRedirects?: number;
}

export interface Rendered {
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  html: string;
  redirects: string[];
  /** requests the page tried and we refused (other origins, robots), for the record */
  blocked: string[];
}

/** Request headers not to pass on: hop-by-hop, and the encoding we negotiate ourselves. */
const DROP_REQUEST_HEADERS = new Set(['host', 'connection', 'accept-encoding', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade']);
/** Response headers that no longer describe the body we hand over (it is already inflated). */
const DROP_RESPONSE_HEADERS = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive']);

/** Runs tasks one after another: the page's requests reach its host one at a time. */
function serial() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** Chromium's network error names → our kinds. */
function classifyBrowserError(err: Error, url: string): FetchError {
  const m = err.message;
  if (/Timeout .*exceeded|TimeoutError/i.test(m) || err.name === 'TimeoutError')
    return new FetchError('timeout', `page did not load in time: ${m.split('\n')[0]}`, url, true, undefined, { cause: err });
  if (/Download is starting/i.test(m)) return new FetchError('not_html', 'the browser got a download, not a page', url, false, undefined, { cause: err });
  if (/ERR_NAME_NOT_RESOLVED/.test(m)) return new FetchError('dns', `host not found: ${m.split('\n')[0]}`, url, false, undefined, { cause: err });
  if (/ERR_CONNECTION_(RESET|REFUSED|CLOSED|ABORTED)|ERR_EMPTY_RESPONSE|ERR_INCOMPLETE_CHUNKED_ENCODING|ERR_CONTENT_LENGTH_MISMATCH/.test(m))
    return new FetchError('reset', `connection failed: ${m.split('\n')[0]}`, url, true, undefined, { cause: err });
  if (/ERR_TOO_MANY_REDIRECTS/.test(m)) return new FetchError('too_many_redirects', m.split('\n')[0], url, false, undefined, { cause: err });
  if (/ERR_BLOCKED_BY_CLIENT|ERR_FAILED/.test(m))
    return new FetchError('browser', `navigation refused (a redirect to another host or a disallowed URL?): ${m.split('\n')[0]}`, url, false, undefined, { cause: err });
  return new FetchError('browser', `render failed: ${m.split('\n')[0]}`, url, true, undefined, { cause: err });
}

export class BrowserRenderer {
  private browser: Promise<Browser> | null = null;

  constructor(private readonly browserPath?: string) {}

  private start(): Promise<Browser> {
    if (!this.browser) {
      const launching = (async () => {
        const executablePath = await findChromium(this.browserPath);
        const { chromium } = await import('playwright-core');
        try {
          const b = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
          // A crashed browser is started again on the next render.
          b.on('disconnected', () => {
            if (this.browser === launching) this.browser = null;
          });
          return b;
        } catch (err) {
          throw new FetchError('browser', `cannot start Chromium at ${executablePath}: ${(err as Error).message.split('\n')[0]}`, '', false, undefined, {
            cause: err,
          });
        }
      })();
      this.browser = launching;
      // A failed start is not cached: the next render tries again.
      launching.catch(() => {
        if (this.browser === launching) this.browser = null;
      });
    }
    return this.browser;
  }

  async render(url: string, opts: RenderOptions): Promise<Rendered> {
    let browser: Browser;
    try {
      browser = await this.start();
    } catch (err) {
      if (err instanceof FetchError) throw new FetchError(err.kind, err.message, url, err.retryable, err.status, { cause: err.cause });
      throw err;
    }
    const context = await browser.newContext({ userAgent: opts.userAgent, acceptDownloads: false, serviceWorkers: 'block', locale: 'zh-CN' });
    const hardStop = setTimeout(() => void context.close().catch(() => {}), opts.timeoutMs + (opts.settleMs ?? 3000) + 5000);
    try {
      return await new RenderSession(url, opts, context).run();
    } catch (err) {
      if (err instanceof FetchError) throw err;
      throw classifyBrowserError(err as Error, url);
    } finally {
      clearTimeout(hardStop);
      await context.close().catch(() => {});
    }
  }

  async close(): Promise<void> {
    const b = this.browser;
    this.browser = null;
    if (b) await (await b.catch(() => null))?.close().catch(() => {});
  }
}

/**
 * One render in its own browser context, a method per step: every request the page makes is
 * routed (`route`: refused when it leaves the origin or robots.txt disallows it, else fetched by
 * us and handed over), the main document is navigated to hop by hop (`navigate`), then the DOM is
 * read once the page's scripts settled (`snapshot`).
 */
class RenderSession {
  private readonly origin: string;
  private readonly maxRedirects: number;
  private readonly blocked: string[] = [];
  private mainPage: Page | undefined;
  /** why the main document failed, when we refused or could not fetch it (better than Chromium's net::ERR_) */
  private mainError: FetchError | undefined;
  /** where the main document redirected to, when it did (we navigate there ourselves) */
  private pendingRedirect: string | undefined;
  private readonly oneAtATime = serial();

  constructor(
    private readonly url: string,
    private readonly opts: RenderOptions,
    private readonly context: BrowserContext,
  ) {
    this.origin = new URL(url).origin;
    this.maxRedirects = opts.maxRedirects ?? 10;
  }

  async run(): Promise<Rendered> {
    await this.context.routeWebSocket(/.*/, (ws) => {
      this.blocked.push(ws.url());
      void ws.close();
    });
    await this.context.route('**/*', (route) => this.route(route));
    const page = await this.context.newPage();
    this.mainPage = page;
    page.setDefaultTimeout(this.opts.timeoutMs);
    const { response, redirects } = await this.navigate(page);
    return this.snapshot(page, response, redirects);
  }

  /** Every request of the page: refused, passed on as is, or fetched by us (bounded) and fulfilled. */
  private async route(route: Route): Promise<void> {
    const req = route.request();
    const isMain = this.isMainDocument(req);
    const skipped = SKIPPED_TYPES.has(req.resourceType());
    const refusal = await this.refusalFor(req.url(), skipped);
    if (refusal || skipped) {
      if (refusal) this.blocked.push(req.url());
      if (isMain && refusal) this.mainError ??= refusal;
      await route.abort('blockedbyclient').catch(() => {});
      return;
    }
    if (!this.opts.fetchResource || req.method() !== 'GET') {
      await route.continue().catch(() => {});
      return;
    }
    try {
      await this.fetchFor(route, req, isMain);
    } catch (err) {
      if (isMain && err instanceof FetchError) this.mainError ??= err;
      await route.abort('failed').catch(() => {});
    }
  }

  private isMainDocument(req: Request): boolean {
    try {
      return req.isNavigationRequest() && req.frame() === this.mainPage?.mainFrame();
    } catch {
      return false; // a request without a frame (service worker): not the page itself
    }
  }

  /** Why the page may not make this request: another origin, or robots.txt (skipped types are not asked). */
  private async refusalFor(reqUrl: string, skipped: boolean): Promise<FetchError | undefined> {
    let sameOrigin = false;
    try {
      sameOrigin = new URL(reqUrl).origin === this.origin;
    } catch {
      sameOrigin = false;
    }
    if (!sameOrigin) return new FetchError('other', `the page went to another host (${reqUrl}); rendering stays on ${this.origin}`, this.url, false);
    if (!skipped && this.opts.mayRequest && !(await this.opts.mayRequest(reqUrl)))
      return new FetchError('robots', `robots.txt disallows ${reqUrl} for gongkai`, this.url, false);
    return undefined;
  }

  /** Makes the page's GET ourselves (one at a time), following a resource's redirects hop by hop. */
  private async fetchFor(route: Route, req: Request, isMain: boolean): Promise<void> {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(await req.allHeaders())) if (!DROP_REQUEST_HEADERS.has(k) && !k.startsWith(':')) headers[k] = v;
    const fetchResource = this.opts.fetchResource!;
    let res = await this.oneAtATime(() => fetchResource(req.url(), headers, isMain));
    if (res.location && isMain) {
      // The page itself moved: navigate to the target ourselves, so its hop is checked too.
      // (204 rather than an abort: it leaves no error page whose load would race the next goto)
      this.pendingRedirect = res.location;
      await route.fulfill({ status: 204, body: '' }).catch(() => {});
      return;
    }
    // A script or XHR that moved: follow it here, each hop checked like the first.
    for (let hop = 0; res.location; hop++) {
      const next = res.location;
      if (hop >= this.maxRedirects || new URL(next).origin !== this.origin || (this.opts.mayRequest && !(await this.opts.mayRequest(next)))) {
        this.blocked.push(next);
        await route.abort('blockedbyclient').catch(() => {});
        return;
      }
      res = await this.oneAtATime(() => fetchResource(next, headers, false));
    }
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (!DROP_RESPONSE_HEADERS.has(k)) out[k] = v;
    await route.fulfill({ status: res.status, headers: out, body: Buffer.from(res.body.buffer, res.body.byteOffset, res.body.byteLength) });
  }

  /** Goes to the page, and to each place the main document redirects to, checked like the first. */
  private async navigate(page: Page): Promise<{ response: Response; redirects: string[] }> {
    let response: Response | null | undefined;
    let target = this.url;
    const redirects: string[] = [];
    for (;;) {
      this.pendingRedirect = undefined;
      try {
        response = await page.goto(target, { waitUntil: 'load', timeout: this.opts.timeoutMs });
      } catch (err) {
        if (this.mainError) throw this.mainError;
        if (!this.pendingRedirect) throw classifyBrowserError(err as Error, this.url);
      }
      if (this.mainError) throw this.mainError;
      if (!this.pendingRedirect) break;
      redirects.push(target);
      if (redirects.length > this.maxRedirects) throw new FetchError('too_many_redirects', `more than ${this.maxRedirects} redirects`, this.url, false);
      target = this.pendingRedirect;
    }
    if (!response) throw new FetchError('browser', 'navigation gave no response', this.url, true);
    return { response, redirects };
  }

  /** The DOM once the page's scripts had a moment (bounded) to fetch what they draw. */
  private async snapshot(page: Page, response: Response, redirects: string[]): Promise<Rendered> {
    await page.waitForLoadState('networkidle', { timeout: this.opts.settleMs ?? 3000 }).catch(() => {});
    // A script that navigated away (to a refused host) leaves Chromium's error page behind.
    if (this.mainError) throw this.mainError;
    if (!/^https?:/.test(page.url())) throw new FetchError('browser', `the page navigated away to ${page.url()}`, this.url, false);
    // Redirects Chromium followed itself (only without fetchResource).
    const followed: string[] = [];
    for (let r = response.request().redirectedFrom(); r; r = r.redirectedFrom()) followed.unshift(r.url());
    redirects.push(...followed);
    const html = String(await page.evaluate('document.documentElement.outerHTML'));
    return { finalUrl: page.url(), status: response.status(), headers: await response.allHeaders(), html, redirects, blocked: this.blocked };
  }
}

/**
 * Rendering with Chromium (playwright-core), for pages whose content a script writes (上一篇/下一篇
 * links, tables filled by XHR). One browser, started on first use and reused; one fresh context
 * per page (no cookies carried between pages), closed afterwards.
 *
 * The rendered page may reach only its own origin: every request to another origin is aborted,
 * as are images, media, fonts and stylesheets (the DOM does not need them and the site is spared
 * the load), and any same-origin request robots.txt disallows. WebSockets are refused. Politeness
 * (robots for the page, one request at a time per host, delay) is the fetcher's job: it holds the
 * host's turn for the whole render.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { FetchError } from './types.js';

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
  /** after `load`, wait at most this long for the network to go quiet (scripts fetching content) */
  settleMs?: number;
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
    const origin = new URL(url).origin;
    const blocked: string[] = [];
    const context = await browser.newContext({
      userAgent: opts.userAgent,
      acceptDownloads: false,
      serviceWorkers: 'block',
      locale: 'zh-CN',
    });
    const hardStop = setTimeout(() => void context.close().catch(() => {}), opts.timeoutMs + (opts.settleMs ?? 3000) + 5000);
    try {
      await context.routeWebSocket(/.*/, (ws) => {
        blocked.push(ws.url());
        void ws.close();
      });
      await context.route('**/*', async (route) => {
        const req = route.request();
        const reqUrl = req.url();
        let sameOrigin = false;
        try {
          sameOrigin = new URL(reqUrl).origin === origin;
        } catch {
          sameOrigin = false;
        }
        const allowed = sameOrigin && !SKIPPED_TYPES.has(req.resourceType()) && (!opts.mayRequest || (await opts.mayRequest(reqUrl)));
        if (!allowed) {
          if (!SKIPPED_TYPES.has(req.resourceType()) || !sameOrigin) blocked.push(reqUrl);
          await route.abort('blockedbyclient').catch(() => {});
          return;
        }
        await route.continue().catch(() => {});
      });
      const page = await context.newPage();
      page.setDefaultTimeout(opts.timeoutMs);
      let response;
      try {
        response = await page.goto(url, { waitUntil: 'load', timeout: opts.timeoutMs });
      } catch (err) {
        throw classifyBrowserError(err as Error, url);
      }
      if (!response) throw new FetchError('browser', 'navigation gave no response', url, true);
      // Scripts that fetch the links after `load`: give them a moment, bounded.
      await page.waitForLoadState('networkidle', { timeout: opts.settleMs ?? 3000 }).catch(() => {});
      const redirects: string[] = [];
      for (let r = response.request().redirectedFrom(); r; r = r.redirectedFrom()) redirects.unshift(r.url());
      const html = String(await page.evaluate('document.documentElement.outerHTML'));
      return { finalUrl: page.url(), status: response.status(), headers: await response.allHeaders(), html, redirects, blocked };
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

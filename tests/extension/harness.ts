/**
 * Real parts for the extension's end-to-end tests and bench: an HTTP server on 127.0.0.1 that
 * serves pages by Host and path, and Chromium with the built extension, whose resolver sends
 * every *.gov.cn name (and web.archive.org, for archived copies) to that server and every other
 * name nowhere (no request leaves the machine).
 */
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';

export interface PageServer {
  port: number;
  /** host (without port) + path → HTML; a host of '*' serves any host */
  pages: Map<string, string>;
  close(): Promise<void>;
}

export async function startServer(): Promise<PageServer> {
  const pages = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const path = (req.url ?? '/').split('?')[0];
    const body = pages.get(host + path) ?? pages.get('*' + path);
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    pages,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** CHROMIUM_PATH, then /usr/bin/chromium, then Playwright's own; null when none exists. */
export function findChromium(): { path: string; from: string } | null {
  const env = process.env.CHROMIUM_PATH;
  if (env && existsSync(env)) return { path: env, from: 'CHROMIUM_PATH' };
  if (existsSync('/usr/bin/chromium')) return { path: '/usr/bin/chromium', from: '/usr/bin/chromium' };
  try {
    const p = chromium.executablePath();
    if (p && existsSync(p)) return { path: p, from: "Playwright's own Chromium" };
  } catch {
    /* none */
  }
  return null;
}

export interface ExtBrowser {
  context: BrowserContext;
  sw: Worker;
  extId: string;
  close(): Promise<void>;
}

export async function launchWithExtension(extDir: string, port: number, opts: { locale?: string } = {}): Promise<ExtBrowser> {
  const found = findChromium();
  if (!found) throw new Error('no Chromium found: set CHROMIUM_PATH, install the apt package `chromium` (/usr/bin/chromium), or Playwright\'s browser');
  const userDir = mkdtempSync(join(tmpdir(), 'gongkai-ext-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDir, {
      executablePath: found.path,
      headless: true,
      locale: opts.locale ?? 'zh-CN',
      acceptDownloads: true,
      args: [
        `--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`,
        '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--no-first-run', '--disable-sync', '--disable-quic', '--enable-unsafe-extension-debugging',
        `--host-resolver-rules=MAP *.gov.cn 127.0.0.1:${port}, MAP *.example 127.0.0.1:${port}, MAP web.archive.org 127.0.0.1:${port}, MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1`,
      ],
    });
  } catch (err) {
    rmSync(userDir, { recursive: true, force: true });
    throw new Error(`could not start ${found.path} (${found.from}): ${err instanceof Error ? err.message : String(err)}`);
  }
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extId = new URL(sw.url()).host;
  return {
    context, sw, extId,
    close: async () => {
      await context.close().catch(() => {});
      rmSync(userDir, { recursive: true, force: true });
    },
  };
}

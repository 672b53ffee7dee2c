/**
 * Real parts for the extension's end-to-end tests and bench: an HTTP server on 127.0.0.1 that
 * serves pages by Host and path, and Chromium with the built extension, whose resolver sends
 * every *.gov.cn name (and web.archive.org, for archived copies) to that server and every other
 * name nowhere (no request leaves the machine).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { startSite } from './server.js';

export interface PageServer {
  port: number;
  /** host (without port) + path → HTML; a host of '*' serves any host */
  pages: Map<string, string>;
  /** host + path → a file (a report attachment: PDF, Word), sent as its bytes */
  files: Map<string, { body: Uint8Array; contentType: string }>;
  /** every request as "host path", in order */
  log: string[];
  close(): Promise<void>;
}

/** The sites' server (sites/server.ts), its pages looked up by Host and path. */
export async function startServer(): Promise<PageServer> {
  const pages = new Map<string, string>();
  const files = new Map<string, { body: Uint8Array; contentType: string }>();
  const log: string[] = [];
  const site = await startSite((req, path) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    log.push(host + path);
    const file = files.get(host + path);
    if (file) return { ...file, headers: { 'cache-control': 'no-store' } };
    const body = pages.get(host + path) ?? pages.get('*' + path);
    return body === undefined ? undefined : { body, headers: { 'cache-control': 'no-store' } };
  });
  return { port: site.port, pages, files, log, close: site.close };
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

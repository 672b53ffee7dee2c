/**
 * SSRF: a link or redirect to a loopback, private, link-local or metadata address is refused
 * unless the crawl started on that kind of address. The classes are pinned by a table; the
 * refusal is shown on real servers: one listening on this machine's outward interface (its own
 * class, public here) and 127.0.0.1 (loopback), so a start on the first that is sent to the
 * second crosses a class, by redirect, by a name that resolves there, and inside a crawl.
 */
import { createServer, type Server } from 'node:http';
import { networkInterfaces } from 'node:os';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressClass, AddressPolicy } from '../../scraper/fetch/address.js';
import { createFetcher } from '../../scraper/fetch/fetcher.js';
import { fetchOnce } from '../../scraper/fetch/fetch-once.js';
import { FetchError } from '../../scraper/fetch/contract.js';
import { crawl } from '../../scraper/crawl/engine.js';
import { SqliteStore as Store } from '../../scraper/store/sqlite.js';

describe('addressClass', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['114.114.114.114', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.169.254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['169.254.1.1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['fd00::2', 'private'],
    ['fc12:3456::1', 'private'],
    ['fe80::1%eth0', 'link-local'],
    ['fd00:ec2::254', 'metadata'],
    ['2001:4860:4860::8888', 'public'],
    ['ff02::1', 'reserved'],
    ['not-an-ip', 'reserved'],
  ])('%s is %s', (ip, cls) => {
    expect(addressClass(ip)).toBe(cls);
  });

  it('allows public by default and a start URL’s own class once told', async () => {
    const p = new AddressPolicy();
    expect(p.refusal('8.8.8.8', 'http://x/')).toBeNull();
    expect(p.refusal('127.0.0.1', 'http://x/')).toMatchObject({ kind: 'private_address', retryable: false });
    await p.allowHostOf('http://127.0.0.1:9/');
    expect(p.refusal('127.0.0.1', 'http://x/')).toBeNull();
    expect(p.refusal('169.254.169.254', 'http://x/')).toMatchObject({ kind: 'private_address' });
  });
});

/** This machine's first outward IPv4 address, or null (then the live part is skipped). */
function outwardAddress(): string | null {
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return null;
}

const outward = outwardAddress();
if (!outward) console.warn('address.test: no outward network interface; the live SSRF checks are skipped');

describe.skipIf(!outward)('refused on the way, allowed at the start', () => {
  let server: Server;
  let port: number;
  const asked: string[] = [];
  const on = (host: string, path: string) => `http://${host}:${port}${path}`;
  const PAGE = '<html><head><title>t</title></head><body><p>页面</p></body></html>';

  beforeAll(async () => {
    // one server on every interface: reached as the outward address or as 127.0.0.1
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      asked.push(`${req.socket.localAddress} ${path}`);
      if (path === '/robots.txt') return res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
      if (path === '/to-loopback') return res.writeHead(302, { location: on('127.0.0.1', '/secret') }).end();
      if (path === '/to-localhost') return res.writeHead(302, { location: on('localhost', '/secret') }).end();
      if (path === '/to-metadata') return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    });
    await new Promise<void>((r) => server.listen(0, '0.0.0.0', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const secretAsked = () => asked.filter((a) => a.endsWith('/secret'));

  it.each([
    ['a redirect to 127.0.0.1', '/to-loopback', /127\.0\.0\.1.*loopback/],
    ['a redirect to a name that resolves to 127.0.0.1', '/to-localhost', /localhost.*127\.0\.0\.1.*loopback/],
    ['a redirect to the metadata service', '/to-metadata', /169\.254\.169\.254.*metadata/],
  ])('refuses %s from a start on another class of address', async (_name, path, message) => {
    asked.length = 0;
    const f = createFetcher({ delayMs: 0, retries: 0 });
    try {
      await f.allowStart(on(outward!, '/'));
      const err = await f.fetch(on(outward!, path)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(FetchError);
      expect(err).toMatchObject({ kind: 'private_address', retryable: false });
      expect((err as Error).message).toMatch(message);
    } finally {
      await f.close();
    }
    expect(secretAsked()).toEqual([]);
  });

  it('refuses a start on loopback going out to the outward address only by class, both ways', async () => {
    const f = createFetcher({ delayMs: 0, retries: 0 });
    try {
      await f.allowStart(on('127.0.0.1', '/'));
      expect((await f.fetch(on('127.0.0.1', '/page'))).status).toBe(200);
      // the outward address is of another class than loopback: allowed only if public
      const outwardAllowed = addressClass(outward!) === 'public';
      const r = await f.fetch(on(outward!, '/page')).then(
        (x) => x.status,
        (e: FetchError) => e.kind,
      );
      expect(r).toBe(outwardAllowed ? 200 : 'private_address');
    } finally {
      await f.close();
    }
  });

  it('lets a person fetch a loopback page with `parse URL`, but not be redirected there from elsewhere', async () => {
    asked.length = 0;
    expect((await fetchOnce(on('127.0.0.1', '/page'))).status).toBe(200);
    await expect(fetchOnce(on(outward!, '/to-loopback'))).rejects.toMatchObject({ kind: 'private_address' });
    expect(secretAsked()).toEqual([]);
  });

  it('records the refusal in a crawl, and asks nothing of the refused address', async () => {
    asked.length = 0;
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-ssrf-'));
    const store = new Store(join(dir, 'c.db'));
    const f = createFetcher({ delayMs: 0, retries: 0 });
    try {
      const summary = await crawl([on(outward!, '/to-loopback')], { store, fetcher: f, browser: 'never' });
      expect(summary.errors).toEqual([expect.objectContaining({ url: on(outward!, '/to-loopback'), kind: 'private_address' })]);
      expect(await store.frontier(on(outward!, '/to-loopback'))).toMatchObject({ state: 'failed', error_kind: 'private_address', retryable: 0 });
    } finally {
      await f.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(asked.filter((a) => a.startsWith('127.0.0.1'))).toEqual([]);
  });
});

/**
 * What only the Postgres store does: raw pages compressed on disk, workers that open one store
 * at once migrating it once, origin leases and robots.txt shared between workers, and the
 * commands as a user runs them with `--db postgres://…` (or GONGKAI_DB), giving the same export
 * as a SQLite crawl of the same site.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../scraper/store/index.js';
import type { PostgresStore } from '../../scraper/store/postgres.js';
import type { SeriesEntry } from '../../scraper/store/contract.js';
import { WorkerPresence } from '../../scraper/crawl/worker.js';
import { createFetcher } from '../../scraper/fetch/fetcher.js';
import { html, page, sleep, startServer } from '../fetch/server.js';
import { MIGRATIONS } from '../../scraper/store/postgres-schema.js';
import { startChainSite, type ChainSite } from '../../sites/chain-site.js';
import { findPostgres, queryRows, startPostgres, type PostgresCluster } from '../../sites/postgres.js';
import { fakeResult } from './helpers/fill.js';
import { parseReport } from '../../parser/index.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const found = findPostgres();
const skip = 'missing' in found && !process.env.CI;
if (skip) console.warn(`tests/store/postgres: skipped: ${(found as { missing: string }).missing}`);

function gongkai(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/gongkai.js', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const query = queryRows;

describe.skipIf(skip)('the Postgres store', () => {
  let cluster: PostgresCluster;
  let site: ChainSite;
  let dir: string;
  beforeAll(async () => {
    [cluster, site] = await Promise.all([startPostgres(), startChainSite(16)]);
    dir = mkdtempSync(join(tmpdir(), 'gongkai-pgcli-'));
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
    await site?.server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps raw pages compressed, and gives them back whole', async () => {
    const url = await cluster.createDatabase('blobs');
    const store = await openStore(url);
    try {
      const html = '<html><body>' + '<tr><td>本年新收政府信息公开申请数量</td><td>12</td></tr>'.repeat(500) + '</body></html>';
      const tiny = '<p>x</p>';
      await store.saveResponse('http://h/a', fakeResult('http://h/a', html), false);
      await store.saveResponse('http://h/b', fakeResult('http://h/b', tiny), false);
      const rows = await query<{ codec: string; size: number; stored: number }>(url, 'SELECT codec, size, length(bytes) AS stored FROM blobs ORDER BY size DESC');
      expect(rows[0].codec).toBe('br');
      expect(rows[0].size).toBe(new TextEncoder().encode(html).length);
      expect(rows[0].stored).toBeLessThan(rows[0].size / 10);
      expect(rows[1]).toMatchObject({ codec: 'identity', size: 8, stored: 8 });
      const resp = (await store.response('http://h/a', 'static'))!;
      expect(new TextDecoder().decode(await store.body(resp.sha256))).toBe(html);
    } finally {
      await store.close();
    }
  });

  it('six workers opening a new store at once migrate it once, and share its frontier', async () => {
    const url = await cluster.createDatabase('together');
    const stores = await Promise.all(Array.from({ length: 6 }, () => openStore(url)));
    try {
      const versions = await query<{ version: number }>(url, 'SELECT version FROM schema_version ORDER BY version');
      expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
      // all of them queue the same ten URLs at once: each is queued once, by one of them
      const urls = Array.from({ length: 10 }, (_, i) => `http://h/${i}`);
      const added = await Promise.all(stores.map((s) => Promise.all(urls.map((u) => s.enqueue({ url: u, startUrl: u, direction: 'start', gap: 0, depth: 0, foundFrom: null, linkTitle: null })))));
      expect(added.flat().filter(Boolean)).toHaveLength(10);
      expect(await stores[0].allFrontier()).toHaveLength(10);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('an origin is leased to one worker at a time, not again before its delay, and a lease not renewed lapses', async () => {
    const url = await cluster.createDatabase('leases');
    const [a, b] = (await Promise.all([openStore(url), openStore(url)])) as PostgresStore[];
    try {
      const o = 'http://h.example/x';
      expect(await a.leaseOrigin('w1', o, 60_000)).toBeNull();
      // held: by another worker, and by the same one too (a worker counts its own requests under one lease)
      expect(await b.leaseOrigin('w2', o, 60_000)).toBeGreaterThan(0);
      expect(await a.leaseOrigin('w1', o, 60_000)).toBeGreaterThan(0);
      await a.releaseOrigin('w1', o, 400);
      const wait = (await b.leaseOrigin('w2', o, 300))!;
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(400);
      await sleep(wait + 20);
      expect(await b.leaseOrigin('w2', o, 300)).toBeNull();
      // w2 renews its claims but no longer names the origin (its release failed): the lease lapses all the same
      await b.renewClaims('w2', 300, []);
      await sleep(350);
      await b.renewClaims('w2', 300, []);
      expect(await a.leaseOrigin('w1', o, 300)).toBeNull();
      // named, it is kept past its first term
      await a.renewClaims('w1', 1000, ['http://h.example']);
      await sleep(600);
      await a.renewClaims('w1', 1000, ['http://h.example']);
      await sleep(600);
      expect(await b.leaseOrigin('w2', o, 300)).toBeGreaterThan(0);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('workers ending at different times have the series computed once, after the last ends; a killed one holds it up a lease at most', async () => {
    const url = await cluster.createDatabase('series-once');
    const stores = (await Promise.all([0, 1, 2, 3].map(() => openStore(url)))) as PostgresStore[];
    let computed = 0;
    // each worker's store, counting the series computations (each ends in one replaceSeries)
    const counted = stores.map((s) => new Proxy(s, { get: (t, k) => (k === 'replaceSeries' ? (e: SeriesEntry[]) => (computed++, t.replaceSeries(e)) : Reflect.get(t, k)) }));
    const [a, b, c, e] = counted.map((s) => new WorkerPresence(s, 2000, () => {}));
    try {
      await Promise.all([a.start(), b.start(), c.start()]);
      // a is stopped early (Ctrl-C) while b and c crawl on: it leaves the series to them
      await a.end('stopped');
      expect(await a.seriesAtEnd(false)).toBe('left-to-others');
      // b finds no work left: it waits for c, still running
      await b.end('done');
      const atB = b.seriesAtEnd(true);
      await sleep(400);
      expect(computed).toBe(0);
      await c.end('done');
      expect((await Promise.all([atB, c.seriesAtEnd(true)])).sort()).toEqual(['computed', 'fresh']);
      expect(computed).toBe(1);
      // a worker killed outright: running, heard from, and never again; the last one left waits out its lease (600 ms), no longer
      await stores[3].workerSeen({ id: 'killed', host: 'h', pid: 1, started_at: new Date().toISOString(), state: 'running', pages: 0, failures: 0, lease_ms: 600 });
      await e.start();
      await e.end('done');
      expect(await e.seriesAtEnd(true)).toBe('computed');
      expect(computed).toBe(2);
      const state = await query<{ one: boolean }>(url, 'SELECT one FROM series_state');
      expect(state).toEqual([{ one: true }]);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('workers started at different times are one run: a report file one noted is asked again only once none of them runs', async () => {
    const url = await cluster.createDatabase('retry-noted');
    const store = (await openStore(url)) as PostgresStore;
    try {
      const worker = (state: 'running' | 'done') => store.workerSeen({ id: 'first', host: 'h', pid: 1, started_at: '2026-01-01T00:00:00.000Z', state, pages: 0, failures: 0, lease_ms: 60_000 });
      await worker('running');
      const html = '<html><body><p>年度报告</p></body></html>';
      await store.enqueue({ url: 'http://h/p', startUrl: 'http://h/p', direction: 'start', gap: 0, depth: 0, foundFrom: null, linkTitle: null });
      const resp = await store.saveResponse('http://h/p', fakeResult('http://h/p', html), true);
      const rec = parseReport(html, { url: 'http://h/p', sha256: resp.sha256, fetchedAt: resp.fetched_at });
      await store.saveParsed('http://h/p', resp.id, rec, false, [], { kind: 'attachment', message: 'http://h/p.pdf: http 503', retryable: true });
      // a second worker starting now: the first still runs, so the note is of this run
      const later = new Date(Date.now() + 1000).toISOString();
      expect(await store.retryNoted('attachment', later)).toBe(0);
      await worker('done');
      expect(await store.retryNoted('attachment', later)).toBe(1);
      expect(await store.frontier('http://h/p')).toMatchObject({ state: 'fetched', error_kind: null });
    } finally {
      await store.close();
    }
  });

  it("keeps a site's robots.txt for the workers sharing it: one asks, the others read it while it is fresh, by the same rules", async () => {
    const url = await cluster.createDatabase('robots');
    const [a, b] = (await Promise.all([openStore(url), openStore(url)])) as PostgresStore[];
    let up = false;
    // a NUL byte in a comment: the body is kept as bytes (Postgres text cannot hold one)
    const body = 'User-agent: *\nDisallow: /private\nCrawl-delay: 2\n# \u0000\n';
    const s = await startServer({
      '/robots.txt': (_req, res) => void (up ? res.writeHead(200, { 'content-type': 'text/plain' }).end(body) : res.writeHead(503).end()),
      '/p': html(page('<p>公开</p>')),
    });
    const opts = { delayMs: 0, retries: 0, robotsRetryMs: 400, allowAddresses: ['loopback' as const] };
    const [fa, fb] = [createFetcher(opts), createFetcher(opts)];
    fa.shareRobots(a);
    fb.shareRobots(b);
    try {
      // 503: everything refused for now, for both, on one request
      expect(await fa.robots(s.url('/p'))).toMatchObject({ allowed: false, basis: 'unreachable' });
      expect(await fb.robots(s.url('/p'))).toMatchObject({ allowed: false, basis: 'unreachable' });
      expect(s.hits('/robots.txt')).toHaveLength(1);
      up = true;
      // still fresh: neither asks
      expect(await fb.allowed(s.url('/p'))).toBe(false);
      await sleep(450);
      // stale for both now: the one that looks first asks, the other reads its answer
      expect(await fb.allowed(s.url('/private'))).toBe(false);
      expect(await fa.robots(s.url('/p'))).toEqual({ allowed: true, basis: 'rules', crawlDelayMs: 2000 });
      expect((await fa.fetch(s.url('/p'))).status).toBe(200);
      expect(fa.delayOf(s.url('/p'))).toBe(2000);
      expect(s.hits('/robots.txt')).toHaveLength(2);
      const kept = await query<{ basis: string; size: number; fresh: boolean }>(url, `SELECT basis, length(body) AS size, fresh_until > fetched_at + interval '23 hours' AS fresh FROM robots`);
      expect(kept).toEqual([{ basis: 'rules', size: new TextEncoder().encode(body).length, fresh: true }]);
    } finally {
      await Promise.all([fa.close(), fb.close(), s.close()]);
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('crawl, export, series, report and reparse run on --db postgres://… and on GONGKAI_DB, and give what they give on SQLite', async () => {
    const url = await cluster.createDatabase('cli');
    const file = join(dir, 'same.db');
    const start = site.url(site.entries[0].path);
    const [onPg, onFile] = await Promise.all([
      gongkai(['crawl', start, '--db', url, '--delay', '0', '--browser', 'never', '--quiet']),
      gongkai(['crawl', start, '--db', file, '--delay', '0', '--browser', 'never', '--quiet']),
    ]);
    expect(onPg.stderr).toBe('');
    expect([onPg.code, onFile.code]).toEqual([0, 0]);
    const [a, b] = await Promise.all([gongkai(['export', '--format', 'jsonl'], { GONGKAI_DB: url }), gongkai(['export', '--db', file, '--format', 'jsonl'])]);
    expect(a.code).toBe(0);
    expect(a.stdout.trim().split('\n')).toHaveLength(14);
    // the same pages the same day: equal but for when each crawl fetched them
    const strip = (s: string) => s.replace(/"fetchedAt":"[^"]*"/g, '');
    expect(strip(a.stdout)).toBe(strip(b.stdout));
    // records' JSON is kept with lz4 (this server has it), raw pages as brotli wrote them
    const codecs = await query<{ json: string; bytes: string | null }>(
      url,
      `SELECT (SELECT string_agg(DISTINCT pg_column_compression(json), ',') FROM records WHERE length(json) > 4000) AS json,
              (SELECT string_agg(DISTINCT pg_column_compression(bytes), ',') FROM blobs) AS bytes`,
    );
    expect(codecs).toEqual([{ json: 'lz4', bytes: null }]);
    // the body-by-body view and the HTML report read the same from either store
    const [sa, sb] = await Promise.all([gongkai(['series', '--db', url, '--json']), gongkai(['series', '--db', file, '--json'])]);
    expect(sa.code, sa.stderr).toBe(0);
    expect(sa.stdout.length).toBeGreaterThan(0);
    expect(strip(sa.stdout)).toBe(strip(sb.stdout));
    const html = join(dir, 'report.html');
    const rep = await gongkai(['report', '--db', url, '--out', html]);
    expect(rep.code, rep.stderr).toBe(0);
    expect(existsSync(html)).toBe(true);
    const re = await gongkai(['reparse', '--db', url]);
    expect(re.code).toBe(0);
    expect(re.stderr).toMatch(/16 pages re-parsed .*: 14 reports, 0 records changed/);
  }, 120_000);

  it('a database that cannot be reached is unusable input: one line, exit 2, no password shown', async () => {
    const r = await gongkai(['export', '--db', 'postgres://gongkai:secret@127.0.0.1:1/none']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot use the Postgres store at postgres:\/\/gongkai:\*\*\*@127\.0\.0\.1:1\/none: .*ECONNREFUSED/);
    expect(r.stderr).not.toContain('secret');
  });
});

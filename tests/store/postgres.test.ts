/**
 * What only the Postgres store does: raw pages compressed on disk, workers that open one store
 * at once migrating it once, and the commands as a user runs them with `--db postgres://…` (or
 * GONGKAI_DB), giving the same export as a SQLite crawl of the same site.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../scraper/store/index.js';
import { MIGRATIONS } from '../../scraper/store/postgres-schema.js';
import { startChainSite, type ChainSite } from '../../sites/chain-site.js';
import { findPostgres, queryRows, startPostgres, type PostgresCluster } from '../../sites/postgres.js';
import { fakeResult } from './helpers/fill.js';

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

/** `gongkai status` as a user runs it on a SQLite store: workers, origins, queue, speed and failures by kind. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError } from '../../scraper/fetch/contract.js';
import { SqliteStore } from '../../scraper/store/sqlite.js';
import type { NewLink, StoreStatus } from '../../scraper/store/contract.js';
import { fakeResult } from '../store/helpers/fill.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const gongkai = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/gongkai.js'), ...args], { encoding: 'utf8', timeout: 60_000 });
const link = (url: string): NewLink => ({ url, startUrl: url, direction: 'start', gap: 0, depth: 0, foundFrom: null, linkTitle: null });

describe('gongkai status', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-status-'));
    db = join(dir, 's.db');
    const store = new SqliteStore(db);
    for (const u of ['http://a.test/1', 'http://a.test/2', 'http://b.test/1', 'http://b.test/2', 'http://c.test/1', 'http://c.test/2']) await store.enqueue(link(u));
    const recent = new Date(Date.now() - 5000).toISOString();
    await store.saveResponse('http://a.test/1', fakeResult('http://a.test/1', '<p>a</p>', { fetchedAt: recent }), true);
    await store.saveResponse('http://b.test/1', fakeResult('http://b.test/1', '<p>b</p>'), true); // fetched long ago
    await store.markFailed('http://a.test/2', new FetchError('http', 'HTTP 404', 'http://a.test/2', false, 404));
    await store.markFailed('http://b.test/2', new FetchError('timeout', 'no answer in 30 s', 'http://b.test/2', true));
    await store.markFailed('http://c.test/2', new FetchError('http', 'HTTP 410', 'http://c.test/2', false, 410));
    const started = new Date().toISOString();
    await store.workerSeen({ id: 'h:1:a', host: 'h', pid: 1, started_at: started, state: 'running', pages: 2, failures: 1, lease_ms: 30_000 });
    await store.workerSeen({ id: 'h:2:b', host: 'h', pid: 2, started_at: started, state: 'done', pages: 1, failures: 2, lease_ms: 30_000 });
    await store.close();
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('--json: the figures of the store', () => {
    const r = gongkai('status', '--db', db, '--json');
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as StoreStatus;
    expect(s.workers.map((w) => [w.pid, w.state, w.alive])).toEqual([[1, 'running', true], [2, 'done', false]]);
    expect(s.queue).toEqual({ queued: 1, fetched: 2, retry: 1, claimed: 0 });
    // a.test: a page to parse; b.test: one to parse, one to retry; c.test: one queued
    expect(s.origins).toEqual({ withWork: 3, busy: 0 });
    expect(s.done).toEqual({ parsed: 0, failed: 3, robotsBlocked: 0, skipped: 0, reports: 0 });
    expect(s.pagesPerSecond * s.windowS).toBe(1);
    expect(s.failures).toEqual({ http: 2, timeout: 1 });
  });

  it('as text: one line per figure, each worker named', () => {
    const r = gongkai('status', '--db', db);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('workers   1 alive of 2 seen');
    expect(r.stdout).toMatch(/h:1 {2}working, seen \d+ s ago, 2 pages, 1 failures/);
    expect(r.stdout).toContain('h:2  done');
    expect(r.stdout).toContain('origins   3 with work left, 0 being fetched now');
    expect(r.stdout).toContain('queue     1 to fetch, 2 fetched to parse, 1 to try again');
    expect(r.stdout).toContain('failures  http 2 · timeout 1');
  });

  it('no store there: one line, exit 2', () => {
    const r = gongkai('status', '--db', join(dir, 'none.db'));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`gongkai status: no store at ${join(dir, 'none.db')} (run gongkai crawl first)\n`);
  });
});

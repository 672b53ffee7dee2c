/** The crawl store: real SQLite files, WAL, the UNIQUE keys that make a repeated step harmless. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore as Store } from '../../scraper/store/sqlite.js';
import { sha256Hex } from '../../scraper/store/contract.js';
import { makeSeries, reportPage } from '../../sites/pages.js';
import { fakeResult, storePage } from './helpers/fill.js';

describe('Store', () => {
  let dir: string;
  let file: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-store-'));
    file = join(dir, 'sub', 'g.db');
    store = new Store(file);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const link = (url: string) => ({ url, startUrl: url, direction: 'start' as const, gap: 0, depth: 0, foundFrom: null, linkTitle: null });

  /** A second connection to the store's file: the test looks at the database itself, as another program would. */
  const inspect = <T>(fn: (db: Database.Database) => T): T => {
    const db = new Database(file);
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };

  it('opens in WAL mode and creates its directory', () => {
    expect(inspect((db) => db.pragma('journal_mode', { simple: true }))).toBe('wal');
  });

  it('queues a URL once, and not again once it is known as where another redirected to', async () => {
    expect(await store.enqueue(link('http://h/a'))).toBe(true);
    expect(await store.enqueue(link('http://h/a'))).toBe(false);
    await store.saveResponse('http://h/a', fakeResult('http://h/a', '<p>x</p>', { finalUrl: 'http://h/b', redirects: ['http://h/a'] }), true);
    expect(await store.enqueue(link('http://h/b'))).toBe(false);
    expect((await store.allFrontier()).map((r) => [r.url, r.state, r.final_url])).toEqual([['http://h/a', 'fetched', 'http://h/b']]);
  });

  it('stores a body once per hash, and one response per URL and way of fetching', async () => {
    await store.enqueue(link('http://h/a'));
    await store.enqueue(link('http://h/c'));
    await store.saveResponse('http://h/a', fakeResult('http://h/a', '<p>same</p>'), true);
    await store.saveResponse('http://h/a', fakeResult('http://h/a', '<p>same</p>'), true);
    await store.saveResponse('http://h/c', fakeResult('http://h/c', '<p>same</p>'), true);
    await store.saveResponse('http://h/c', fakeResult('http://h/c', '<p>same</p>', { via: 'browser' }), false);
    expect((await store.responses()).map((r) => `${r.url} ${r.via}`)).toEqual(['http://h/a static', 'http://h/c static', 'http://h/c browser']);
    const n = inspect((db) => db.prepare('SELECT count(*) AS n FROM blobs').get() as { n: number });
    expect(n.n).toBe(1);
    const sha = sha256Hex(new TextEncoder().encode('<p>same</p>'));
    expect(new TextDecoder().decode(await store.body(sha))).toBe('<p>same</p>');
    // the database itself refuses a duplicate, whatever the code does
    expect(() =>
      inspect((db) => db.prepare(`INSERT INTO responses (url, final_url, via, status, headers, size, sha256, redirects, attempts, fetched_at) VALUES ('http://h/a','http://h/a','static',200,'{}',1,?,'[]',1,'x')`).run(sha)),
    ).toThrow(/UNIQUE/);
  });

  // failures and pending rows: the contract suite (contract.test.ts) runs that case on SQLite and Postgres

  it('keeps one record per page, replaced on a re-parse, with the parser version', async () => {
    const [d] = makeSeries('试验镇', [{ year: 2022, format: '2021', layout: 'table' }]);
    const html = reportPage(d, { prev: null, next: null });
    await storePage(store, 'http://h/r', html);
    await storePage(store, 'http://h/r', html);
    const rows = await store.recordRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ url: 'http://h/r', is_report: 1, entity: '试验镇', year: 2022, format: '2021' });
    expect(rows[0].parser_version).toMatch(/^\d+\.\d+\.\d+/);
    expect(await store.countReports()).toBe(1);
  });

  it('survives being reopened, and refuses a store of another version', async () => {
    await store.enqueue(link('http://h/a'));
    await store.close();
    store = new Store(file);
    expect(await store.allFrontier()).toHaveLength(1);
    await store.close();
    const raw = new Database(file);
    raw.prepare(`UPDATE meta SET value = '99' WHERE key = 'store_version'`).run();
    raw.close();
    expect(() => new Store(file)).toThrow(/version 99/);
    store = new Store(join(dir, 'other.db'));
  });
});

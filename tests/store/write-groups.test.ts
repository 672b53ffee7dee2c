/**
 * A crawl's writes on a SQLite store of its own are committed in groups (SqliteStore.groupWrites):
 * each step stays whole, another connection sees the steps together and at most a group late, and
 * every way out (close, process exit, a list still being read) commits what the group holds.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../parser/index.js';
import type { NewLink } from '../../scraper/store/contract.js';
import { SqliteStore } from '../../scraper/store/sqlite.js';
import { makeSeries, reportPage } from '../../sites/pages.js';
import { fakeResult, storePage } from './helpers/fill.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const link = (url: string, over: Partial<NewLink> = {}): NewLink => ({ url, startUrl: url, direction: 'start', gap: 0, depth: 0, foundFrom: null, linkTitle: null, ...over });
const nav = { prev: null, next: null };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What another program reading the file sees. */
function rows(file: string, sql: string): unknown[] {
  const d = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return d.prepare(sql).all();
  } finally {
    d.close();
  }
}
const urls = (file: string) => rows(file, 'SELECT url, state FROM frontier ORDER BY url');

describe('SqliteStore.groupWrites', () => {
  let dir: string;
  let n = 0;
  const fresh = () => join(dir, `s${n++}.db`);
  const [report] = makeSeries('试验镇', [{ year: 2022, format: '2021', layout: 'table' }]);
  const html = reportPage(report, nav);
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-groups-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('another connection sees a group of steps together, at most a group late; a failed step leaves the others', async () => {
    const file = fresh();
    const store = new SqliteStore(file);
    const rec = parseReport(html, { url: 'http://h/r' });
    store.groupWrites(1000);
    await store.enqueue(link('http://h/r'));
    const resp = await store.saveResponse('http://h/r', fakeResult('http://h/r', html), true);
    // a step that fails inside the group: undone alone (a savepoint), the steps before it kept
    await expect(store.saveParsed('http://h/r', resp.id, rec, true, [link('http://h/n1'), link('http://h/bad', { direction: 'sideways' as never })])).rejects.toThrow();
    expect(await store.frontier('http://h/n1')).toBeUndefined();
    // this connection reads its own steps at once; another does not see them yet
    expect((await store.frontier('http://h/r'))!.state).toBe('fetched');
    expect(urls(file)).toEqual([]);
    await sleep(1500);
    expect(urls(file)).toEqual([{ url: 'http://h/r', state: 'fetched' }]);
    expect(rows(file, 'SELECT count(*) AS n FROM records')).toEqual([{ n: 0 }]);
    // the next write opens the next group
    await store.saveParsed('http://h/r', resp.id, rec, true, [link('http://h/n1', { direction: 'next' })]);
    expect(urls(file)).toEqual([{ url: 'http://h/r', state: 'fetched' }]);
    await sleep(1500);
    expect(urls(file)).toEqual([
      { url: 'http://h/n1', state: 'queued' },
      { url: 'http://h/r', state: 'parsed' },
    ]);
    await store.close();
  });

  it('close commits the group and checkpoints: the .db copied alone holds every step', async () => {
    const file = fresh();
    const store = new SqliteStore(file);
    store.groupWrites(60_000);
    await storePage(store, 'http://h/a', html);
    await store.close();
    const alone = join(dir, 'alone.db');
    copyFileSync(file, alone);
    expect(rows(alone, 'SELECT url, is_report FROM records')).toEqual([{ url: 'http://h/a', is_report: 1 }]);
  });

  it('grouping ends with groupWrites(0): what the group holds is committed at once, later steps each on their own', async () => {
    const file = fresh();
    const store = new SqliteStore(file);
    store.groupWrites(60_000);
    await store.enqueue(link('http://h/a'));
    expect(urls(file)).toEqual([]);
    store.groupWrites(0);
    expect(urls(file)).toEqual([{ url: 'http://h/a', state: 'queued' }]);
    await store.enqueue(link('http://h/b'));
    expect(urls(file)).toHaveLength(2);
    await store.close();
  });

  it('a process that exits without closing commits its group (the exit handler)', () => {
    const file = fresh();
    const script = join(dir, 'exit.mts');
    writeFileSync(
      script,
      `import { SqliteStore } from ${JSON.stringify(join(ROOT, 'scraper/store/sqlite.ts'))};
const store = new SqliteStore(${JSON.stringify(file)});
store.groupWrites(60_000);
await store.enqueue({ url: 'http://h/x', startUrl: 'http://h/x', direction: 'start', gap: 0, depth: 0, foundFrom: null, linkTitle: null });
process.exit(3);
`,
    );
    const r = spawnSync(process.execPath, ['bin/run-ts.js', script], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(3);
    expect(urls(file)).toEqual([{ url: 'http://h/x', state: 'queued' }]);
  });

  it('a group waits for a list this connection is still reading, then commits', async () => {
    const file = fresh();
    const store = new SqliteStore(file);
    await storePage(store, 'http://h/a', html);
    await storePage(store, 'http://h/b', html.replace('2022', '2023'));
    store.groupWrites(30);
    await store.enqueue(link('http://h/c'));
    const reading = store.iterateReports()[Symbol.asyncIterator]();
    expect((await reading.next()).done).toBe(false);
    // the group's time passes while the list is open: its commit waits (the connection is busy)
    await sleep(150);
    expect(urls(file)).toHaveLength(2);
    await reading.return?.(undefined);
    await sleep(150);
    expect(urls(file)).toHaveLength(3);
    await store.close();
  });
});

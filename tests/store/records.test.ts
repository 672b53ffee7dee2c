/** What a store gives back is checked against the record schema: a hand-edited or foreign record is a clear error, and an export leaves nothing half-written. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { unpackJson } from '../../scraper/store/compress.js';
import { describe, expect, it } from 'vitest';
import { makeSeries, reportPage } from '../../sites/pages.js';
import { recordFrom, StoreError } from '../../scraper/store/contract.js';
import { SqliteStore as Store } from '../../scraper/store/sqlite.js';
import { storePage } from './helpers/fill.js';

const root = new URL('../..', import.meta.url).pathname;

describe('records read back from a store', () => {
  it('a record that does not match the schema is a StoreError naming the page and the field', () => {
    expect(() => recordFrom('{"schema":"gongkai.report/1"}')).toThrow(StoreError);
    expect(() => recordFrom('not json')).toThrow(/not JSON/);
    expect(() => recordFrom(JSON.stringify({ source: { url: 'http://x/1' }, format: 'bogus' }))).toThrow(/http:\/\/x\/1 does not match the record schema/);
  });

  it('gongkai export refuses a hand-edited record with one line, exit 1, and writes no file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-records-'));
    const db = join(dir, 's.db');
    const store = new Store(db);
    const [year] = makeSeries('青岚镇', [{ year: 2022, format: '2021', layout: 'table' }]);
    await storePage(store, 'http://h/q2022', reportPage(year, { prev: null, next: null }));
    await store.close();
    // the export works on the store as written
    const ok = spawnSync(process.execPath, [join(root, 'bin/gongkai.js'), 'export', '--db', db, '--out', join(dir, 'ok.csv')], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(existsSync(join(dir, 'ok.csv'))).toBe(true);
    // someone edits a record by hand
    const raw = new Database(db);
    const row = raw.prepare('SELECT json, json_codec FROM records').get() as { json: Buffer; json_codec: string };
    const edited = JSON.parse(unpackJson(row.json_codec, row.json));
    edited.tables.applications.new_received.total.status = 'probably';
    raw.prepare('UPDATE records SET json = ?, json_codec = NULL').run(JSON.stringify(edited));
    raw.close();
    writeFileSync(join(dir, 'previous.csv'), 'the previous export\n');
    const bad = spawnSync(process.execPath, [join(root, 'bin/gongkai.js'), 'export', '--db', db, '--out', join(dir, 'new.csv')], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/http:\/\/h\/q2022 does not match the record schema \(tables\.applications\.new_received\.total\.status/);
    expect(existsSync(join(dir, 'new.csv'))).toBe(false);
    expect(spawnSync('ls', [dir], { encoding: 'utf8' }).stdout).not.toMatch(/new\.csv\./);
  });
});

/**
 * The commands as a user runs them (node bin/gongkai.js …): usage errors, a crawl with
 * --max-pages, export to stdout and to a file, and reparse replacing records offline.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { unpackJson } from '../../scraper/store/compress.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordSchema } from '../../parser/index.js';
import { startChainSite, type ChainSite } from '../../sites/chain-site.js';
import { UsageError } from '../../cli/args.js';
import { run as crawlCmd } from '../../cli/commands/crawl.js';
import { run as exportCmd } from '../../cli/commands/export.js';
import { run as reparseCmd } from '../../cli/commands/reparse.js';

const ROOT = new URL('../../', import.meta.url).pathname;

function gongkai(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/gongkai.js', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('gongkai crawl / export / reparse', () => {
  let site: ChainSite;
  let dir: string;
  let db: string;
  beforeAll(async () => {
    site = await startChainSite(16);
    dir = mkdtempSync(join(tmpdir(), 'gongkai-cli-'));
    db = join(dir, 'g.db');
  });
  afterAll(async () => {
    await site?.server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses bad arguments as unusable input (exit 2, one line), leaving a file that is not a store untouched', async () => {
    const notAStore = join(dir, 'not-a-store.db');
    const content = 'these bytes are no SQLite database, and they stay as they are';
    writeFileSync(notAStore, content);
    // through the real binary: the exit code and the one line on stderr
    const [r1, r2] = await Promise.all([gongkai(['crawl', 'http://127.0.0.1:1/', '--db', notAStore]), gongkai(['crawl'])]);
    for (const r of [r1, r2]) {
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(r1.stderr).toMatch(/not a gongkai store/);
    expect(readFileSync(notAStore, 'utf8')).toBe(content);
    // the other refusals, in-process: each command throws a UsageError, which the CLI turns into exit 2
    const cases: [typeof crawlCmd, string[], RegExp][] = [
      [crawlCmd, ['ftp://x/y'], /not an http/],
      [crawlCmd, ['http://127.0.0.1:1/', '--browser', 'sometimes'], /--browser/],
      [crawlCmd, ['http://127.0.0.1:1/', '--delay', '-5'], /--delay/],
      [crawlCmd, ['http://127.0.0.1:1/', '--colour'], /unknown option/],
      [exportCmd, ['--db', join(dir, 'none.db')], /no store/],
      [exportCmd, ['--format', 'xml'], /--format/],
      [exportCmd, ['--db', notAStore], /not a gongkai store/],
      [reparseCmd, ['--db', join(dir, 'none.db')], /no store/],
    ];
    for (const [cmd, args, msg] of cases) {
      const err = await cmd(args).then(() => null, (e: Error) => e);
      expect(err, args.join(' ')).toBeInstanceOf(UsageError);
      expect(err!.message).toMatch(msg);
    }
  }, 60_000);

  it('stops at --max-pages, and a second run with a higher limit continues', async () => {
    const start = site.url(site.entries[0].path);
    const r1 = await gongkai(['crawl', start, '--db', db, '--delay', '5', '--max-pages', '5', '--browser', 'never']);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r1.stderr).toMatch(/stopped at --max-pages/);
    const d = new Database(db, { readonly: true });
    expect((d.prepare('SELECT count(*) AS n FROM responses').get() as { n: number }).n).toBe(5);
    d.close();
    const r2 = await gongkai(['crawl', start, '--db', db, '--delay', '5', '--quiet', '--browser', 'never']);
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stderr).toBe('');
    const d2 = new Database(db, { readonly: true });
    expect((d2.prepare('SELECT count(*) AS n FROM responses').get() as { n: number }).n).toBe(16);
    expect((d2.prepare(`SELECT count(*) AS n FROM frontier WHERE state = 'parsed'`).get() as { n: number }).n).toBe(16);
    d2.close();
  }, 60_000);

  it('exports to stdout and to a file', async () => {
    const r = await gongkai(['export', '--db', db, '--format', 'jsonl']);
    expect(r.code, r.stderr).toBe(0);
    const recs = r.stdout.trim().split('\n').map((l) => RecordSchema.parse(JSON.parse(l)));
    expect(recs).toHaveLength(14);
    expect(recs.map((x) => `${x.entity}${x.year}`)).toEqual([...recs.map((x) => `${x.entity}${x.year}`)].sort((a, b) => a.localeCompare(b)));
    const out = join(dir, 'checks.csv');
    const r2 = await gongkai(['export', '--db', db, '--format', 'checks', '--out', out]);
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stdout).toBe('');
    expect(existsSync(`${out}.part`)).toBe(false);
    const csv = readFileSync(out, 'utf8');
    expect(csv.startsWith('\ufeffsource_url,')).toBe(true);
    expect(csv).toContain('series.carry');
  }, 60_000);

  it('reparse replaces stored records with the current parser, offline', async () => {
    const d = new Database(db);
    const row = d.prepare('SELECT url, json, json_codec FROM records WHERE is_report = 1 ORDER BY url LIMIT 1').get() as { url: string; json: Buffer; json_codec: string };
    const before = { url: row.url, json: unpackJson(row.json_codec, row.json) };
    // a record as an older parser left it (as text, as stores before schema 3 held records)
    const old = { ...JSON.parse(before.json), parserVersion: '0.0.1', checks: [] };
    d.prepare('UPDATE records SET json = ?, json_codec = NULL, parser_version = ? WHERE url = ?').run(JSON.stringify(old), '0.0.1', before.url);
    d.prepare('DELETE FROM series_checks').run();
    d.close();
    const requests = site.server.log.length;
    const r = await gongkai(['reparse', '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/16 pages re-parsed .* 14 reports, 1 records changed/);
    expect(site.server.log.length).toBe(requests);
    const d2 = new Database(db, { readonly: true });
    const after = d2.prepare('SELECT json, json_codec, parser_version FROM records WHERE url = ?').get(before.url) as { json: Buffer; json_codec: string; parser_version: string };
    expect(after.parser_version).not.toBe('0.0.1');
    expect(after.json_codec).toBe('br');
    expect(JSON.parse(unpackJson(after.json_codec, after.json)).checks.length).toBe(JSON.parse(before.json).checks.length);
    expect((d2.prepare('SELECT count(*) AS n FROM series_checks').get() as { n: number }).n).toBeGreaterThan(0);
    d2.close();
  }, 60_000);
});

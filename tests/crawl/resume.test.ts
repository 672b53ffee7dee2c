/**
 * A crawl killed midway (SIGKILL to `node bin/gongkai.js crawl`, after some pages are stored)
 * and run again ends with the same store as a crawl never interrupted: no page lost, none twice.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { unpackJson } from '../../scraper/store/compress.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChainSite, type ChainSite } from '../../sites/chain-site.js';
import { crawlToStore } from '../../cli/crawl-run.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const PAGES = 40;

function runCrawl(args: string[]): { done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>; kill: () => void } {
  const child = spawn(process.execPath, ['bin/gongkai.js', 'crawl', ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
  return { done, kill: () => child.kill('SIGKILL') };
}

/** Counts rows of a store another process is writing (WAL lets a reader in at any time). */
function count(db: string, sql: string): number {
  try {
    const d = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (d.prepare(sql).get() as { n: number }).n;
    } finally {
      d.close();
    }
  } catch {
    return 0;
  }
}

/** The store's content, independent of when things happened. */
function snapshot(db: string) {
  const d = new Database(db, { readonly: true });
  try {
    return {
      frontier: d.prepare('SELECT url, state, start_url, direction, gap, depth, found_from, final_url, is_report, error_kind FROM frontier ORDER BY url').all(),
      responses: d.prepare('SELECT url, final_url, via, status, sha256, size FROM responses ORDER BY url, via').all(),
      blobs: d.prepare('SELECT sha256, size FROM blobs ORDER BY sha256').all(),
      records: d
        .prepare('SELECT url, is_report, entity, year, format, parser_version, json, json_codec FROM records ORDER BY url')
        .all()
        .map((r) => {
          const row = r as { json: Buffer; json_codec: string | null };
          const rec = JSON.parse(unpackJson(row.json_codec, row.json));
          delete rec.source.fetchedAt; // the time of the fetch is the only thing that may differ
          return { ...row, json: rec };
        }),
      series: d.prepare('SELECT entity, kind, later_url, earlier_url, json FROM series_checks ORDER BY later_url, id').all(),
    };
  } finally {
    d.close();
  }
}

describe('kill a crawl midway and run it again', () => {
  let site: ChainSite;
  let dir: string;
  beforeAll(async () => {
    site = await startChainSite(PAGES, { latencyMs: 25 });
    dir = mkdtempSync(join(tmpdir(), 'gongkai-resume-'));
  });
  afterAll(async () => {
    await site?.server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ends with the same store as an uninterrupted crawl', async () => {
    const start = site.url(site.entries[Math.floor(PAGES / 3)].path);
    const args = (db: string) => [start, '--db', db, '--delay', '10', '--browser', 'never', '--quiet'];

    // the uninterrupted crawl, in-process through the same function the command runs
    const reference = join(dir, 'reference.db');
    const whole = await crawlToStore([start], { db: reference, delayMs: 10, browser: 'never', quiet: true });
    expect(whole.summary.stoppedBy).toBe('done');

    const killed = join(dir, 'killed.db');
    const first = runCrawl(args(killed));
    let stored = 0;
    for (let i = 0; i < 600 && stored < 12; i++) {
      await new Promise((r) => setTimeout(r, 25));
      stored = count(killed, 'SELECT count(*) AS n FROM responses');
    }
    first.kill();
    const r1 = await first.done;
    expect(r1.signal).toBe('SIGKILL');
    const atKill = count(killed, 'SELECT count(*) AS n FROM responses');
    expect(atKill).toBeGreaterThanOrEqual(12);
    expect(atKill).toBeLessThan(PAGES);
    // nothing fetched was lost to the kill: every stored response is still there
    const requestsBefore = site.server.log.length;

    const second = await runCrawl(args(killed)).done;
    expect(second.code, second.stderr).toBe(0);
    // the second run asked only for what the first had not stored
    const refetched = site.server.log.slice(requestsBefore).filter((l) => l !== 'GET /robots.txt').length;
    expect(refetched).toBeLessThanOrEqual(PAGES - atKill + 1);

    const a = snapshot(reference);
    const b = snapshot(killed);
    expect(a.responses.length).toBe(PAGES);
    expect(a.frontier.every((r) => (r as { state: string }).state === 'parsed')).toBe(true);
    expect(b.frontier).toEqual(a.frontier);
    expect(b.responses).toEqual(a.responses);
    expect(b.blobs).toEqual(a.blobs);
    expect(b.records).toEqual(a.records);
    expect(b.series).toEqual(a.series);
  }, 60_000);
});

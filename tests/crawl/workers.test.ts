/**
 * Several `gongkai crawl` processes on one Postgres store, as a team runs them: three workers
 * started at once from the same start pages fetch every page once, never ask one site twice
 * within the delay between them (nor within the site's Crawl-delay, report files included),
 * ask each site for its robots.txt once between them, and store every year once; a worker
 * SIGKILLed mid-crawl loses nothing, and the others finish its pages once its claims lapse.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreStatus } from '../../scraper/store/contract.js';
import { storeSeries } from '../../scraper/store/dataset.js';
import { openStore } from '../../scraper/store/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPostgres, queryRows, startPostgres, type PostgresCluster } from '../../sites/postgres.js';
import { closestGap, startTimedChain, type TimedSite } from './helpers/timed-chain.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const found = findPostgres();
const skip = 'missing' in found && !process.env.CI;
if (skip) console.warn(`tests/crawl/workers: skipped: ${(found as { missing: string }).missing}`);

const DELAY = 150;
/** Reports per site, body and year (the three sites publish the same bodies). */
const BY_YEAR = `SELECT substring(url from '^http://[^/]+') AS site, entity, year, count(*)::int AS n FROM records WHERE is_report = 1 GROUP BY 1, 2, 3`;

function worker(args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; stderr: string }> } {
  const child = spawn(process.execPath, ['bin/gongkai.js', 'crawl', ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
  return { child, done };
}

const query = queryRows;

/** `gongkai status --json` on the store, as a user runs it. */
function statusOf(db: string): Promise<StoreStatus> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/gongkai.js', 'status', '--db', db, '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`status exited ${code}`))));
  });
}

/** Pages fetched per path at a site (robots.txt apart). */
const fetchedPerPath = (s: TimedSite) => {
  const n = new Map<string, number>();
  for (const a of s.arrivals) if (a.path !== '/robots.txt') n.set(a.path, (n.get(a.path) ?? 0) + 1);
  return n;
};

describe.skipIf(skip)('three workers, one Postgres frontier', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgres();
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('fetch every page once, keep the delay between requests to a site across workers, and store every year once', async () => {
    const sites = await Promise.all([startTimedChain(16), startTimedChain(16), startTimedChain(16)]);
    try {
      const db = await cluster.createDatabase('three');
      const starts = sites.map((s) => s.start);
      const args = [...starts, '--db', db, '--delay', String(DELAY), '--browser', 'never', '--quiet'];
      const runs = await Promise.all([worker(args), worker(args), worker(args)].map((w) => w.done));
      expect(runs.map((r) => r.code), runs.map((r) => r.stderr).join('\n')).toEqual([0, 0, 0]);
      for (const s of sites) {
        const perPath = fetchedPerPath(s);
        expect([...perPath.keys()].sort()).toEqual([...s.paths].sort());
        expect([...perPath.values()].every((n) => n === 1), JSON.stringify([...perPath])).toBe(true);
        // robots.txt: asked for once, inside the lease of the site's first page; the other workers read it from the store
        expect(s.arrivals.filter((a) => a.path === '/robots.txt').length).toBe(1);
        expect(closestGap(s.arrivals)).toBeGreaterThanOrEqual(DELAY - 1);
      }
      const years = await query<{ n: number }>(db, BY_YEAR);
      expect(years.length).toBe(sites.reduce((n, s) => n + s.reports, 0));
      expect(years.every((y) => y.n === 1)).toBe(true);
      const frontier = await query<{ state: string; n: number }>(db, 'SELECT state, count(*)::int AS n FROM frontier GROUP BY state');
      expect(frontier).toEqual([{ state: 'parsed', n: 48 }]);
      const workers = await query<{ state: string; pages: number }>(db, 'SELECT state, pages FROM workers');
      expect(workers.map((w) => w.state)).toEqual(['done', 'done', 'done']);
      expect(workers.reduce((n, w) => n + w.pages, 0)).toBe(48);
      // every worker reached every site, yet none asked for robots.txt again: the store held it
      const robots = await query<{ origin: string; basis: string }>(db, 'SELECT origin, basis FROM robots ORDER BY origin');
      expect(robots).toEqual(sites.map((s) => ({ origin: s.server.origin, basis: 'rules' })).sort((a, b) => a.origin.localeCompare(b.origin)));
    } finally {
      await Promise.all(sites.map((s) => s.server.close()));
    }
  }, 120_000);

  it('leave the series to the last worker: with one stopped early, the rows stored are right once the last ends', async () => {
    const sites = await Promise.all([startTimedChain(16), startTimedChain(16)]);
    try {
      const db = await cluster.createDatabase('series');
      const args = [...sites.map((s) => s.start), '--db', db, '--delay', String(DELAY), '--browser', 'never', '--quiet'];
      // the first stops once the store has 4 pages asked for; the other two walk on and add the rest
      const runs = await Promise.all([worker([...args, '--max-pages', '4']), worker(args), worker(args)].map((w) => w.done));
      expect(runs.map((r) => r.code), runs.map((r) => r.stderr).join('\n')).toEqual([0, 0, 0]);
      expect((await query<{ n: number }>(db, 'SELECT count(*)::int AS n FROM records'))[0].n).toBe(32);
      // the rows stored are those computed afresh over every record now
      const store = await openStore(db);
      try {
        const fresh = await storeSeries(store);
        expect(fresh.length).toBeGreaterThan(0);
        expect(await store.seriesEntries()).toEqual(fresh.map((e) => JSON.parse(JSON.stringify(e))));
      } finally {
        await store.close();
      }
    } finally {
      await Promise.all(sites.map((s) => s.server.close()));
    }
  }, 120_000);

  it("keep a site's Crawl-delay between workers when it is longer than --delay", async () => {
    const site = await startTimedChain(6, { robots: 'User-agent: *\nCrawl-delay: 1\n' });
    try {
      const db = await cluster.createDatabase('crawldelay');
      // three walks on the one site, so two workers always have a page of it to ask for
      const starts = [0, 2, 4].map((i) => site.server.origin + site.paths[i]);
      const args = [...starts, '--db', db, '--delay', '100', '--browser', 'never', '--quiet'];
      const runs = await Promise.all([worker(args), worker(args), worker(args)].map((w) => w.done));
      expect(runs.map((r) => r.code), runs.map((r) => r.stderr).join('\n')).toEqual([0, 0, 0]);
      expect([...fetchedPerPath(site).entries()].sort()).toEqual(site.paths.map((p) => [p, 1]).sort());
      expect(site.arrivals.filter((a) => a.path === '/robots.txt')).toHaveLength(1);
      // robots.txt included: the first worker waited the Crawl-delay after reading it, as the others after its pages
      expect(closestGap(site.arrivals), JSON.stringify(site.arrivals)).toBeGreaterThanOrEqual(1000 - 1);
      const workers = await query<{ pages: number }>(db, 'SELECT pages FROM workers');
      expect(workers.filter((w) => w.pages > 0).length, 'the pages were not all one worker\'s').toBeGreaterThan(1);
    } finally {
      await site.server.close();
    }
  }, 120_000);

  it('ask for report files under the lease of their site, so the delay holds between a file and another worker\'s page', async () => {
    const site = await startTimedChain(24, { files: true });
    try {
      const db = await cluster.createDatabase('files');
      // three walks on one site: while one worker reads a page's file, another has the site's next page to ask for
      const starts = [0, 8, 16].map((i) => site.server.origin + site.paths[i]);
      const args = [...starts, '--db', db, '--delay', String(DELAY), '--browser', 'never', '--quiet'];
      const runs = await Promise.all([worker(args), worker(args), worker(args)].map((w) => w.done));
      expect(runs.map((r) => r.code), runs.map((r) => r.stderr).join('\n')).toEqual([0, 0, 0]);
      expect(site.files.length).toBe(site.reports);
      expect([...fetchedPerPath(site).entries()].sort()).toEqual([...site.paths, ...site.files].map((p) => [p, 1]).sort());
      expect(closestGap(site.arrivals), JSON.stringify(site.arrivals)).toBeGreaterThanOrEqual(DELAY - 1);
      // the files were read (a blank PDF: no report in it, the pages' own readings stand) and stored once each
      const stored = await query<{ n: number }>(db, `SELECT count(*)::int AS n FROM responses WHERE url LIKE '%.pdf'`);
      expect(stored[0].n).toBe(site.files.length);
      expect(await query(db, `SELECT url, error_kind FROM frontier WHERE state <> 'parsed' OR error_kind IS NOT NULL`)).toEqual([]);
    } finally {
      await site.server.close();
    }
  }, 120_000);

  it('ask again in the next run for the report files a server failed to give, on the shared store as on a SQLite file', async () => {
    let down = true;
    const [shared, alone] = await Promise.all([startTimedChain(12, { files: true, filesDown: () => down }), startTimedChain(12, { files: true, filesDown: () => down })]);
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-files-'));
    const file = join(dir, 'alone.db');
    try {
      const db = await cluster.createDatabase('files-again');
      const args = (s: TimedSite, store: string) => [s.start, '--db', store, '--delay', '50', '--retries', '0', '--browser', 'never', '--quiet'];
      const crawl = async () => {
        const runs = await Promise.all([worker(args(shared, db)), worker(args(shared, db)), worker(args(shared, db)), worker(args(alone, file))].map((w) => w.done));
        expect(runs.map((r) => r.code), runs.map((r) => r.stderr).join('\n')).toEqual([0, 0, 0, 0]);
      };
      const asked = (s: TimedSite) => s.arrivals.filter((a) => s.files.includes(a.path)).length;
      await crawl();
      expect(shared.files.length).toBeGreaterThan(0);
      expect([asked(shared), asked(alone)]).toEqual([shared.files.length, alone.files.length]);
      const noted = `SELECT count(*)::int AS n FROM frontier WHERE error_kind = 'attachment' AND retryable = 1`;
      expect(await query<{ n: number }>(db, noted)).toEqual([{ n: shared.files.length }]);
      // the server is well again: the next run asks for each file once more, and only for the files
      down = false;
      const pages = (s: TimedSite) => s.arrivals.filter((a) => s.paths.includes(a.path)).length;
      const pagesBefore = [pages(shared), pages(alone)];
      await crawl();
      expect([asked(shared), asked(alone)]).toEqual([2 * shared.files.length, 2 * alone.files.length]);
      expect([pages(shared), pages(alone)]).toEqual(pagesBefore);
      expect(await query(db, `SELECT url, error_kind FROM frontier WHERE state <> 'parsed' OR error_kind IS NOT NULL`)).toEqual([]);
      expect(await query<{ n: number }>(db, `SELECT count(*)::int AS n FROM responses WHERE url LIKE '%.pdf' AND status = 200`)).toEqual([{ n: shared.files.length }]);
      const local = await openStore(file);
      try {
        expect((await local.allFrontier()).filter((r) => r.state !== 'parsed' || r.error_kind !== null)).toEqual([]);
        expect((await local.responses()).filter((r) => r.url.endsWith('.pdf') && r.status === 200)).toHaveLength(alone.files.length);
      } finally {
        await local.close();
      }
    } finally {
      await Promise.all([shared.server.close(), alone.server.close()]);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('a worker SIGKILLed mid-crawl loses nothing: its claims lapse and the others finish its pages', async () => {
    const sites = await Promise.all([startTimedChain(16), startTimedChain(16), startTimedChain(16)]);
    try {
      const db = await cluster.createDatabase('killed');
      const args = [...sites.map((s) => s.start), '--db', db, '--delay', String(DELAY), '--browser', 'never', '--quiet', '--lease', '1500'];
      const [victim, ...others] = [worker(args), worker(args), worker(args)];
      // killed once pages are stored and it holds a claim (it is in the middle of its walk)
      const held = `SELECT url FROM frontier WHERE claimed_by LIKE '%:${victim.child.pid}:%' AND state <> 'parsed'`;
      let stored = 0;
      let claimed: { url: string }[] = [];
      for (let i = 0; i < 800 && (stored < 6 || claimed.length === 0); i++) {
        await new Promise((r) => setTimeout(r, 10));
        stored = (await query<{ n: number }>(db, 'SELECT count(*)::int AS n FROM responses').catch(() => [{ n: 0 }]))[0].n;
        claimed = await query<{ url: string }>(db, held).catch(() => []);
      }
      victim.child.kill('SIGKILL');
      expect(stored).toBeGreaterThanOrEqual(6);
      expect(claimed.length).toBeGreaterThan(0);
      const killed = await victim.done;
      expect(killed.signal, JSON.stringify({ ...killed, stored })).toBe('SIGKILL');
      const runs = await Promise.all(others.map((w) => w.done));
      expect(runs.map((r) => r.code), runs.map((r) => r.stderr).join('\n')).toEqual([0, 0]);
      for (const s of sites) {
        const perPath = fetchedPerPath(s);
        // every page fetched; one the victim had asked for but not stored may be asked again
        expect([...perPath.keys()].sort()).toEqual([...s.paths].sort());
        expect([...perPath.values()].filter((n) => n > 1).length).toBeLessThanOrEqual(1);
        expect(closestGap(s.arrivals)).toBeGreaterThanOrEqual(DELAY - 1);
      }
      const years = await query<{ n: number }>(db, BY_YEAR);
      expect(years.length).toBe(sites.reduce((n, s) => n + s.reports, 0));
      expect(years.every((y) => y.n === 1)).toBe(true);
      expect(await query(db, `SELECT url, state FROM frontier WHERE state <> 'parsed'`)).toEqual([]);
      // what the victim held was finished by the others
      const after = await query<{ url: string; claimed_by: string | null }>(db, `SELECT url, claimed_by FROM frontier WHERE url IN (${claimed.map((c) => `'${c.url}'`).join(', ')})`);
      expect(after.map((r) => r.claimed_by)).toEqual(claimed.map(() => null));
      const states = await query<{ state: string }>(db, 'SELECT state FROM workers ORDER BY state');
      expect(states.map((w) => w.state)).toEqual(['done', 'done', 'running']);
      // status: the victim is gone (not heard from for longer than its lease), the others done
      const status = await statusOf(db);
      expect(status.workers.filter((w) => w.alive)).toEqual([]);
      expect(status.queue).toEqual({ queued: 0, fetched: 0, retry: 0, claimed: 0 });
      expect(status.done).toMatchObject({ parsed: 48, reports: 42, failed: 0 });
    } finally {
      await Promise.all(sites.map((s) => s.server.close()));
    }
  }, 120_000);
});

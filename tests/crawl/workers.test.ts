/**
 * Several `gongkai crawl` processes on one Postgres store, as a team runs them: three workers
 * started at once from the same start pages fetch every page once, never ask one site twice
 * within the delay between them, and store every year once; a worker SIGKILLed mid-crawl loses
 * nothing, and the others finish its pages once its claims lapse.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { StoreStatus } from '../../scraper/store/contract.js';
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
        // robots.txt: read by each worker that reached the site, inside the same lease as its pages
        expect(s.arrivals.filter((a) => a.path === '/robots.txt').length).toBeLessThanOrEqual(3);
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
    } finally {
      await Promise.all(sites.map((s) => s.server.close()));
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

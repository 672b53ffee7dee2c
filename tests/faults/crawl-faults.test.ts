/**
 * Crawl-level fault injection: the crawl engine, the real fetch layer and a real SQLite store
 * against a local site whose report chains run through a connection reset, a short body, an
 * endless redirect loop, a gzip bomb, a 50 MB page, a stalled body, an unknown charset label and
 * a PDF served as HTML (faulty-site.ts). The crawl must finish, record each fault with its cause,
 * stay within bounded memory, and leave a consistent store, also when the process is killed
 * midway (consistency.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawl, type CrawlSummary } from '../../scraper/crawl/engine.js';
import { responseText } from '../../scraper/crawl/stored-page.js';
import { createFetcher } from '../../scraper/fetch/fetcher.js';
import { FETCH_DEFAULTS, type FetchOptions } from '../../scraper/fetch/contract.js';
import { SqliteStore as Store } from '../../scraper/store/sqlite.js';
import type { FrontierRow } from '../../scraper/store/contract.js';
import { crawlToStore } from '../../cli/crawl-run.js';
import type { ReportRecord } from '../../parser/index.js';
import { A, B, FAULTS, HUGE_BYTES, KLINGON, startFaultySite, type FaultName, type FaultySite } from './faulty-site.js';
import { checkStore, CLEAN, problems } from './consistency.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const MB = 1024 * 1024;
const CAP = FETCH_DEFAULTS.maxBytes; // 10 MB: the crawl runs with the fetcher's default cap
const RETRIES = 2; // so a retryable fault is asked 1 + 2 times per run
const MAX_REDIRECTS = 5;
/**
 * Small limits so the file runs in seconds; the idle timeout stays well above what parsing a page
 * blocks the event loop for (the server and the crawl share this process), so good pages never time out.
 */
const FAST: FetchOptions = { delayMs: 5, backoffMs: 20, retries: RETRIES, timeoutMs: 800, totalTimeoutMs: 20_000, maxRedirects: MAX_REDIRECTS };

/** What each fault must be recorded as: kind, whether retrying may help, a cause in the message, requests per run. */
const EXPECTED: Record<FaultName, { kind: string; retryable: 0 | 1; cause: RegExp; requests: number; status?: number }> = {
  reset: { kind: 'reset', retryable: 1, cause: /ECONNRESET|closed mid-body/, requests: 1 + RETRIES },
  // the server sends 1000 bytes of the length it declared
  short: { kind: 'reset', retryable: 1, cause: /closed mid-body after 1000 bytes|1000 of \d+ bytes/, requests: 1 + RETRIES },
  loop: { kind: 'too_many_redirects', retryable: 0, cause: new RegExp(`more than ${MAX_REDIRECTS} redirects`), requests: MAX_REDIRECTS + 1, status: 302 },
  bomb: { kind: 'too_large', retryable: 0, cause: new RegExp(`over the ${CAP}-byte cap after gzip decompression`), requests: 1, status: 200 },
  huge: { kind: 'too_large', retryable: 0, cause: new RegExp(`over the ${CAP}-byte cap`), requests: 1, status: 200 },
  stall: { kind: 'timeout', retryable: 1, cause: /stalled/, requests: 1 + RETRIES },
  pdf: { kind: 'not_html', retryable: 0, cause: /PDF/, requests: 1, status: 200 },
};
const FAULT_NAMES = Object.keys(FAULTS) as FaultName[];
const FINISHED_STATES = ['parsed', 'failed', 'robots-blocked', 'skipped'];

describe('a crawl through every fault', () => {
  let site: FaultySite;
  let dir: string;
  let file: string;
  let store: Store;
  let summary: CrawlSummary;
  let rss: { before: number; after: number; peak: number };
  const notes: string[] = [];

  beforeAll(async () => {
    site = await startFaultySite(); // builds the gzip bomb before memory is measured
    dir = mkdtempSync(join(tmpdir(), 'gongkai-faults-'));
    file = join(dir, 'crawl.db');
    store = new Store(file);
    const fetcher = createFetcher(FAST);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    try {
      summary = await crawl(site.starts, { store, fetcher, browser: 'never', maxAttempts: 2, onNote: (m) => notes.push(m) });
    } finally {
      clearInterval(sampler);
      await fetcher.close();
    }
    const after = process.memoryUsage().rss;
    rss = { before, after, peak: Math.max(peak, after) };
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await site?.server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const row = async (path: string): Promise<FrontierRow> => {
    const r = await store.frontier(site.url(path));
    expect(r, `frontier row for ${path}`).toBeDefined();
    return r!;
  };

  it('finishes and reports every good page', async () => {
    expect(summary.stoppedBy).toBe('done');
    const got = summary.reports.map((r) => `${r.entity} ${r.year}`).sort();
    const want = site.good.map((g) => `${g.data.entity} ${g.data.year}`).sort();
    expect(got).toEqual(want);
    expect(got).toHaveLength(10);
    for (const g of site.good) {
      const f = await row(g.path);
      expect(f.state, g.path).toBe('parsed');
      expect(f.is_report, g.path).toBe(1);
    }
  });

  it.each(FAULT_NAMES)('records the %s fault on its frontier row, with its cause', async (name) => {
    const want = EXPECTED[name];
    const f = await row(FAULTS[name]);
    expect(f.state).toBe('failed');
    expect(f.error_kind).toBe(want.kind);
    expect(f.retryable).toBe(want.retryable);
    expect(f.error_message).toMatch(want.cause);
    // the status the failing answer came with, where one came (a reset or a stall may come before or after it)
    if (want.status !== undefined) expect(f.error_status).toBe(want.status);
    expect(f.attempts).toBe(1); // one crawl run asked for it …
    expect(site.server.hits.get(FAULTS[name])).toBe(want.requests); // … with the configured retries (or redirect hops)
    // nothing of a failed page is stored
    expect(await store.response(site.url(FAULTS[name]), 'static')).toBeUndefined();
    const err = summary.errors.find((e) => e.url === site.url(FAULTS[name]));
    expect(err).toMatchObject({ kind: want.kind });
    expect(err!.message).toMatch(want.cause);
    expect(notes.some((n) => n.startsWith(site.url(FAULTS[name])) && n.includes(want.kind))).toBe(true);
  });

  it('lists exactly the faults as errors', () => {
    expect(summary.errors.map((e) => e.url).sort()).toEqual(FAULT_NAMES.map((n) => site.url(FAULTS[n])).sort());
    expect(summary.states).toEqual({ parsed: 10, failed: 7 });
  });

  it('reads the page with the unknown charset label by its <meta> (GBK), keeping the label it was served with', async () => {
    const resp = (await store.response(site.url(KLINGON), 'static'))!;
    expect(resp).toBeDefined();
    expect(JSON.parse(resp.headers)['content-type']).toBe('text/html; charset=x-klingon');
    expect(resp.encoding).toBe('gb18030');
    const rec = (await store.reportsOf(B)).find((r) => r.year === 2022) as ReportRecord;
    expect(rec.entity).toBe(B);
    expect(rec.title).toBe(`${B}2022年政府信息公开工作年度报告`);
    const want = site.good.find((g) => g.path === KLINGON)!.data;
    expect(rec.tables.applications?.new_received?.natural_person?.value).toBe(want.applications.new_received[0]);
    // the stored encoding reads the stored bytes again (reparse, export) without the unknown label
    expect(await responseText(store, resp)).toContain(`${B}2022年政府信息公开工作年度报告`);
    // reached by the walk, not given as a start
    expect(await row(KLINGON)).toMatchObject({ direction: 'next', found_from: site.url('/b/2021.html') });
  });

  it('never stores more than the cap, and stops reading the 50 MB page at the cap', () => {
    const c = checkStore(file);
    expect(c.counts.largestBlob).toBeLessThanOrEqual(CAP);
    expect(c.counts.largestBlob).toBeLessThan(MB); // only report pages were stored
    expect(site.hugeSent).toHaveLength(1);
    // the server writes only as fast as the crawler reads: it stopped long before 50 MB
    expect(site.hugeSent[0]).toBeLessThan(HUGE_BYTES / 2);
    expect(site.hugeSent[0]).toBeGreaterThanOrEqual(CAP - 2 * MB);
  });

  it('keeps memory bounded through the 50 MB page and the 100 MB gzip bomb', () => {
    // The cap is 10 MB per response and at most two pages of a host are in hand at once, so a
    // fetcher that streams and stops at the cap holds ~20 MB of body (plus one copy when joining
    // chunks); 150 MB leaves room for the parser, SQLite and the GC's slack, yet is well below the
    // 50 MB + 100 MB that holding either fault whole (let alone both) would take.
    const growth = rss.peak - rss.before;
    expect(growth, `rss ${Math.round(rss.before / MB)} → peak ${Math.round(rss.peak / MB)} → ${Math.round(rss.after / MB)} MB`).toBeLessThan(150 * MB);
  });

  it('leaves a consistent store: integrity_check ok, every reference resolved, nothing in progress', () => {
    const c = checkStore(file);
    expect(problems(c)).toEqual(CLEAN);
    expect(Object.keys(c.states).every((s) => FINISHED_STATES.includes(s))).toBe(true);
    expect(c.counts.records).toBe(c.counts.parsedRows);
    expect(c.counts.reports).toBe(c.counts.parsedReportRows);
    expect(c.counts.reports).toBe(site.good.length);
    expect(c.counts.responses).toBe(site.good.length); // one per good page, none for a fault
    expect(c.counts.frontier).toBe(site.good.length + FAULT_NAMES.length);
  });

  it('a second run asks again only for the retryable faults, and a third (past maxAttempts) for nothing', async () => {
    const hitsBefore = new Map(site.server.hits);
    const run = async () => {
      const fetcher = createFetcher(FAST);
      try {
        return await crawl(site.starts, { store, fetcher, browser: 'never', maxAttempts: 2 });
      } finally {
        await fetcher.close();
      }
    };
    const second = await run();
    expect(second.stoppedBy).toBe('done');
    expect(second.fetchedThisRun).toBe(0);
    for (const name of FAULT_NAMES) {
      const want = EXPECTED[name];
      const f = await row(FAULTS[name]);
      expect(f.state, name).toBe('failed');
      expect(f.error_kind, name).toBe(want.kind);
      expect(f.attempts, name).toBe(want.retryable ? 2 : 1);
      const asked = (site.server.hits.get(FAULTS[name]) ?? 0) - (hitsBefore.get(FAULTS[name]) ?? 0);
      expect(asked, name).toBe(want.retryable ? want.requests : 0);
    }
    for (const g of site.good) expect(site.server.hits.get(g.path), g.path).toBe(hitsBefore.get(g.path));

    const logBefore = site.server.log.length;
    const third = await run();
    expect(third.fetchedThisRun).toBe(0);
    expect(site.server.log.slice(logBefore).filter((l) => l !== 'GET /robots.txt')).toEqual([]);
    expect(problems(checkStore(file))).toEqual(CLEAN);
  }, 60_000);
});

describe('a crawl of the faulty site killed midway', () => {
  let site: FaultySite;
  let dir: string;
  beforeAll(async () => {
    site = await startFaultySite();
    dir = mkdtempSync(join(tmpdir(), 'gongkai-faults-kill-'));
  });
  afterAll(async () => {
    await site?.server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Rows of a store another process is writing (WAL lets a reader in at any time); 0 before it exists. */
  const count = (db: string, sql: string): number => {
    try {
      const d = new Database(db, { readonly: true, fileMustExist: true });
      try {
        return d.prepare(sql).pluck().get() as number;
      } finally {
        d.close();
      }
    } catch {
      return 0;
    }
  };

  /** Starts `gongkai crawl` on the faulty site; SIGKILLs it once `progress` (rows written) reaches `until`. */
  async function crawlAndKill(db: string, until: number): Promise<number> {
    const child = spawn(process.execPath, ['bin/gongkai.js', 'crawl', ...site.starts, '--db', db, '--delay', '0', '--browser', 'never', '--quiet'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    // poll often, so the kill lands while the child is writing (responses and records land a few ms apart)
    let progress = 0;
    for (let i = 0; i < 4000 && progress < until && child.exitCode === null; i++) {
      await new Promise((r) => setTimeout(r, 5));
      progress = count(db, `SELECT (SELECT count(*) FROM responses) + (SELECT count(*) FROM frontier WHERE state = 'failed')`);
    }
    child.kill('SIGKILL');
    const end = await exited;
    expect(end.signal, stderr).toBe('SIGKILL');
    expect(progress).toBeGreaterThanOrEqual(until);
    return progress;
  }

  /** What must hold in a store whatever moment the process died at. */
  function expectConsistentAfterKill(db: string) {
    const c = checkStore(db);
    expect(problems(c)).toEqual(CLEAN);
    // a killed store may hold queued or fetched-but-unparsed pages (the next run's work), never a half step
    expect(Object.keys(c.states).every((s) => ['queued', 'fetched', ...FINISHED_STATES].includes(s))).toBe(true);
    expect(c.counts.records).toBe(c.counts.parsedRows);
    expect(c.counts.reports).toBe(c.counts.parsedReportRows);
    expect(c.counts.largestBlob).toBeLessThanOrEqual(CAP);
    return c;
  }

  it('leaves a consistent store when SIGKILLed while writing, twice, and a re-run completes it', async () => {
    const db = join(dir, 'killed.db');
    // first kill: while the first good pages are being stored
    const first = await crawlAndKill(db, 3);
    const atFirst = expectConsistentAfterKill(db);
    expect(atFirst.counts.reports).toBeLessThan(site.good.length);
    // second kill: the command resumed on the killed store, later in the walk
    await crawlAndKill(db, first + 3);
    const atSecond = expectConsistentAfterKill(db);
    expect(atSecond.counts.responses + (atSecond.states.failed ?? 0)).toBeGreaterThan(atFirst.counts.responses + (atFirst.states.failed ?? 0));

    // the re-run, in-process through the function the command runs: the command has no flag for
    // timeouts and retries, and with its defaults (30 s idle limit, 3 retries) the stalled page alone takes 2 min
    const { summary } = await crawlToStore(site.starts, { db, delayMs: 5, browser: 'never', quiet: true, fetcher: FAST });
    expect(summary.stoppedBy).toBe('done');
    expect(summary.reports).toHaveLength(site.good.length);
    const done = checkStore(db);
    expect(problems(done)).toEqual(CLEAN);
    expect(done.states).toEqual({ parsed: site.good.length, failed: FAULT_NAMES.length });
    expect(done.counts.records).toBe(done.counts.parsedRows);
    expect(done.counts.reports).toBe(site.good.length);
    expect(done.counts.responses).toBe(site.good.length);
    expect(done.counts.largestBlob).toBeLessThanOrEqual(CAP);
    const d = new Database(db, { readonly: true });
    try {
      const failed = d.prepare(`SELECT url, error_kind FROM frontier WHERE state = 'failed' ORDER BY url`).all();
      expect(failed).toEqual(FAULT_NAMES.map((n) => ({ url: site.url(FAULTS[n]), error_kind: EXPECTED[n].kind })).sort((x, y) => (x.url < y.url ? -1 : 1)));
    } finally {
      d.close();
    }
    // a good page is asked again only when a kill came between its answer and its commit: at most once per process
    for (const g of site.good) expect(site.server.hits.get(g.path), g.path).toBeLessThanOrEqual(3);
  }, 60_000);
});

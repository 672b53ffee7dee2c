/**
 * Pages read in worker threads (scraper/crawl/parse-pool.ts) give the records the main thread
 * gives: the demo site crawled both ways into real SQLite, every stored record compared as its
 * JSON; and every stored page read again through a pool and on this thread, byte for byte (the
 * thread's record as its JSON text and its facts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawl } from '../../scraper/crawl/engine.js';
import { readPage, type NavUrls } from '../../scraper/crawl/page-reading.js';
import { defaultParseThreads, PAGES_PER_THREAD, ParsePool, THREAD_HOLD_BYTES } from '../../scraper/crawl/parse-pool.js';
import { readOptions, responseText } from '../../scraper/crawl/stored-page.js';
import { createFetcher } from '../../scraper/fetch/fetcher.js';
import { SqliteStore as Store } from '../../scraper/store/sqlite.js';
import { updateSeries } from '../../scraper/store/series.js';
import { factsOf, jsonOfRecord, RecordText, wholeRecord } from '../../scraper/store/contract.js';
import { startDemoSite, type DemoSite } from '../../sites/demo-site.js';

describe('parsing in worker threads', () => {
  let site: DemoSite;
  let dir: string;
  beforeAll(async () => {
    site = await startDemoSite();
    dir = mkdtempSync(join(tmpdir(), 'gongkai-threads-'));
  });
  afterAll(async () => {
    await site.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** url → record JSON, the fetch time aside (the one field two crawls cannot share) */
  async function crawlRecords(name: string, parseThreads: number): Promise<{ records: Map<string, string>; notes: string[]; store: Store }> {
    const store = new Store(join(dir, `${name}.db`));
    const notes: string[] = [];
    const fetcher = createFetcher({ delayMs: 0 });
    try {
      await crawl([site.startUrl], { store, fetcher, browser: 'never', parseThreads, onNote: (m) => notes.push(m) });
    } finally {
      await fetcher.close();
    }
    const records = new Map<string, string>();
    for (const r of await store.recordRows()) {
      const rec = JSON.parse((await store.recordJson(r.url))!);
      rec.source.fetchedAt = null;
      records.set(r.url, JSON.stringify(rec));
    }
    return { records, notes, store };
  }

  it('stores the same records with threads as without', async () => {
    const threaded = await crawlRecords('threads', 2);
    const alone = await crawlRecords('main', 0);
    try {
      expect(threaded.notes.filter((n) => /parse threads/.test(n))).toEqual([]);
      // the seven reports and news between them (one report's links are drawn by script, and this crawl has no browser)
      expect(alone.records.size).toBeGreaterThanOrEqual(7);
      expect([...threaded.records.keys()].sort()).toEqual([...alone.records.keys()].sort());
      for (const [url, json] of alone.records) expect(threaded.records.get(url), url).toBe(json);
      // the series rows the crawl made at its end (its own reports read back unchecked: recordMadeHere)
      // are those of an update that checks every stored record against the schema
      const atEnd = JSON.stringify(await threaded.store.seriesEntries());
      expect(JSON.parse(atEnd).length).toBeGreaterThan(0);
      await updateSeries(threaded.store);
      expect(JSON.stringify(await threaded.store.seriesEntries())).toBe(atEnd);
    } finally {
      await threaded.store.close();
      await alone.store.close();
    }
  });

  it('reads every stored page in a thread byte for byte as on the main thread, neighbours first', async () => {
    const store = new Store(join(dir, 'threads.db'));
    const pool = new ParsePool(2);
    try {
      const responses = await store.responses();
      expect(responses.length).toBeGreaterThanOrEqual(7);
      await Promise.all(
        responses.map(async (resp) => {
          const html = await responseText(store, resp);
          const navs: NavUrls[] = [];
          const local: NavUrls[] = [];
          const threaded = await pool.read(html, readOptions(resp), (n) => navs.push(n));
          const here = readPage(html, readOptions(resp), (n) => local.push(n));
          // the record comes as its text and facts: the text is the record's, the facts are the record's own fields
          expect(threaded.rec).toBeInstanceOf(RecordText);
          expect(jsonOfRecord(threaded.rec)).toBe(JSON.stringify(here.rec));
          expect({ ...threaded.rec, json: undefined }).toEqual({ ...factsOf(here.rec), json: undefined });
          expect(JSON.stringify(wholeRecord(threaded.rec))).toBe(JSON.stringify(here.rec));
          expect(JSON.stringify(threaded.files)).toBe(JSON.stringify(here.files));
          expect(navs).toEqual(local);
        }),
      );
      // still two threads: none failed to start and left its pages to this one
      expect(pool.size).toBe(2);
    } finally {
      await pool.close();
      await store.close();
    }
  });
});

describe('pages a thread holds', () => {
  const page = readFileSync(new URL('../fixtures/qingshan-2023.html', import.meta.url), 'utf8');
  const opts = (i: number) => ({ url: `http://qingshan.example.gov.cn/${i}.html`, sha256: null, fetchedAt: null });
  /** the pool's threads, reached past its privacy: a test ends one as a crash would */
  const workersOf = (pool: ParsePool) => (pool as unknown as { slots: { worker: { terminate(): Promise<number> } }[] }).slots.map((s) => s.worker);
  /** a pool whose threads are running (they start once their code is ready) */
  async function startedPool(threads: number, notes: string[] = []): Promise<ParsePool> {
    const pool = new ParsePool(threads, (m) => notes.push(m));
    await pool.read(page, opts(0));
    expect(pool.size).toBe(threads);
    return pool;
  }

  it(`each thread is sent up to ${PAGES_PER_THREAD} pages at once; the rest wait in the backlog and every page is read`, async () => {
    const pool = await startedPool(2);
    try {
      const n = 3 * PAGES_PER_THREAD;
      const order: number[] = [];
      const reads = Array.from({ length: n }, (_, i) => pool.read(page, opts(i + 1), () => order.push(i)));
      expect(pool.backlog).toBe(n - 2 * PAGES_PER_THREAD);
      const recs = await Promise.all(reads);
      expect(pool.backlog).toBe(0);
      expect(recs.map((r) => JSON.parse(jsonOfRecord(r.rec)).source.url)).toEqual(Array.from({ length: n }, (_, i) => opts(i + 1).url));
      // every page's neighbours were heard, once each
      expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    } finally {
      await pool.close();
    }
  });

  it(`large pages: a thread holds no more than ${THREAD_HOLD_BYTES / 1024 / 1024} MB of them, or the one it reads when that alone is more`, async () => {
    const pool = await startedPool(1);
    try {
      const big = page.replace('</body>', `<!--${'x'.repeat(Math.ceil(THREAD_HOLD_BYTES * 0.4))}--></body>`);
      const huge = page.replace('</body>', `<!--${'x'.repeat(THREAD_HOLD_BYTES * 1.2)}--></body>`);
      // two of 0.4 fit, a third does not
      const three = [1, 2, 3].map((i) => pool.read(big, opts(i)));
      expect(pool.backlog).toBe(1);
      // one larger than the whole allowance waits for the thread to be empty, then goes alone; the small one behind it waits its turn
      const after = [pool.read(huge, opts(4)), pool.read(page, opts(5))];
      expect(pool.backlog).toBe(3);
      const recs = await Promise.all([...three, ...after]);
      expect(recs.map((r) => JSON.parse(jsonOfRecord(r.rec)).source.url)).toEqual([1, 2, 3, 4, 5].map((i) => opts(i).url));
      expect(pool.backlog).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it('a thread that ends holding pages: each of them is read on this thread, none lost, and the other thread goes on', async () => {
    const notes: string[] = [];
    const pool = await startedPool(2, notes);
    try {
      const n = 3 * PAGES_PER_THREAD;
      const reads = Array.from({ length: n }, (_, i) => pool.read(page, opts(i + 1)));
      await workersOf(pool)[0].terminate();
      const here = JSON.stringify(readPage(page, opts(1)).rec);
      const recs = await Promise.all(reads);
      expect(recs).toHaveLength(n);
      expect(jsonOfRecord(recs[0].rec)).toBe(here);
      expect(new Set(recs.map((r) => JSON.parse(jsonOfRecord(r.rec)).source.url)).size).toBe(n);
      expect(pool.size).toBe(1);
      expect(notes).toEqual([]);
    } finally {
      await pool.close();
    }
  });
});

describe('how many parse threads by default', () => {
  it.each([
    ['a crawl alone on its store: one a core', false, availableParallelism()],
    ['a worker on a shared store: none, pages read on its main thread (workers are the unit, one a core)', true, 0],
  ])('%s', (_, shared, want) => {
    expect(defaultParseThreads(shared)).toBe(want);
  });
});


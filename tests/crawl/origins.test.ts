/**
 * Many sites at once: twenty local sites (one origin per port on 127.0.0.1), each answering
 * slowly, crawled through the real fetcher into real SQLite. Each site's own gauge says how many
 * of its pages were being answered at once, a shared gauge how many over all sites.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { crawl } from '../../scraper/crawl/engine.js';
import { createFetcher } from '../../scraper/fetch/fetcher.js';
import { SqliteStore as Store } from '../../scraper/store/sqlite.js';
import { startChainSite, type ChainSite, type RequestGauge } from '../../sites/chain-site.js';

const SITES = 20;
const PAGES = 4;

describe('many origins at once', () => {
  const all: RequestGauge = { inFlight: 0, max: 0 };
  let sites: ChainSite[];
  let dir: string;
  let store: Store;

  beforeAll(async () => {
    // slow answers, so the requests that may overlap do
    sites = await Promise.all(Array.from({ length: SITES }, () => startChainSite(PAGES, { latencyMs: 200, gauge: all })));
  });
  afterAll(async () => {
    await Promise.all(sites.map((s) => s.server.close()));
  });
  beforeEach(() => {
    all.max = 0;
    for (const s of sites) {
      s.gauge.max = 0;
      s.server.hits.clear();
    }
    dir = mkdtempSync(join(tmpdir(), 'gongkai-origins-'));
    store = new Store(join(dir, 'crawl.db'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const starts = () => sites.map((s) => s.url(s.entries[0].path));

  /** Every page of every site asked for once, one request at a time per site. */
  function expectEveryPageOnceAndPolitely() {
    for (const s of sites) {
      for (const e of s.entries) expect(s.server.hits.get(e.path), `${s.server.origin}${e.path}`).toBe(1);
      expect(s.gauge.max).toBe(1);
    }
  }

  // sites in hand at most, and requests over all sites at most; an origin let go between two
  // pages may still have the early request for its next one out, so requests may exceed sites
  it.each([
    ['the default of 16 sites', {}, {}, 16, [16, SITES]],
    ['--origins 20', { origins: 20 }, {}, 20, [20, 20]],
    ['--origins 20 with 5 requests in flight at most', { origins: 20 }, { maxInFlight: 5 }, 20, [5, 5]],
  ])('walks %s side by side', async (_name, crawlOpts, fetchOpts, sitesAtOnce, [fewest, most]) => {
    const fetcher = createFetcher({ delayMs: 0, ...fetchOpts });
    const origins: number[] = [];
    try {
      const summary = await crawl(starts(), { store, fetcher, browser: 'never', ...crawlOpts, onProgress: (p) => origins.push(p.origins) });
      expect(summary.reports.length).toBe(SITES * PAGES);
    } finally {
      await fetcher.close();
    }
    expectEveryPageOnceAndPolitely();
    expect(Math.max(...origins)).toBe(sitesAtOnce);
    expect(all.max).toBeGreaterThanOrEqual(fewest);
    expect(all.max).toBeLessThanOrEqual(most);
  });

  it('walks as many sites at once when it resumes a queue left in the store', async () => {
    for (const url of starts()) await store.enqueue({ url, startUrl: url, direction: 'start', gap: 0, depth: 0, foundFrom: null, linkTitle: null });
    const fetcher = createFetcher({ delayMs: 0 });
    try {
      const summary = await crawl([], { store, fetcher, browser: 'never', origins: 12 });
      expect(summary.reports.length).toBe(SITES * PAGES);
    } finally {
      await fetcher.close();
    }
    expectEveryPageOnceAndPolitely();
    expect(all.max).toBeGreaterThanOrEqual(12);
  });

  it('reports the sites active and the queue as it goes', async () => {
    const seen: { origins: number; queued: number }[] = [];
    const fetcher = createFetcher({ delayMs: 0 });
    try {
      await crawl(starts(), { store, fetcher, browser: 'never', origins: 8, onProgress: (p) => seen.push({ origins: p.origins, queued: p.queued }) });
    } finally {
      await fetcher.close();
    }
    expect(Math.max(...seen.map((p) => p.origins))).toBe(8);
    // the twelve sites not yet started wait in the queue at first
    expect(Math.max(...seen.map((p) => p.queued))).toBeGreaterThanOrEqual(SITES - 8);
    expect(seen.at(-1)).toEqual({ origins: 0, queued: 0 });
  });
});

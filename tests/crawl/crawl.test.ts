/**
 * The crawl engine against a local site that misbehaves as real ones do (helpers/misbehaving-site.ts):
 * real HTTP on 127.0.0.1, the real fetch layer, real SQLite, and real Chromium for the page whose
 * links are drawn by script.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawl, type CrawlSummary } from '../../scraper/crawl/engine.js';
import { createFetcher } from '../../scraper/fetch/fetcher.js';
import { SqliteStore as Store } from '../../scraper/store/sqlite.js';
import { FetchError, type Fetcher } from '../../scraper/fetch/contract.js';
import { startSite } from '../../sites/server.js';
import { startChainSite } from '../../sites/chain-site.js';
import { makeSeries, newsPage, reportPage } from '../../sites/pages.js';
import type { ReportRecord } from '../../parser/index.js';
import { chromiumPath } from './helpers/chromium.js';
import { ENTITY, startMisbehavingSite, type MisbehavingSite } from './helpers/misbehaving-site.js';

const hasChromium = chromiumPath() !== null;
if (!hasChromium) console.warn('crawl.test: no Chromium (CHROMIUM_PATH, /usr/bin/chromium): the script-drawn page is checked as "needed a browser"');

describe('crawl a misbehaving site', () => {
  let site: MisbehavingSite;
  let dir: string;
  let store: Store;
  let summary: CrawlSummary;
  let reports: ReportRecord[];
  const notes: string[] = [];

  beforeAll(async () => {
    site = await startMisbehavingSite();
    dir = mkdtempSync(join(tmpdir(), 'gongkai-crawl-'));
    store = new Store(join(dir, 'crawl.db'));
    const fetcher = createFetcher({ delayMs: 20, backoffMs: 50, renderSettleMs: 300 });
    try {
      summary = await crawl(site.starts, { store, fetcher, browser: 'auto', onNote: (m) => notes.push(m) });
    } finally {
      await fetcher.close();
    }
    reports = [];
    for await (const r of store.reportsWithSeries()) reports.push(r);
  }, 90_000);

  afterAll(async () => {
    store?.close();
    await site?.server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const rec = (year: number) => reports.find((r) => r.year === year)!;

  it('finds every year of the body, walking both ways whatever 上一条 means', () => {
    const years = reports.filter((r) => r.entity === ENTITY).map((r) => r.year);
    expect(years).toEqual(hasChromium ? [2019, 2020, 2021, 2022, 2023, 2024, 2025] : [2019, 2020, 2021, 2022, 2023, 2024]);
    expect(summary.reports.length).toBe(years.length);
  });

  it('reads the cells of each layout, the GBK page and the page reached through a redirect', () => {
    const want = (year: number) => site.reports.find((d) => d.year === year)!;
    // GBK page (real <table>)
    expect(rec(2022).title).toBe('云岭乡2022年政府信息公开工作年度报告');
    expect(rec(2022).tables.applications?.new_received?.natural_person?.value).toBe(want(2022).applications.new_received[0]);
    expect(rec(2022).tables.active?.normative_documents?.in_force?.value).toBe(want(2022).active.normative_documents.in_force);
    // reached through the 301: stored under the address it ended at
    expect(rec(2020).source.url).toBe(site.url('/a/2020.html'));
    expect(rec(2020).format).toBe('2019');
    expect(rec(2020).tables.applications?.carried_forward?.natural_person?.value).toBe(want(2020).applications.carried_forward[0]);
    // concatenated digits, behind the slow answer
    expect(rec(2021).layout).toBe('concatenated');
    expect(rec(2021).tables.applications?.results_total?.total?.value).toBe(want(2021).applications.results_total.reduce((a, b) => a + b, 0));
    expect(rec(2019).tables.active?.procurement?.amount?.value).toBe(86.5);
  });

  it('keeps the report that breaks the balance rule as a finding', () => {
    const fails = rec(2023).checks.filter((c) => c.status === 'fail').map((c) => `${c.id}:${c.scope}`);
    expect(fails).toEqual(['applications.balance:natural_person', 'applications.balance:total']);
  });

  it('runs the series checks between consecutive years, naming both reports', () => {
    const carry = rec(2021).checks.filter((c) => c.id === 'series.carry');
    expect(carry.length).toBe(7);
    expect(carry.every((c) => c.status === 'pass')).toBe(true);
    expect(carry[0].reports).toEqual([
      { url: site.url('/a/2020.html'), year: 2020 },
      { url: site.url('/a/2021.html'), year: 2021 },
    ]);
    expect(reports.flatMap((r) => r.checks).filter((c) => c.id === 'series.gap')).toEqual([]);
  });

  it('records the errors: the 404 and the robots-disallowed link', async () => {
    const f404 = (await store.frontier(site.url('/a/news-404.html')))!;
    expect(f404.state).toBe('failed');
    expect(f404.error_kind).toBe('http');
    expect(f404.error_status).toBe(404);
    expect(f404.retryable).toBe(0);
    const blocked = (await store.frontier(site.url('/a/private/news-0.html')))!;
    expect(blocked.state).toBe('robots-blocked');
    expect(summary.errors.map((e) => e.url).sort()).toEqual([site.url('/a/news-404.html'), site.url('/a/private/news-0.html')].sort());
    expect(notes.some((n) => n.includes('news-404') && n.includes('404'))).toBe(true);
  });

  it('never requests a disallowed URL, asks robots.txt first, and asks each page once', () => {
    expect(site.server.log.filter((l) => l.includes('/a/private/'))).toEqual([]);
    expect(site.server.log[0]).toBe('GET /robots.txt');
    expect(site.server.hits.get('/a/news-404.html')).toBe(1);
    expect(site.server.hits.get('/a/2022.html')).toBe(1); // the loop back to it is not followed again
    expect(site.server.hits.get('/a/2020.html')).toBe(1); // the redirect's target, linked directly too
    expect(site.server.hits.get('/a/news-503.html')).toBe(3);
    expect([...site.server.agents].every((a) => a.startsWith('gongkai/'))).toBe(true);
  });

  it('stores every response with its bytes, status and hash; news items as non-reports', async () => {
    const responses = await store.responses();
    const r503 = responses.find((r) => r.url === site.url('/a/news-503.html'))!;
    expect(r503.status).toBe(200);
    expect(r503.attempts).toBe(3);
    const redirected = responses.find((r) => r.url === site.url('/a/old/2020.htm'))!;
    expect(redirected.final_url).toBe(site.url('/a/2020.html'));
    expect(JSON.parse(redirected.redirects)).toEqual([site.url('/a/old/2020.htm')]);
    const gbk = responses.find((r) => r.url === site.url('/a/2022.html'))!;
    expect(gbk.encoding).toBe('gb18030');
    expect((await store.body(gbk.sha256))[0]).toBe('<'.charCodeAt(0));
    const news = (await store.frontier(site.url('/a/news-h.html')))!;
    expect(news.state).toBe('parsed');
    expect(news.is_report).toBe(0);
    expect(news.gap).toBe(0);
    const after = (await store.frontier(site.url('/a/2023.html')))!;
    expect(after.gap).toBe(1); // one non-report page walked through to reach it
  });

  it('renders the page whose navigation is drawn by script', async () => {
    const f = (await store.frontier(site.url('/a/2024.html')))!;
    expect(f.state).toBe('parsed');
    if (hasChromium) {
      expect(await store.response(site.url('/a/2024.html'), 'browser')).toBeDefined();
      expect(rec(2024).nav?.next?.url).toBe(site.url('/a/2025.html'));
      expect((await store.frontier(site.url('/a/news-loop.html')))!.state).toBe('parsed');
    } else {
      expect(f.error_kind).toBe('browser');
      expect(summary.neededBrowser.map((e) => e.url)).toEqual([site.url('/a/2024.html')]);
    }
    // pages whose links are in the HTML were not rendered
    const rendered = (await store.responses()).filter((r) => r.via === 'browser').map((r) => r.url);
    expect(rendered).toEqual(hasChromium ? [site.url('/a/2024.html')] : []);
  });

  it('a second run of the same crawl has nothing left to do', async () => {
    const before = site.server.log.length;
    const fetcher = createFetcher({ delayMs: 20, backoffMs: 50 });
    try {
      const again = await crawl(site.starts, { store, fetcher, browser: 'auto' });
      expect(again.fetchedThisRun).toBe(0);
      expect(again.reports.length).toBe(summary.reports.length);
    } finally {
      await fetcher.close();
    }
    expect(site.server.log.length).toBe(before);
  });
});

describe('crawl without a usable browser', () => {
  it('keeps the script-drawn page, names it as needing a browser, and walks on elsewhere', async () => {
    const site = await startMisbehavingSite({ slowMs: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-nobrowser-'));
    const store = new Store(join(dir, 'c.db'));
    const real = createFetcher({ delayMs: 10, backoffMs: 20 });
    // the fetch layer's answer when no Chromium can be found
    const fetcher: Fetcher = {
      fetch: (url, call) => real.fetch(url, call),
      allowed: (url) => real.allowed(url),
      allowStart: (url) => real.allowStart(url),
      close: () => real.close(),
      render: async (url: string) => {
        throw new FetchError('browser', 'no Chromium binary found; tried /nonexistent (CHROMIUM_PATH)', url, false);
      },
    };
    try {
      const s = await crawl([site.url('/a/2022.html')], { store, fetcher, browser: 'auto' });
      expect(s.neededBrowser.map((e) => e.url)).toEqual([site.url('/a/2024.html')]);
      expect(s.neededBrowser[0].message).toMatch(/needed a browser \(no navigation links in the static HTML\).*no Chromium/);
      expect(s.reports.map((r) => r.year)).toEqual([2022, 2023, 2024]);
      expect(await store.frontier(site.url('/a/2024.html'))).toMatchObject({ state: 'parsed', is_report: 1, error_kind: 'browser' });
      expect(await store.frontier(site.url('/a/2025.html'))).toBeUndefined();
    } finally {
      await real.close();
      await store.close();
      await site.server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('crawl stays on the start page\'s host', () => {
  it('records a link to another host without fetching it, and does not walk on from a redirect that leaves the host', async () => {
    const other = await startSite({
      '/landed.html': { body: newsPage('别处的页面', '2024-01-01', ['别处。'], { prev: { href: '/further.html', title: '更远' }, next: null }) },
      '/further.html': { body: '<p>never asked for</p>' },
      '/direct.html': { body: '<p>never asked for</p>' },
    });
    const [d] = makeSeries('边界镇', [{ year: 2022, format: '2021', layout: 'table' }]);
    const home = await startSite({
      '/r.html': { body: reportPage(d, { prev: { href: other.origin + '/direct.html', title: '外站链接' }, next: { href: '/go.html', title: '跳转' } }) },
      '/go.html': () => ({ status: 301, body: '', headers: { location: other.origin + '/landed.html' } }),
    });
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-offsite-'));
    const store = new Store(join(dir, 'c.db'));
    const fetcher = createFetcher({ delayMs: 5 });
    try {
      const s = await crawl([home.origin + '/r.html'], { store, fetcher, browser: 'never' });
      expect(await store.frontier(other.origin + '/direct.html')).toMatchObject({ state: 'skipped', error_kind: 'offsite' });
      expect(await store.frontier(home.origin + '/go.html')).toMatchObject({ state: 'parsed', final_url: other.origin + '/landed.html', error_kind: 'offsite' });
      expect(other.log.filter((l) => l !== 'GET /robots.txt')).toEqual(['GET /landed.html']);
      expect(await store.frontier(other.origin + '/further.html')).toBeUndefined();
      expect(s.errors.map((e) => [e.url, e.kind]).sort()).toEqual([[home.origin + '/go.html', 'offsite'], [other.origin + '/direct.html', 'offsite']].sort());
    } finally {
      await fetcher.close();
      await store.close();
      await home.close();
      await other.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!hasChromium)('crawl with --browser always', () => {
  it('renders every page and stores the rendered HTML as the response', async () => {
    const site = await startChainSite(3);
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-always-'));
    const store = new Store(join(dir, 'c.db'));
    const fetcher = createFetcher({ delayMs: 5, renderSettleMs: 300 });
    try {
      const s = await crawl([site.url(site.entries[0].path)], { store, fetcher, browser: 'always' });
      expect(s.reports.map((r) => r.year)).toEqual([2023, 2024, 2025]);
      const via = (await store.responses()).map((r) => r.via);
      expect(via).toEqual(['browser', 'browser', 'browser']);
      // the rendered DOM, serialised by the browser, not the bytes the server sent
      const first = (await store.responses())[0];
      expect(new TextDecoder().decode(await store.body(first.sha256))).toMatch(/^<html|^<!DOCTYPE html>/i);
    } finally {
      await fetcher.close();
      await store.close();
      await site.server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('crawl walks through non-report neighbours up to the gap', () => {
  it('walks through maxGap news items, records them as non-reports, and never asks for a page beyond the next', async () => {
    const [d] = makeSeries('间隔镇', [{ year: 2022, format: '2021', layout: 'lines' }]);
    const news = (i: number) => ({ body: newsPage(`间隔镇工作动态${i}`, '2024-01-01', ['动态。'], { prev: { href: `/n${i - 1}.html`, title: `动态${i - 1}` }, next: { href: `/n${i + 1}.html`, title: `动态${i + 1}` } }) });
    const site = await startSite({
      '/n0.html': { body: reportPage(d, { prev: null, next: { href: '/n1.html', title: '动态1' } }) },
      '/n1.html': news(1),
      '/n2.html': news(2),
      '/n3.html': news(3),
      '/n4.html': news(4),
    });
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-gap-'));
    const store = new Store(join(dir, 'c.db'));
    const fetcher = createFetcher({ delayMs: 5 });
    try {
      await crawl([site.origin + '/n0.html'], { store, fetcher, browser: 'never', maxGap: 2 });
      // gap = non-report pages walked through to reach a page: n3 is reached through two, and its links end the walk
      expect(site.log.filter((l) => l !== 'GET /robots.txt')).toEqual(['GET /n0.html', 'GET /n1.html', 'GET /n2.html', 'GET /n3.html']);
      expect((await store.allFrontier()).map((r) => [r.url.replace(site.origin, ''), r.is_report, r.gap])).toEqual([
        ['/n0.html', 1, 0],
        ['/n1.html', 0, 0],
        ['/n2.html', 0, 1],
        ['/n3.html', 0, 2],
      ]);
    } finally {
      await fetcher.close();
      await store.close();
      await site.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

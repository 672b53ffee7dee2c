/**
 * The researchers' dataset over a real crawl: one report reached from three URLs (the page, the
 * page with ?from=list, a byte-identical copy at another path) on a real HTTP server on
 * 127.0.0.1, into real SQLite, exported: one wide row per body-year, the copy named in
 * duplicate_urls, the series checks on the page of the chain, a body whose title gains its
 * parent city in one year kept as one body.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawl } from '../../scraper/crawl/engine.js';
import { createFetcher } from '../../scraper/fetch/fetcher.js';
import { exportText } from '../../scraper/store/export.js';
import { SqliteStore as Store } from '../../scraper/store/sqlite.js';
import { makeSeries, reportPage, reportTitle, type ReportData } from '../../sites/pages.js';
import { startSite, type SiteServer } from '../../sites/server.js';

const table = (csv: string) => {
  const [head, ...rows] = Papa.parse<string[]>(csv.replace(/^\ufeff/, ''), { skipEmptyLines: true }).data;
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
};

/** 洪泽区's reports 2021–2023 on one column; the 2021 title names the parent city too. */
function site(): Map<string, { body: string }> {
  const series = makeSeries('洪泽区人民政府', [2021, 2022, 2023].map((year) => ({ year, format: '2021' as const, layout: 'table' as const })));
  const named = (d: ReportData): ReportData => (d.year === 2021 ? { ...d, entity: '淮安市洪泽区人民政府' } : d);
  const path = (y: number) => `/nb/t${y}.htm`;
  const pages = new Map<string, { body: string }>();
  for (const d of series.map(named)) {
    const prev = d.year < 2023 ? { href: path(d.year + 1), title: reportTitle('洪泽区人民政府', d.year + 1) } : null;
    const next = d.year > 2021 ? { href: path(d.year - 1), title: reportTitle('洪泽区人民政府', d.year - 1) } : null;
    pages.set(path(d.year), { body: reportPage(d, { prev, next }) });
  }
  // the same bytes at another path: its links lead back to the chain
  pages.set('/zt/copy/t2023.htm', pages.get(path(2023))!);
  return pages;
}

describe('one report reached from three URLs', () => {
  let server: SiteServer;
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    server = await startSite(site());
    dir = mkdtempSync(join(tmpdir(), 'gongkai-dataset-'));
    store = new Store(join(dir, 'd.db'));
    const fetcher = createFetcher({ delayMs: 5 });
    try {
      const o = server.origin;
      await crawl([`${o}/nb/t2023.htm`, `${o}/nb/t2023.htm?from=list#top`, `${o}/zt/copy/t2023.htm`], { store, fetcher, browser: 'never' });
    } finally {
      await fetcher.close();
    }
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the tracking parameter never reaches the frontier: t2023.htm is asked for once', async () => {
    expect((await store.allFrontier()).map((r) => r.url.replace(server.origin, '')).sort()).toEqual(['/nb/t2021.htm', '/nb/t2022.htm', '/nb/t2023.htm', '/zt/copy/t2023.htm']);
    expect(server.hits.get('/nb/t2023.htm')).toBe(1);
  });

  it('wide: one row per body-year, the copy listed in duplicate_urls, the chain page canonical', async () => {
    const rows = table(await exportText(store, 'wide'));
    expect(rows.map((r) => `${r.body} ${r.year}`)).toEqual(['淮安市洪泽区 2021', '淮安市洪泽区 2022', '淮安市洪泽区 2023']);
    expect(rows.map((r) => r.entity)).toEqual(['淮安市洪泽区人民政府', '洪泽区人民政府', '洪泽区人民政府']);
    const r2023 = rows[2];
    expect(r2023.source_url).toBe(`${server.origin}/nb/t2023.htm`);
    expect(r2023.duplicate_urls).toBe(`${server.origin}/zt/copy/t2023.htm`);
    expect(rows.every((r) => r.in_series === 'true' && r.site === server.origin.replace('http://', ''))).toBe(true);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.sha256) && r.report_id === r.sha256.slice(0, 16) && r.fetched_at && r.parser_version)).toBe(true);
    expect(new Set(rows.map((r) => r.report_id)).size).toBe(3);
  });

  it('the series checks run on the chain pages only, across the body whose title changed', async () => {
    const checks = table(await exportText(store, 'checks')).filter((c) => c.check.startsWith('series.'));
    expect(checks.length).toBeGreaterThan(0);
    expect(new Set(checks.map((c) => c.source_url.replace(server.origin, '')))).toEqual(new Set(['/nb/t2022.htm', '/nb/t2023.htm']));
    expect(checks.filter((c) => c.check === 'series.carry' && c.source_url.endsWith('t2022.htm')).map((c) => c.other_report_url.replace(server.origin, ''))).toEqual(Array(7).fill('/nb/t2021.htm'));
    expect(checks.some((c) => c.check === 'series.duplicate')).toBe(false);
    expect(checks.filter((c) => c.status === 'fail')).toEqual([]);
  });

  it('every form carries the provenance; jsonl names the duplicates', async () => {
    for (const f of ['csv', 'checks'] as const) {
      const rows = table(await exportText(store, f));
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.report_id && r.sha256 && r.fetched_at && r.parser_version && r.site && r.body === '淮安市洪泽区' && r.published_at)).toBe(true);
      expect(rows.some((r) => r.source_url.includes('/zt/copy/'))).toBe(false);
    }
    const lines = (await exportText(store, 'jsonl')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[2].dataset).toMatchObject({ body: '淮安市洪泽区', duplicateUrls: [`${server.origin}/zt/copy/t2023.htm`], inSeries: true });
  });

  it('filters: --body by any of its names, --year, --from-year/--to-year, --entity as written', async () => {
    const years = async (filter: object) => table(await exportText(store, 'wide', { filter })).map((r) => Number(r.year));
    expect(await years({ body: '洪泽区人民政府' })).toEqual([2021, 2022, 2023]);
    expect(await years({ body: '淮安市洪泽区' })).toEqual([2021, 2022, 2023]);
    expect(await years({ body: '泽区' })).toEqual([]);
    expect(await years({ year: 2022 })).toEqual([2022]);
    expect(await years({ fromYear: 2022, toYear: 2023 })).toEqual([2022, 2023]);
    expect(await years({ entity: '洪泽区人民政府' })).toEqual([2022, 2023]);
    // the series checks of a filtered year still compare with the year before it
    const carry = table(await exportText(store, 'checks', { filter: { year: 2022 } })).filter((c) => c.check === 'series.carry');
    expect(carry).toHaveLength(7);
  });
});

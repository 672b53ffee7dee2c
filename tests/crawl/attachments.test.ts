/**
 * The crawl follows a column where one year's report is only a PDF attachment, on a file server
 * of the same site (another origin: its own robots.txt and politeness), and stores its record as
 * the report of that page with both URLs; a page whose tables and PDF both read keeps both and
 * compares them (source.agree). Real HTTP on 127.0.0.1, real SQLite, PDFs printed by Chromium
 * from our own pages, real PDF.js. `reparse` reads the same again offline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport, type ReportRecord } from '../../parser/index.js';
import { crawl, type CrawlSummary } from '../../scraper/crawl/engine.js';
import { reparseStore } from '../../scraper/crawl/reparse.js';
import { createFetcher } from '../../scraper/fetch/fetcher.js';
import { SqliteStore as Store } from '../../scraper/store/sqlite.js';
import { attachmentNoticePage, makeSeries, reportPage, reportTitle, seriesYears, type ReportData } from '../../sites/pages.js';
import { startSite, type SiteServer } from '../../sites/server.js';
import { chromiumOrNull, Printer } from '../pdf/print.js';

const chromiumPath = await chromiumOrNull();
if (!chromiumPath) console.warn('tests/crawl/attachments: no Chromium to print the PDFs (CHROMIUM_PATH, /usr/bin/chromium): skipped');

const ENTITY = '青岚镇';
const series = makeSeries(ENTITY, seriesYears(2021, 2023, ['table']));
const year = (y: number) => series.find((d) => d.year === y)!;
/** 2021 as its PDF prints it: one number differs from the page (（一）予以公开 of 自然人 + 3) */
function slipped(d: ReportData): ReportData {
  const c = structuredClone(d);
  c.applications.granted[0] += 3;
  return c;
}

/** cell path → value:status of a record's standard tables */
function cells(rec: ReportRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of ['active', 'applications', 'review_litigation'] as const) {
    for (const [r, cols] of Object.entries(rec.tables[t] ?? {})) for (const [c, cell] of Object.entries(cols)) out[`${t}.${r}.${c}`] = `${cell.value}:${cell.status}`;
  }
  return out;
}

describe.skipIf(!chromiumPath)('crawl: a report published as a PDF attachment', () => {
  let site: SiteServer;
  let files: SiteServer;
  let dir: string;
  let store: Store;
  let summary: CrawlSummary;
  const notes: string[] = [];
  const url = (p: string) => `${site.origin}${p}`;
  const fileUrl = (p: string) => `${files.origin}${p}`;
  /** the HTML page 2022's PDF was printed from, for comparing */
  let html2022 = '';

  beforeAll(async () => {
    const printer = await Printer.launch(chromiumPath!);
    const pages = new Map<string, { body: string | Uint8Array; contentType?: string }>();
    const filePages = new Map<string, { body: string | Uint8Array; contentType?: string }>();
    try {
      const nav = (prev: string | null, next: string | null) => ({
        prev: prev ? { href: `/col/${prev}.html`, title: reportTitle(ENTITY, Number(prev)) } : null,
        next: next ? { href: `/col/${next}.html`, title: reportTitle(ENTITY, Number(next)) } : null,
      });
      html2022 = reportPage(year(2022), { prev: null, next: null });
      filePages.set('/files/2022.pdf', { body: await printer.pdf(html2022), contentType: 'application/pdf' });
      pages.set('/files/2021.pdf', { body: await printer.pdf(reportPage(slipped(year(2021)), { prev: null, next: null })), contentType: 'application/pdf' });
      pages.set('/col/2023.html', { body: reportPage(year(2023), nav('2022', null)) });
      // 2021: tables on the page and the same report (with one slip) as its attachment, on the page's own host
      pages.set('/col/2021.html', { body: reportPage(year(2021), nav(null, '2022')).replace('<div class="footer">', '<p>附件：<a href="/files/2021.pdf">青岚镇2021年政府信息公开工作年度报告.pdf</a></p>\n<div class="footer">') });
      files = await startSite(filePages);
      // 2022: only the notice and its PDF, on the file server (another origin of the same site)
      pages.set('/col/2022.html', { body: attachmentNoticePage(year(2022), { href: `${files.origin}/files/2022.pdf`, name: '青岚镇2022年政府信息公开工作年度报告.pdf' }, nav('2021', '2023')) });
      site = await startSite(pages);
    } finally {
      await printer.close();
    }
    dir = mkdtempSync(join(tmpdir(), 'gongkai-attach-'));
    store = new Store(join(dir, 'crawl.db'));
    const fetcher = createFetcher({ delayMs: 20, backoffMs: 50 });
    try {
      summary = await crawl([url('/col/2023.html')], { store, fetcher, browser: 'never', onNote: (m) => notes.push(m) });
    } finally {
      await fetcher.close();
    }
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await site?.close();
    await files?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const reports = async () => {
    const out: ReportRecord[] = [];
    for await (const r of store.iterateReports()) out.push(r);
    return out;
  };

  it('finds every year, the one published only as a PDF included, and counts no file twice', async () => {
    expect(notes).toEqual([]);
    const recs = await reports();
    expect(recs.map((r) => [r.year, r.source.url])).toEqual([
      [2021, url('/col/2021.html')],
      [2022, url('/col/2022.html')],
      [2023, url('/col/2023.html')],
    ]);
    expect(summary.reports.length).toBe(3);
  });

  it('records the PDF as the report of its page, with both URLs, read as its HTML reads', async () => {
    const rec = (await reports()).find((r) => r.year === 2022)!;
    expect(rec.source.attachment).toEqual({ url: fileUrl('/files/2022.pdf'), kind: 'pdf' });
    expect(rec.entity).toBe(ENTITY);
    expect(rec.nav?.next?.url).toBe(url('/col/2023.html')); // the page's links stay the page's
    const fromHtml = parseReport(html2022, { as: 'html' });
    expect(cells(rec)).toEqual(cells(fromHtml));
    expect(rec.checks.map((c) => `${c.id}:${c.scope}:${c.status}`)).toEqual(fromHtml.checks.map((c) => `${c.id}:${c.scope}:${c.status}`));
  });

  it('stores the file as raw bytes, fetched once, politely (the file server\'s robots.txt first)', async () => {
    const resp = await store.response(fileUrl('/files/2022.pdf'), 'static');
    expect(resp).toBeDefined();
    const bytes = await store.body(resp!.sha256);
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe('%PDF-');
    expect(resp!.size).toBe(bytes.length);
    expect(files.log).toEqual(['GET /robots.txt', 'GET /files/2022.pdf']);
  });

  it('a page whose tables and PDF both read keeps both and names the cells that differ', async () => {
    const rec = (await reports()).find((r) => r.year === 2021)!;
    expect(rec.source.attachment).toBeUndefined(); // the page's own reading
    const agree = rec.checks.filter((c) => c.id === 'source.agree');
    expect(agree.filter((c) => c.status !== 'pass').map((c) => [c.scope, c.status, c.left, c.right])).toEqual([
      ['applications.granted.natural_person', 'fail', year(2021).applications.granted[0], year(2021).applications.granted[0] + 3],
      ['applications.granted.total', 'fail', year(2021).applications.granted.reduce((a, b) => a + b, 0), year(2021).applications.granted.reduce((a, b) => a + b, 0) + 3],
    ]);
    expect(agree.filter((c) => c.status === 'pass').map((c) => c.scope)).toEqual(['active', 'review_litigation']);
    // the file's own reading is kept under its URL, not as a second report
    const beside = JSON.parse((await store.recordJson(url('/files/2021.pdf')))!) as ReportRecord;
    expect(beside.source.attachment).toEqual({ url: url('/files/2021.pdf'), kind: 'pdf' });
    expect(beside.tables.applications?.granted?.natural_person?.value).toBe(year(2021).applications.granted[0] + 3);
  });

  it('reparse reads the same again, offline', async () => {
    const before = await reports();
    const r = await reparseStore(store);
    expect(r.changed).toBe(0);
    const after = await reports();
    const strip = (x: ReportRecord[]) => x.map((rec) => JSON.stringify({ ...rec, source: { ...rec.source, fetchedAt: null } }));
    expect(strip(after)).toEqual(strip(before));
  });
});

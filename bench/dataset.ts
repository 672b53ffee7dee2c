/**
 * The researchers' dataset at scale: a store of 2,000 reports (the generated column of
 * sites/chain-site.ts, stored as a crawl stores pages, without the network), then each export
 * form and `gongkai report`'s page timed. Targets (bench/run.ts): export and report < 10 s each.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseReport } from '../parser/index.js';
import { reportHtml } from '../cli/report/html.js';
import { isReport } from '../scraper/crawl/chain.js';
import { sha256Hex } from '../scraper/store/contract.js';
import { bodyViews } from '../scraper/store/dataset.js';
import { exportChunks, exportRecords, type ExportFormat } from '../scraper/store/export.js';
import { updateSeries } from '../scraper/store/series.js';
import { SqliteStore } from '../scraper/store/sqlite.js';
import { chainEntries, chainPage } from '../sites/chain-site.js';

async function fill(store: SqliteStore, reports: number): Promise<number> {
  // the column holds a news item after every seven reports: ask for enough pages to hold `reports`
  const entries = chainEntries(Math.ceil(reports * 8 / 7));
  const index = new Map(entries.map((e, i) => [e.path, i]));
  let n = 0;
  for (const e of entries) {
    if (e.kind !== 'report' || n >= reports) continue;
    const url = `http://bench.example/${e.path}`;
    const html = chainPage(entries, index, e.path)!.body as string;
    const body = new TextEncoder().encode(html);
    await store.enqueue({ url, startUrl: url, direction: 'start', gap: 0, depth: 0, foundFrom: null, linkTitle: null });
    const resp = await store.saveResponse(url, {
      url, finalUrl: url, status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body, text: html, encoding: 'utf-8',
      fetchedAt: new Date().toISOString(), redirects: [], via: 'static', attempts: 1,
    }, true);
    const rec = parseReport(html, { url, sha256: sha256Hex(body), fetchedAt: resp.fetched_at });
    await store.saveParsed(url, resp.id, rec, isReport(rec), []);
    n++;
  }
  return n;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return Math.round(performance.now() - t0) / 1000;
}

export async function benchDataset(reports = 2000): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-dataset-'));
  const store = new SqliteStore(join(dir, 'd.db'));
  try {
    const stored = await fill(store, reports);
    const figures: Record<string, number | string> = { 'dataset.reports': stored };
    figures['dataset.series_update_s'] = await timed(() => updateSeries(store));
    for (const f of ['csv', 'wide', 'checks', 'jsonl'] as ExportFormat[]) {
      let bytes = 0;
      figures[`dataset.export_${f}_s`] = await timed(async () => {
        for await (const c of exportChunks(exportRecords(store), f)) bytes += c.length;
      });
      figures[`dataset.export_${f}_mchars`] = Math.round(bytes / 1e4) / 100;
    }
    figures['dataset.export_wide_harmonised_s'] = await timed(async () => {
      for await (const c of exportChunks(exportRecords(store), 'wide', { harmonised: true })) void c;
    });
    let html = '';
    figures['dataset.report_s'] = await timed(async () => {
      const views = [];
      for await (const v of bodyViews(store)) views.push(v);
      html = reportHtml(views, 'zh', 'bench');
      writeFileSync(join(dir, 'report.html'), html);
    });
    figures['dataset.report_mb'] = Math.round(html.length / 1e4) / 100;
    return figures;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `reparse`: every stored page read again with the current parser, offline. */
import type { ReportRecord } from '../../parser/index.js';
import { fileKind } from '../files/kind.js';
import { attachmentStep } from './attachments.js';
import { isReport, nextLinks } from './chain.js';
import { readPage } from './page-reading.js';
import { readOptions, responseText } from './stored-page.js';
import { updateSeries } from '../store/series.js';
import type { Store } from '../store/contract.js';

export interface ReparseSummary {
  pages: number;
  reports: number;
  changed: number;
  series: number;
  parserVersion: string;
}

/**
 * Re-reads every stored page with the current parser: records are replaced, links the new parser
 * finds are queued for the next crawl, and the series checks are run again.
 */
export async function reparseStore(store: Store, maxGap = 5): Promise<ReparseSummary> {
  const rows = await store.recordRows();
  let reports = 0;
  let changed = 0;
  let version = '';
  const strip = (r: ReportRecord) => JSON.stringify({ ...r, parserVersion: undefined });
  for (const row of rows) {
    let resp = await store.responseById(row.response_id);
    if (!resp) continue;
    // a report file: read again through the page that links it (the page's reading decides)
    if (fileKind((await store.body(resp.sha256)).subarray(0, 1024))) {
      if (row.url === resp.final_url) continue; // a file read beside its page's tables: the page's turn reads it
      const page = (await store.response(row.url, 'static')) ?? (await store.response(row.url, 'browser'));
      if (!page) continue; // the page is not stored: the record stays as it is
      resp = page;
    }
    const reading = readPage(await responseText(store, resp), readOptions(resp));
    const got = await attachmentStep({ store }, { pageUrl: resp.final_url, rec: reading.rec, files: reading.files });
    const rec = got.rec;
    if (got.beside) await store.saveReparsed(got.beside.responseId, got.beside.rec, false, [], null);
    version = rec.parserVersion;
    const old = await store.recordJson(row.url);
    if (old === undefined || strip(JSON.parse(old)) !== strip(rec)) changed++;
    const report = isReport(rec);
    if (report) reports++;
    const f = await store.frontierOf(resp.url, row.url);
    // the page's links (a file's record keeps the page's nav)
    const links = f ? nextLinks(resp.final_url, rec, { startUrl: f.start_url, gap: f.gap, depth: f.depth }, { maxGap }) : [];
    await store.saveReparsed(got.fileResponseId ?? resp.id, rec, report, links, f?.id ?? null);
  }
  const series = (await updateSeries(store)).length;
  return { pages: rows.length, reports, changed, series, parserVersion: version };
}

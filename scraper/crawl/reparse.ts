/** `reparse`: every stored page read again with the current parser, offline. */
import type { ReportRecord } from '../../parser/index.js';
import { isReport, nextLinks } from './chain.js';
import { parseResponse } from './stored-page.js';
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
    const resp = await store.responseById(row.response_id);
    if (!resp) continue;
    const { rec } = await parseResponse(store, resp);
    version = rec.parserVersion;
    const old = await store.recordJson(row.url);
    if (old === undefined || strip(JSON.parse(old)) !== strip(rec)) changed++;
    const report = isReport(rec);
    if (report) reports++;
    const f = await store.frontierOf(resp.url, row.url);
    const links = f ? nextLinks(resp.final_url, rec, { startUrl: f.start_url, gap: f.gap, depth: f.depth }, { maxGap }) : [];
    await store.saveReparsed(resp.id, rec, report, links, f?.id ?? null);
  }
  const series = (await updateSeries(store)).length;
  return { pages: rows.length, reports, changed, series, parserVersion: version };
}

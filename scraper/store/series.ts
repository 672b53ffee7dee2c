/**
 * Checks across a body's years, run over the stored canonical reports (parser/series/dataset.ts):
 * series.carry and series.in_force between consecutive years, a `series.gap` row for each year
 * missing between two found ones, and a `series.duplicate` row when two different reports give
 * the same year. Pages that are one report (same bytes, or same tables) are never compared.
 */
import { bodyKeys, dataset, siteOf, type ReportRecord } from '../../parser/index.js';
import type { SeriesEntry, Store } from './contract.js';
import { storeSeries } from './dataset.js';

export { gapCheck } from '../../parser/index.js';

/** Series rows for every body in a set of reports (bodies by their key). */
export function seriesEntries(reports: ReportRecord[]): SeriesEntry[] {
  const keys = bodyKeys(reports.map((r) => ({ entity: r.entity, site: siteOf(r.source.url) })));
  return dataset(reports.filter((r) => r.source.url), (r) => keys.of(r.entity, siteOf(r.source.url))).series;
}

/** Series rows of one body's reports. */
export function bodySeries(body: string, list: ReportRecord[]): SeriesEntry[] {
  return dataset(list.filter((r) => r.source.url), () => body).series;
}

/**
 * Recomputes every series row of the store from its reports (after a crawl or a reparse), one body
 * at a time. `madeHere`: the reports this process wrote in this run (dataset.ts loadGroup).
 */
export async function updateSeries(store: Store, madeHere?: ReadonlySet<string>): Promise<SeriesEntry[]> {
  const entries = await storeSeries(store, madeHere);
  await store.replaceSeries(entries);
  return entries;
}

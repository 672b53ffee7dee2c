/**
 * The store's reports as a dataset (parser/series/dataset.ts): bodies keyed by the documented
 * rules, canonical reports with their duplicate URLs, series rows computed over canonical
 * reports only. One body is in memory at a time; bodies come in key order.
 */
import { bodyDataset, bodyKeys, bodyMatches, bodySeriesView, looseRows, siteOf, type BodySeries, type DatasetReport, type ReportRecord, type SeriesRow } from '../../parser/index.js';
import { recordFrom, recordMadeHere, type Store } from './contract.js';

/** Which reports an export keeps. Series checks are computed over the whole body either way. */
export interface DatasetFilter {
  /** the raw entity as the title gives it */
  entity?: string;
  /** a body key, or any name that normalises to one */
  body?: string;
  year?: number;
  fromYear?: number;
  toYear?: number;
}

export interface BodyGroup {
  body: string | null;
  urls: string[];
}

/** The stored reports grouped by body key (the reports without a body last, as one group). */
export async function bodyGroups(store: Store): Promise<BodyGroup[]> {
  const rows = (await store.recordRows()).filter((r) => r.is_report === 1);
  const keys = bodyKeys(rows.map((r) => ({ entity: r.entity, site: siteOf(r.url) })));
  const groups = new Map<string, string[]>();
  const loose: string[] = [];
  for (const r of rows) {
    const k = keys.of(r.entity, siteOf(r.url));
    if (k === null) loose.push(r.url);
    else groups.set(k, [...(groups.get(k) ?? []), r.url]);
  }
  const out: BodyGroup[] = [...groups.keys()].sort().map((body) => ({ body, urls: groups.get(body)! }));
  if (loose.length) out.push({ body: null, urls: loose });
  return out;
}

/** A group's reports; those under `madeHere` (written by this process in this run: recordMadeHere) are not checked again. */
export async function loadGroup(store: Store, urls: string[], madeHere?: ReadonlySet<string>): Promise<ReportRecord[]> {
  const out: ReportRecord[] = [];
  for (const u of urls) {
    const json = await store.recordJson(u);
    if (json !== undefined) out.push(madeHere?.has(u) ? recordMadeHere(json) : recordFrom(json));
  }
  return out;
}

/** Dataset rows of the store, body by body, filtered. */
export async function* datasetRows(store: Store, filter: DatasetFilter = {}): AsyncGenerator<DatasetReport> {
  for (const g of await bodyGroups(store)) {
    if (filter.body !== undefined && (g.body === null || !bodyMatches(g.body, filter.body))) continue;
    const reports = await loadGroup(store, g.urls);
    const rows = g.body === null ? looseRows(reports) : bodyDataset(g.body, reports).rows;
    for (const row of rows) if (keeps(row, filter)) yield row;
  }
}

export function keeps(row: DatasetReport, f: DatasetFilter): boolean {
  const y = row.record.year;
  if (f.entity !== undefined && row.record.entity !== f.entity) return false;
  if (f.year !== undefined && y !== f.year) return false;
  if (f.fromYear !== undefined && (y === null || y < f.fromYear)) return false;
  if (f.toYear !== undefined && (y === null || y > f.toYear)) return false;
  return true;
}

/** Every series row of the store, over canonical reports, one body at a time (`madeHere`: loadGroup). */
export async function storeSeries(store: Store, madeHere?: ReadonlySet<string>): Promise<SeriesRow[]> {
  const out: SeriesRow[] = [];
  for (const g of await bodyGroups(store)) if (g.body !== null) out.push(...bodyDataset(g.body, await loadGroup(store, g.urls, madeHere)).series);
  return out;
}

/** Each body's series view (parser/series/view.ts), body by body; the filter picks bodies and years shown. */
export async function* bodyViews(store: Store, filter: DatasetFilter = {}): AsyncGenerator<BodySeries> {
  for (const g of await bodyGroups(store)) {
    if (g.body === null) continue;
    if (filter.body !== undefined && !bodyMatches(g.body, filter.body)) continue;
    const rows = bodyDataset(g.body, await loadGroup(store, g.urls)).rows.filter((r) => keeps(r, filter));
    if (rows.length) yield bodySeriesView(g.body, rows);
  }
}

/**
 * Checks across a body's years, run over the stored reports: series.carry and series.in_force
 * between consecutive years (parser/checks/series.ts), a `series.gap` row for each year missing
 * between two found ones, and a `series.duplicate` row when two pages report the same year.
 */
import { seriesChecks, type Check, type ReportRecord } from '../../parser/index.js';
import type { SeriesEntry, Store } from './contract.js';

/** One report per (body, year): the latest published wins; the others are named as duplicates. */
function byYear(reports: ReportRecord[]): { chosen: ReportRecord[]; duplicates: { kept: ReportRecord; dropped: ReportRecord }[] } {
  const map = new Map<number, ReportRecord[]>();
  for (const r of reports) {
    if (r.year === null) continue;
    map.set(r.year, [...(map.get(r.year) ?? []), r]);
  }
  const chosen: ReportRecord[] = [];
  const duplicates: { kept: ReportRecord; dropped: ReportRecord }[] = [];
  for (const year of [...map.keys()].sort((a, b) => a - b)) {
    const list = map.get(year)!.sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '') || (a.source.url ?? '').localeCompare(b.source.url ?? ''));
    chosen.push(list[0]);
    for (const d of list.slice(1)) duplicates.push({ kept: list[0], dropped: d });
  }
  return { chosen, duplicates };
}

export function gapCheck(earlier: ReportRecord, later: ReportRecord, missing: number): Check {
  return {
    id: 'series.gap',
    scope: String(missing),
    status: 'uncertain',
    left: null,
    right: null,
    cells: [],
    assumed: [],
    note: `no ${missing} report of ${later.entity} was found between ${earlier.year} (${earlier.source.url}) and ${later.year}: the series checks across ${missing} cannot run`,
    reports: [
      { url: null, year: missing },
      { url: later.source.url, year: later.year },
    ],
  };
}

/** Series rows for every body in a set of reports. */
export function seriesEntries(reports: ReportRecord[]): SeriesEntry[] {
  const bodies = new Map<string, ReportRecord[]>();
  for (const r of reports) {
    if (!r.entity || r.year === null || !r.source.url) continue;
    bodies.set(r.entity, [...(bodies.get(r.entity) ?? []), r]);
  }
  return [...bodies.entries()].sort((a, b) => a[0].localeCompare(b[0])).flatMap(([entity, list]) => bodySeries(entity, list));
}

/** Series rows of one body's reports. */
export function bodySeries(entity: string, list: ReportRecord[]): SeriesEntry[] {
  const out: SeriesEntry[] = [];
  const { chosen, duplicates } = byYear(list.filter((r) => r.year !== null && r.source.url));
  for (const { kept, dropped } of duplicates) {
    out.push({
      entity, kind: 'duplicate', laterUrl: dropped.source.url!, earlierUrl: kept.source.url,
      check: {
        id: 'series.duplicate', scope: String(dropped.year), status: 'uncertain', left: null, right: null, cells: [], assumed: [],
        note: `another page also reports ${entity} ${dropped.year}; the series checks use ${kept.source.url}`,
        reports: [{ url: kept.source.url, year: kept.year }, { url: dropped.source.url, year: dropped.year }],
      },
    });
  }
  for (let i = 1; i < chosen.length; i++) {
    const earlier = chosen[i - 1];
    const later = chosen[i];
    if (later.year! === earlier.year! + 1) {
      for (const check of seriesChecks(earlier, later)) out.push({ entity, kind: 'check', laterUrl: later.source.url!, earlierUrl: earlier.source.url, check });
    } else {
      for (let y = earlier.year! + 1; y < later.year!; y++) out.push({ entity, kind: 'gap', laterUrl: later.source.url!, earlierUrl: earlier.source.url, check: gapCheck(earlier, later, y) });
    }
  }
  return out;
}

/** Recomputes every series row of the store from its reports (after a crawl or a reparse), one body at a time. */
export async function updateSeries(store: Store): Promise<SeriesEntry[]> {
  const entries: SeriesEntry[] = [];
  for (const entity of await store.entities()) entries.push(...bodySeries(entity, await store.reportsOf(entity)));
  await store.replaceSeries(entries);
  return entries;
}

/**
 * A body's reports as rows of a dataset: canonical reports only (one per page content, with the
 * other URLs it was reached by), one chosen per year for the series checks, and the series rows
 * (consecutive-year checks, missing years, a year reported twice with different tables).
 * Pure: the store, the CLI and the extension's library all call it.
 */
import { seriesChecks } from '../checks/series.js';
import type { Check, ReportRecord } from '../record/schema.js';
import { canonicalReports, reportId, type CanonicalReport } from './canonical.js';

/** One row of a dataset: a canonical report with where it stands. */
export interface DatasetReport {
  /** the record, its series checks (those that name it as the later year) appended */
  record: ReportRecord;
  reportId: string;
  body: string | null;
  site: string | null;
  /** the other URLs of the same report (same bytes, or same body, year and tables) */
  duplicateUrls: string[];
  /** whether the series checks of its body and year use this report (false: another report of that year is used) */
  inSeries: boolean;
}

export interface SeriesRow {
  /** the body key */
  entity: string;
  kind: 'check' | 'gap' | 'duplicate';
  laterUrl: string;
  earlierUrl: string | null;
  check: Check;
}

/** The host of a URL, lower-cased, without user or port noise; null for a file or no URL. */
export function siteOf(url: string | null | undefined): string | null {
  const m = url ? /^[a-z][a-z0-9+.-]*:\/\/(?:[^/?#@]*@)?([^/?#]+)/i.exec(url) : null;
  return m ? m[1].toLowerCase() : null;
}

/** A record alone (gongkai parse, the extension): a dataset row with no others to compare. */
export function datasetReport(rec: ReportRecord, body: string | null = null): DatasetReport {
  return { record: rec, reportId: reportId(rec), body, site: siteOf(rec.source.url), duplicateUrls: [], inSeries: true };
}

/** One body's reports → its dataset rows (year order) and series rows. */
export function bodyDataset(body: string, reports: readonly ReportRecord[]): { rows: DatasetReport[]; series: SeriesRow[] } {
  const canon = canonicalReports(reports);
  const { chosen, dropped } = onePerYear(canon);
  const series = seriesRows(body, chosen, dropped);
  const byLater = new Map<string, Check[]>();
  for (const s of series) byLater.set(s.laterUrl, [...(byLater.get(s.laterUrl) ?? []), s.check]);
  const chosenSet = new Set(chosen);
  const rows = canon.map((c) => {
    const extra = byLater.get(c.record.source.url ?? '') ?? [];
    return {
      record: extra.length ? { ...c.record, checks: [...c.record.checks, ...extra] } : c.record,
      reportId: reportId(c.record),
      body,
      site: siteOf(c.record.source.url),
      duplicateUrls: c.duplicates.map((d) => d.source.url ?? d.source.file ?? '').filter(Boolean),
      inSeries: chosenSet.has(c.record),
    };
  });
  return { rows, series };
}

/**
 * One report per year for the series: of two different reports for one year, the latest
 * published wins and the other is named as a duplicate year.
 */
function onePerYear(canon: CanonicalReport[]): { chosen: ReportRecord[]; dropped: { kept: ReportRecord; dropped: ReportRecord }[] } {
  const byYear = new Map<number, ReportRecord[]>();
  for (const { record: r } of canon) {
    if (r.year === null || !r.source.url) continue;
    byYear.set(r.year, [...(byYear.get(r.year) ?? []), r]);
  }
  const chosen: ReportRecord[] = [];
  const dropped: { kept: ReportRecord; dropped: ReportRecord }[] = [];
  for (const year of [...byYear.keys()].sort((a, b) => a - b)) {
    const list = byYear.get(year)!.sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '') || (a.source.url ?? '').localeCompare(b.source.url ?? ''));
    chosen.push(list[0]);
    for (const d of list.slice(1)) dropped.push({ kept: list[0], dropped: d });
  }
  return { chosen, dropped };
}

function seriesRows(body: string, chosen: ReportRecord[], dropped: { kept: ReportRecord; dropped: ReportRecord }[]): SeriesRow[] {
  const out: SeriesRow[] = [];
  for (const { kept, dropped: d } of dropped) {
    out.push({ entity: body, kind: 'duplicate', laterUrl: d.source.url!, earlierUrl: kept.source.url, check: duplicateCheck(body, kept, d) });
  }
  for (let i = 1; i < chosen.length; i++) {
    const earlier = chosen[i - 1];
    const later = chosen[i];
    if (later.year! === earlier.year! + 1) {
      for (const check of seriesChecks(earlier, later)) out.push({ entity: body, kind: 'check', laterUrl: later.source.url!, earlierUrl: earlier.source.url, check });
    } else {
      for (let y = earlier.year! + 1; y < later.year!; y++) out.push({ entity: body, kind: 'gap', laterUrl: later.source.url!, earlierUrl: earlier.source.url, check: gapCheck(earlier, later, y) });
    }
  }
  return out;
}

function duplicateCheck(body: string, kept: ReportRecord, d: ReportRecord): Check {
  return {
    id: 'series.duplicate', scope: String(d.year), status: 'uncertain', left: null, right: null, cells: [], assumed: [],
    note: `another page also reports ${body} ${d.year}, with other tables; the series checks use ${kept.source.url}`,
    reports: [{ url: kept.source.url, year: kept.year }, { url: d.source.url, year: d.year }],
  };
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

/** Groups reports by body key (from `keyOf`) and makes each body's dataset; bodies in key order. */
export function dataset(reports: readonly ReportRecord[], keyOf: (r: ReportRecord) => string | null): { rows: DatasetReport[]; series: SeriesRow[] } {
  const groups = new Map<string, ReportRecord[]>();
  const loose: ReportRecord[] = [];
  for (const r of reports) {
    const k = keyOf(r);
    if (k === null) loose.push(r);
    else groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const rows: DatasetReport[] = [];
  const series: SeriesRow[] = [];
  for (const k of [...groups.keys()].sort()) {
    const d = bodyDataset(k, groups.get(k)!);
    rows.push(...d.rows);
    series.push(...d.series);
  }
  rows.push(...looseRows(loose));
  return { rows, series };
}

/** Reports without a body: canonical, but in no series. */
export function looseRows(reports: readonly ReportRecord[]): DatasetReport[] {
  return canonicalReports(reports).map((c) => ({ ...datasetReport(c.record), duplicateUrls: c.duplicates.map((d) => d.source.url ?? '').filter(Boolean), inSeries: false }));
}

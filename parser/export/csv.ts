/**
 * The CSV forms of the record contract (../shared/spec/record.md, outside this repo): long (one
 * row per cell), wide (one row per report) and checks. Every form carries the report's
 * provenance (report_id, body, site, fetched_at, sha256, parser_version, published_at) so rows
 * of the three forms join on `report_id`.
 * UTF-8 with a byte-order mark so spreadsheet programs show Chinese; text cells that a
 * spreadsheet would run as a formula are neutralised, numbers (negative ones too) stay numbers.
 */
import { CROSSWALK, harmonisedCell, harmonisedColumns } from '../format/crosswalk.js';
import { describeCell, FORMATS, isSoftCheck, TABLE_KEYS, type StandardFormat } from '../format/spec.js';
import type { Cell, Check, LegacyRow, ReportRecord } from '../record/schema.js';
import { bodyName } from '../series/body.js';
import { datasetReport, type DatasetReport } from '../series/dataset.js';

export const BOM = '\ufeff';

/** Where a report came from, in every form (appended to long and checks, whose first columns are the contract's). */
export const PROVENANCE_HEADER = ['report_id', 'body', 'site', 'fetched_at', 'sha256', 'parser_version', 'published_at'] as const;
export const LONG_HEADER = ['source_url', 'entity', 'year', 'format', 'table', 'row', 'row_label', 'column', 'column_label', 'value', 'raw', 'status', 'candidates', 'split', ...PROVENANCE_HEADER] as const;
export const CHECKS_HEADER = ['source_url', 'entity', 'year', 'check', 'scope', 'status', 'left', 'right', 'used_to_decode', 'note', 'other_report_url', 'other_report_year', 'soft', 'quote', ...PROVENANCE_HEADER] as const;
/** The wide form's columns before the cells. */
export const WIDE_LEAD = ['report_id', 'body', 'entity', 'year', 'source_url', 'site', 'fetched_at', 'sha256', 'parser_version', 'published_at', 'title', 'format', 'layout', 'duplicate_urls', 'in_series', 'checks_failed', 'checks_soft', 'checks_uncertain'] as const;
/** The suffix of a cell's status column in the wide form (empty when the cell is a number). */
export const STATUS_SUFFIX = '__status';

type Field = string | number | boolean | null | undefined;
/** A record, or a record with its place in a dataset (body, duplicates); a bare record is a dataset of one. */
export type Exportable = ReportRecord | DatasetReport;

const NUMBER = /^[-+]?\d+(\.\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** A field as CSV text: formula-safe, quoted where needed. */
export function csvField(v: Field): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  let s = v;
  if (FORMULA_START.test(s) && !NUMBER.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(fields: readonly Field[]): string {
  return fields.map(csvField).join(',') + '\r\n';
}

export function asDatasetReport(x: Exportable): DatasetReport {
  return 'record' in x ? x : datasetReport(x, x.entity ? bodyName(x.entity) : null);
}

function provenance(d: DatasetReport): Field[] {
  const r = d.record;
  return [d.reportId, d.body, d.site, r.source.fetchedAt, r.source.sha256, r.parserVersion, r.publishedAt];
}

const legacyLabel = (row: LegacyRow) => (row.unit ? `${row.label}（${row.unit}）` : row.label);

/** One row per cell of each record (long form). */
export function* longRows(x: Exportable): Generator<Field[]> {
  const d = asDatasetReport(x);
  const rec = d.record;
  const base = [rec.source.url ?? rec.source.file, rec.entity, rec.year, rec.format] as const;
  const prov = provenance(d);
  const cellFields = (c: Cell) => [c.value, c.raw, c.status, c.candidates?.length ? c.candidates.join('|') : null, c.split ? 'true' : null];
  if (rec.format === '2021' || rec.format === '2019') {
    const f = rec.format as StandardFormat;
    for (const t of TABLE_KEYS) {
      const table = rec.tables[t];
      if (!table) continue;
      for (const row of FORMATS[f].tables[t].rows) {
        for (const col of row.columns) {
          const c = table[row.id]?.[col.id];
          if (!c) continue;
          const desc = describeCell(f, t, row.id, col.id);
          yield [...base, t, row.id, desc.rowLabel, col.id, desc.columnLabel, ...cellFields(c), ...prov];
        }
      }
    }
  }
  for (const row of rec.tables.legacy ?? []) {
    for (const [period, c] of Object.entries(row.values)) {
      yield [...base, 'legacy', row.label, legacyLabel(row), period, period, ...cellFields(c), ...prov];
    }
  }
}

export function toLongCsv(records: Iterable<Exportable>, withBom = true): string {
  let out = (withBom ? BOM : '') + csvLine(LONG_HEADER);
  for (const r of records) for (const row of longRows(r)) out += csvLine(row);
  return out;
}

/** Every `table.row.column` of both standard formats, in format order (the wide form's cells). */
export function wideColumns(): string[] {
  const seen = new Set<string>();
  for (const f of ['2021', '2019'] as const) {
    for (const t of TABLE_KEYS) {
      for (const row of FORMATS[f].tables[t].rows) for (const col of row.columns) seen.add(`${t}.${row.id}.${col.id}`);
    }
  }
  return [...seen];
}

export interface WideOptions {
  /** name the cells by the 2019↔2021 crosswalk (docs/crosswalk.md) */
  harmonised?: boolean;
  withBom?: boolean;
  /** columns of the caller's own at the end of each row (e.g. those that came with a start URL) */
  extra?: ExtraColumns;
}

/** Columns added at the end of every row of a CSV form: their names, and each report's values. */
export interface ExtraColumns {
  names: string[];
  values: (d: DatasetReport) => (string | number | null)[];
}

const cellOf = (r: ReportRecord, path: string): Cell | undefined => {
  const [t, row, col] = path.split('.');
  return (r.tables as Record<string, Record<string, Record<string, Cell>> | undefined>)[t]?.[row]?.[col];
};
const valueOf = (c: Cell | undefined) => (c && c.status === 'ok' ? c.value : null);
/** The status column says what an empty value means: empty itself when the cell is a plain number or not in the report's format. */
const statusOf = (c: Cell | undefined) => (c && c.status !== 'ok' ? c.status : null);

/**
 * The period of a pre-2019 统计表 that is the report's own year: the column naming the year, or
 * 本年(度), or the only period; never a cumulative (累计) column.
 */
export function legacyOwnPeriod(row: LegacyRow, year: number | null): string | null {
  const periods = Object.keys(row.values);
  const own = periods.find((p) => year !== null && p.startsWith(`${year}年`)) ?? periods.find((p) => /^(本年度?|数量)$/.test(p));
  if (own) return own;
  const plain = periods.filter((p) => !/累计|合计|上年/.test(p));
  return plain.length === 1 ? plain[0] : null;
}

/**
 * The wide form: one row per report, one value column and one `__status` column per cell, then
 * the pre-2019 统计表 rows (`legacy.<指标（单位）>`, the report's own year). Legacy labels vary
 * from site to site, so the header is known only once every report is seen: rows are held as
 * text (the size of the CSV itself) and the header goes first at the end.
 */
export function* wideChunks(items: Iterable<Exportable>, opts: WideOptions = {}): Generator<string> {
  const cells = opts.harmonised ? harmonisedColumns() : wideColumns();
  const entries = opts.harmonised ? new Map(CROSSWALK.map((e) => [e.id, e])) : null;
  const legacyCols = new Map<string, number>();
  const held: { text: string; legacy: Map<number, Cell>; extra: string }[] = [];
  for (const x of items) {
    const d = asDatasetReport(x);
    const r = d.record;
    const get = (p: string) => cellOf(r, p);
    const std = r.format === '2021' || r.format === '2019' ? (r.format as StandardFormat) : null;
    const fields: Field[] = [...wideLead(d)];
    for (const p of cells) {
      const e = entries?.get(p);
      const c = std === null ? undefined : e ? harmonisedCell(e, std, get) : get(p);
      fields.push(valueOf(c), statusOf(c));
    }
    const legacy = new Map<number, Cell>();
    for (const row of r.tables.legacy ?? []) {
      const period = legacyOwnPeriod(row, r.year);
      if (period === null) continue;
      const name = `legacy.${legacyLabel(row)}`;
      let i = legacyCols.get(name);
      if (i === undefined) legacyCols.set(name, (i = legacyCols.size));
      if (!legacy.has(i)) legacy.set(i, row.values[period]);
    }
    held.push({ text: fields.map(csvField).join(','), legacy, extra: opts.extra ? opts.extra.values(d).map((v) => ',' + csvField(v)).join('') : '' });
  }
  const names = [...legacyCols.keys()];
  const header = [...WIDE_LEAD, ...[...cells, ...names].flatMap((c) => [c, c + STATUS_SUFFIX]), ...(opts.extra?.names ?? [])];
  yield ((opts.withBom ?? true) ? BOM : '') + csvLine(header);
  let chunk = '';
  for (const h of held) {
    let tail = '';
    for (let i = 0; i < names.length; i++) {
      const c = h.legacy.get(i);
      tail += ',' + csvField(valueOf(c)) + ',' + csvField(statusOf(c));
    }
    chunk += h.text + tail + h.extra + '\r\n';
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

function wideLead(d: DatasetReport): Field[] {
  const r = d.record;
  const count = (pred: (c: Check) => boolean) => r.checks.filter(pred).length;
  return [
    d.reportId, d.body, r.entity, r.year, r.source.url ?? r.source.file, d.site, r.source.fetchedAt, r.source.sha256, r.parserVersion, r.publishedAt,
    r.title, r.format, r.layout, d.duplicateUrls.join(' '), d.inSeries,
    count((c) => c.status === 'fail' && !isSoftCheck(c)), count((c) => c.status === 'fail' && isSoftCheck(c)), count((c) => c.status === 'uncertain'),
  ];
}

export function toWideCsv(records: Iterable<Exportable>, opts: WideOptions | boolean = {}): string {
  return [...wideChunks(records, typeof opts === 'boolean' ? { withBom: opts } : opts)].join('');
}

export function checkRow(x: Exportable, c: Check): Field[] {
  const d = asDatasetReport(x);
  const r = d.record;
  const other = c.reports?.find((o) => o.url !== r.source.url || o.year !== r.year) ?? null;
  return [r.source.url ?? r.source.file, r.entity, r.year, c.id, c.scope, c.status, c.left, c.right, c.usedToDecode ?? false, c.note ?? null, other?.url ?? null, other?.year ?? null, isSoftCheck(c), c.quote ?? null, ...provenance(d)];
}

export function toChecksCsv(records: Iterable<Exportable>, withBom = true): string {
  let out = (withBom ? BOM : '') + csvLine(CHECKS_HEADER);
  for (const x of records) {
    const d = asDatasetReport(x);
    for (const c of d.record.checks) out += csvLine(checkRow(d, c));
  }
  return out;
}

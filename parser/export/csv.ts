/**
 * The CSV forms of the record contract (../shared/spec/record.md, outside this repo): long (one
 * row per cell), wide (one row per report) and checks.
 * UTF-8 with a byte-order mark so spreadsheet programs show Chinese; text cells that a
 * spreadsheet would run as a formula are neutralised, numbers (negative ones too) stay numbers.
 */
import { describeCell, FORMATS, TABLE_KEYS, type StandardFormat } from '../format/spec.js';
import type { Cell, Check, ReportRecord } from '../record/schema.js';

export const BOM = '\ufeff';

export const LONG_HEADER = ['source_url', 'entity', 'year', 'format', 'table', 'row', 'row_label', 'column', 'column_label', 'value', 'raw', 'status', 'candidates', 'split'] as const;
export const CHECKS_HEADER = ['source_url', 'entity', 'year', 'check', 'scope', 'status', 'left', 'right', 'used_to_decode', 'note', 'other_report_url', 'other_report_year'] as const;

const NUMBER = /^[-+]?\d+(\.\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** A field as CSV text: formula-safe, quoted where needed. */
export function csvField(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  let s = v;
  if (FORMULA_START.test(s) && !NUMBER.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(fields: readonly (string | number | boolean | null | undefined)[]): string {
  return fields.map(csvField).join(',') + '\r\n';
}

/** One row per cell of each record (long form). */
export function* longRows(rec: ReportRecord): Generator<(string | number | null)[]> {
  const base = [rec.source.url ?? rec.source.file, rec.entity, rec.year, rec.format] as const;
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
          const d = describeCell(f, t, row.id, col.id);
          yield [...base, t, row.id, d.rowLabel, col.id, d.columnLabel, ...cellFields(c)];
        }
      }
    }
  }
  for (const row of rec.tables.legacy ?? []) {
    for (const [period, c] of Object.entries(row.values)) {
      yield [...base, 'legacy', row.label, row.unit ? `${row.label}（${row.unit}）` : row.label, period, period, ...cellFields(c)];
    }
  }
}

export function toLongCsv(records: Iterable<ReportRecord>, withBom = true): string {
  let out = (withBom ? BOM : '') + csvLine(LONG_HEADER);
  for (const r of records) for (const row of longRows(r)) out += csvLine(row);
  return out;
}

/** Every `table.row.column` of both standard formats, in format order (the wide form's columns). */
export function wideColumns(): string[] {
  const seen = new Set<string>();
  for (const f of ['2021', '2019'] as const) {
    for (const t of TABLE_KEYS) {
      for (const row of FORMATS[f].tables[t].rows) for (const col of row.columns) seen.add(`${t}.${row.id}.${col.id}`);
    }
  }
  return [...seen];
}

export function toWideCsv(records: Iterable<ReportRecord>, withBom = true): string {
  const cols = wideColumns();
  let out = (withBom ? BOM : '') + csvLine(['source_url', 'entity', 'year', 'format', 'layout', 'title', 'published_at', 'checks_failed', 'checks_uncertain', ...cols]);
  for (const r of records) {
    const values = cols.map((p) => {
      const [t, row, col] = p.split('.');
      const c = (r.tables as Record<string, Record<string, Record<string, Cell>> | undefined>)[t]?.[row]?.[col];
      return c && c.status === 'ok' ? c.value : null;
    });
    const failed = r.checks.filter((c) => c.status === 'fail').length;
    const uncertain = r.checks.filter((c) => c.status === 'uncertain').length;
    out += csvLine([r.source.url ?? r.source.file, r.entity, r.year, r.format, r.layout, r.title, r.publishedAt, failed, uncertain, ...values]);
  }
  return out;
}

export function checkRow(r: ReportRecord, c: Check): (string | number | boolean | null)[] {
  const other = c.reports?.find((x) => x.url !== r.source.url || x.year !== r.year) ?? null;
  return [r.source.url ?? r.source.file, r.entity, r.year, c.id, c.scope, c.status, c.left, c.right, c.usedToDecode ?? false, c.note ?? null, other?.url ?? null, other?.year ?? null];
}

export function toChecksCsv(records: Iterable<ReportRecord>, withBom = true): string {
  let out = (withBom ? BOM : '') + csvLine(CHECKS_HEADER);
  for (const r of records) for (const c of r.checks) out += csvLine(checkRow(r, c));
  return out;
}

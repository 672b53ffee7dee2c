/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The record's tables as grids with the format's labels, for the panel and the downloadable
 * report. Built with `h` (textContent only). An ambiguous cell shows how many readings it has
 * (the list is in its title), so candidate lists never widen the table.
 */
import { shortLabel, specOf, type Cell, type Check, type FormatSpec, type ReportRecord, type TableKey } from '../../parser/index.js';
import { h } from './h.js';
import { STRINGS, type Lang } from './i18n.js';

export function tableGrids(doc: Document, rec: ReportRecord, spec: FormatSpec, key: TableKey, lang: Lang, checks: readonly Check[]): HTMLElement[] {
  const def = spec.tables[key];
  const data = rec.tables[key] ?? {};
  const failing = new Set(checks.filter((c) => c.status === 'fail').flatMap((c) => c.cells));
  const out: HTMLElement[] = [h(doc, 'h4', {}, lang === 'zh' ? def.title : def.titleEn)];
  // Rows with the same columns share one grid (表二 mixes document counts, decision counts and a fee).
  let i = 0;
  while (i < def.rows.length) {
    const cols = def.rows[i].columns;
    const sig = cols.map((c) => c.id).join();
    const rows = [];
    while (i < def.rows.length && def.rows[i].columns.map((c) => c.id).join() === sig) rows.push(def.rows[i++]);
    const head = h(doc, 'tr', {}, h(doc, 'th', { class: 'row' }), ...cols.map((c) => h(doc, 'th', { scope: 'col' }, lang === 'zh' ? c.label : c.labelEn)));
    const table = h(doc, 'table', { 'data-table': key }, h(doc, 'thead', {}, head));
    const tbody = h(doc, 'tbody');
    for (const r of rows) {
      const label = lang === 'zh' ? r.label : r.labelEn;
      const tr = h(doc, 'tr', {}, h(doc, 'th', { class: 'row', scope: 'row', title: label }, shortLabel(label)));
      for (const c of cols) {
        const path = `${key}.${r.id}.${c.id}`;
        tr.append(valueCell(doc, data[r.id]?.[c.id], path, failing.has(path), lang));
      }
      tbody.append(tr);
    }
    table.append(tbody);
    out.push(h(doc, 'div', { class: 'grid' }, table));
  }
  return out;
}

export function valueCell(doc: Document, cell: Cell | undefined, path: string, fails: boolean, lang: Lang): HTMLElement {
  const status = cell?.status ?? 'missing';
  const n = cell?.candidates?.length ?? 0;
  const text = !cell ? '' : cell.status === 'ok' ? `${cell.value}${cell.unit ?? ''}`
    : cell.status === 'ambiguous' ? `${STRINGS[lang].readings(n)}?`
    : cell.status === 'blank' ? (cell.raw ?? '') || '·'
    : cell.status === 'note' ? cell.raw ?? '' : '';
  const title = !cell ? '' : cell.status === 'ambiguous' ? (cell.candidates ?? []).join(' | ') : cell.raw ?? '';
  return h(doc, 'td', { class: fails ? 'fail' : status, 'data-cell': path, title: title || undefined }, text);
}

export function legacyGrid(doc: Document, rec: ReportRecord, lang: Lang): HTMLElement {
  const rows = rec.tables.legacy ?? [];
  const periods = [...new Set(rows.flatMap((r) => Object.keys(r.values)))];
  const table = h(doc, 'table', { 'data-table': 'legacy' }, h(doc, 'thead', {}, h(doc, 'tr', {}, h(doc, 'th', { class: 'row' }), ...periods.map((p) => h(doc, 'th', {}, p)))));
  const tbody = h(doc, 'tbody');
  for (const r of rows) {
    const tr = h(doc, 'tr', {}, h(doc, 'th', { class: 'row' }, r.unit ? `${r.label}（${r.unit}）` : r.label));
    for (const p of periods) tr.append(valueCell(doc, r.values[p], `legacy.${r.label}.${p}`, false, lang));
    tbody.append(tr);
  }
  table.append(tbody);
  return h(doc, 'div', { class: 'grid' }, table);
}

/** Every table of the record, as grids. */
export function allGrids(doc: Document, rec: ReportRecord, lang: Lang, checks: readonly Check[]): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (rec.format === '2021' || rec.format === '2019') {
    // the rows the record holds: a 2021 表三 may have the 2019 table's one （六）其他处理 row
    const spec = specOf(rec);
    for (const t of ['active', 'applications', 'review_litigation'] as const) if (rec.tables[t]) out.push(...tableGrids(doc, rec, spec, t, lang, checks));
  }
  if (rec.tables.legacy?.length) out.push(legacyGrid(doc, rec, lang));
  return out;
}

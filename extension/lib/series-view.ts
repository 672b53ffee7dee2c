/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Last year beside this year in the panel: a link to the other report and a small table of the
 * main figures. The series checks themselves join the panel's findings.
 */
import type { Check, ReportRecord } from '../../parser/index.js';
import { h } from './h.js';
import type { FindingContext } from './findings.js';
import type { Strings } from './i18n.js';
import { cellOf } from './verdict.js';

export interface SeriesView {
  status: 'loading' | 'done' | 'failed';
  url: string;
  prev: ReportRecord | null;
  checks: Check[];
}

/** The figures of 表三's total column compared year over year. */
export const YOY_ROWS = ['new_received', 'carried_over', 'granted', 'results_total', 'carried_forward'] as const;

export function seriesSection(doc: Document, ctx: FindingContext, view: SeriesView, s: Strings): HTMLElement {
  const sec = h(doc, 'div', { 'data-field': 'series' }, h(doc, 'h3', {}, s.series.title));
  if (view.status !== 'done' || !view.prev) {
    sec.append(h(doc, 'p', { class: 'status' }, view.status === 'loading' ? s.series.loading : s.series.failed, ' ', h(doc, 'a', { href: view.url, target: '_blank', rel: 'noopener' }, s.series.other)));
    return sec;
  }
  const prev = view.prev;
  const yr = (y: number | null) => (y === null ? '—' : s.inYear(y));
  sec.append(h(doc, 'p', { class: 'status' }, h(doc, 'a', { href: view.url, target: '_blank', rel: 'noopener', 'data-field': 'series-link' }, prev.title ?? view.url)));
  const table = h(doc, 'table', { 'data-field': 'yoy' }, h(doc, 'thead', {}, h(doc, 'tr', {},
    h(doc, 'th', { class: 'row' }, s.series.figure), h(doc, 'th', {}, yr(prev.year)), h(doc, 'th', {}, yr(ctx.rec.year)), h(doc, 'th', {}, s.series.change))));
  const tbody = h(doc, 'tbody');
  for (const row of YOY_ROWS) {
    const path = `applications.${row}.total`;
    const a = cellOf(prev, path);
    const b = cellOf(ctx.rec, path);
    const av = a?.status === 'ok' ? a.value : null;
    const bv = b?.status === 'ok' ? b.value : null;
    const d = av !== null && bv !== null ? bv - av : null;
    tbody.append(h(doc, 'tr', {}, h(doc, 'th', { class: 'row' }, s.series.figures[row]), h(doc, 'td', {}, av ?? '—'), h(doc, 'td', {}, bv ?? '—'),
      h(doc, 'td', {}, d === null ? '—' : d > 0 ? `+${d}` : String(d))));
  }
  table.append(tbody);
  sec.append(h(doc, 'div', { class: 'grid' }, table));
  return sec;
}

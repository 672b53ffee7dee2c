/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Last year beside this year in the panel: a link to the other report and a small table of the
 * main figures. The series checks themselves join the panel's findings.
 */
import type { Check, FindingContext, ReportRecord } from '../../parser/index.js';
import { h } from './h.js';
import type { Strings } from './i18n.js';
import { FIGURE_IDS, figuresOf, type Figures } from './figures.js';

export interface SeriesView {
  status: 'loading' | 'done' | 'failed';
  url: string;
  prev: ReportRecord | null;
  checks: Check[];
}

/** One column of a year-over-year table: a year's label and its main figures. */
export interface YoyColumn {
  label: string;
  figures: Figures;
}

/**
 * The main figures year over year, oldest year first, with the change from the year before the
 * last to the last. The panel's series view and the library's per-body view both show this one.
 */
export function yoyTable(doc: Document, s: Strings, cols: readonly YoyColumn[]): HTMLElement {
  const change = cols.length >= 2;
  const head = h(doc, 'tr', {}, h(doc, 'th', { class: 'row' }, s.series.figure), ...cols.map((c) => h(doc, 'th', {}, c.label)), change ? h(doc, 'th', {}, s.series.change) : null);
  const tbody = h(doc, 'tbody');
  for (const id of FIGURE_IDS) {
    const vals = cols.map((c) => c.figures[id]);
    const a = vals.at(-2) ?? null;
    const b = vals.at(-1) ?? null;
    const d = a !== null && b !== null ? Math.round((b - a) * 1e6) / 1e6 : null;
    tbody.append(h(doc, 'tr', { 'data-figure': id }, h(doc, 'th', { class: 'row' }, s.series.figures[id]), ...vals.map((v) => h(doc, 'td', {}, v ?? '—')),
      change ? h(doc, 'td', { 'data-field': 'change' }, d === null ? '—' : d > 0 ? `+${d}` : String(d)) : null));
  }
  return h(doc, 'div', { class: 'grid' }, h(doc, 'table', { 'data-field': 'yoy' }, h(doc, 'thead', {}, head), tbody));
}

export function seriesSection(doc: Document, ctx: FindingContext, view: SeriesView, s: Strings): HTMLElement {
  const sec = h(doc, 'div', { 'data-field': 'series' }, h(doc, 'h3', {}, s.series.title));
  if (view.status !== 'done' || !view.prev) {
    sec.append(h(doc, 'p', { class: 'status' }, view.status === 'loading' ? s.series.loading : s.series.failed, ' ', h(doc, 'a', { href: view.url, target: '_blank', rel: 'noopener' }, s.series.other)));
    return sec;
  }
  const prev = view.prev;
  const yr = (y: number | null) => (y === null ? '—' : s.inYear(y));
  sec.append(h(doc, 'p', { class: 'status' }, h(doc, 'a', { href: view.url, target: '_blank', rel: 'noopener', 'data-field': 'series-link' }, prev.title ?? view.url)));
  sec.append(yoyTable(doc, s, [{ label: yr(prev.year), figures: figuresOf(prev) }, { label: yr(ctx.rec.year), figures: figuresOf(ctx.rec) }]));
  return sec;
}

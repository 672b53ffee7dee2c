/**
 * The main figures of a report, for comparing years (pure data, no DOM): new applications,
 * disclosed, not disclosed (the 不予公开 rows together), administrative review and litigation
 * (both of 表四's litigation groups), each from the 总计 column.
 */
import { cellAt, FORMATS, type ReportRecord, type StandardFormat } from '../../parser/index.js';

export const FIGURE_IDS = ['new_received', 'granted', 'denied', 'review', 'litigation'] as const;
export type FigureId = (typeof FIGURE_IDS)[number];
export type Figures = Record<FigureId, number | null>;

/** The record cells each figure adds up, in a format's rows. */
function parts(format: StandardFormat, id: FigureId): string[] {
  switch (id) {
    case 'denied': return FORMATS[format].tables.applications.rows.filter((r) => r.id.startsWith('denied_')).map((r) => `applications.${r.id}.total`);
    case 'review': return ['review_litigation.review.total'];
    case 'litigation': return ['review_litigation.litigation_direct.total', 'review_litigation.litigation_after_review.total'];
    default: return [`applications.${id}.total`];
  }
}

/**
 * One figure: the sum of its cells, a blank cell counting 0. Null when a cell could not be read
 * (ambiguous, missing) or when none of them holds a number: a guess would mislead a comparison.
 */
export function figure(rec: ReportRecord, format: StandardFormat, id: FigureId): number | null {
  let sum = 0;
  let any = false;
  for (const path of parts(format, id)) {
    const c = cellAt(rec.tables, path);
    if (c?.status === 'blank') continue;
    if (!c || c.value === null || (c.status !== 'ok' && c.status !== 'note')) return null;
    sum += c.value;
    any = true;
  }
  return any ? Math.round(sum * 1e6) / 1e6 : null;
}

export function figuresOf(rec: ReportRecord): Figures {
  const out = {} as Figures;
  const f = rec.format;
  for (const id of FIGURE_IDS) out[id] = f === '2021' || f === '2019' ? figure(rec, f, id) : null;
  return out;
}

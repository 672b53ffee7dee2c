/**
 * Checks that need two consecutive years of one body: series.carry (hard) and series.in_force
 * (soft, 2021 format). Both reports are named in each check.
 */
import { APPLICANT_COLUMN_IDS, SERIES_CHECKS } from '../format/spec.js';
import type { Check, ReportRecord } from '../record/schema.js';
import { cellAt, evaluate } from './rules.js';

/** `earlier` must be the report for year Y−1 and `later` for year Y of the same body. */
export function seriesChecks(earlier: ReportRecord, later: ReportRecord): Check[] {
  if (earlier.year === null || later.year === null || later.year !== earlier.year + 1) return [];
  const reports = [
    { url: earlier.source.url, year: earlier.year },
    { url: later.source.url, year: later.year },
  ];
  const out: Check[] = [];
  // cells of both records under one namespace: prev.* and this.*
  const get = (path: string) => {
    const [which, ...rest] = path.split('.');
    return cellAt(which === 'prev' ? earlier.tables : later.tables, rest.join('.'));
  };
  if (earlier.tables.applications && later.tables.applications) {
    for (const c of APPLICANT_COLUMN_IDS) {
      const ch = evaluate(SERIES_CHECKS.carry, c, [`this.applications.carried_over.${c}`], [`prev.applications.carried_forward.${c}`], get);
      if (ch) out.push({ ...ch, reports });
    }
  }
  if (earlier.format === '2021' && later.format === '2021' && earlier.tables.active && later.tables.active) {
    for (const row of ['regulations', 'normative_documents']) {
      const ch = evaluate(
        SERIES_CHECKS.inForce, row,
        [`this.active.${row}.in_force`, `this.active.${row}.repealed`],
        [`prev.active.${row}.in_force`, `this.active.${row}.issued`],
        get,
      );
      if (ch) out.push({ ...ch, reports, soft: true, note: ch.note ?? (ch.status === 'fail' ? 'soft rule: a cleanup of documents legitimately breaks it' : undefined) });
    }
  }
  return out;
}

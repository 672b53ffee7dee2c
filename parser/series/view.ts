/**
 * One body over the years, for `gongkai series` and `gongkai report`: the years found and the
 * gaps between them, the main figures year by year, and each year's verdict (its own checks and
 * the cross-year ones). Built from a body's dataset rows (parser/series/dataset.ts).
 */
import { cellAt } from '../checks/rules.js';
import type { FindingContext, Lang } from '../checks/sentences.js';
import { checkKind, tally, verdictOf, type Verdict } from '../checks/verdict.js';
import type { Check, ReportRecord } from '../record/schema.js';
import type { DatasetReport } from './dataset.js';

export interface Figure {
  id: string;
  zh: string;
  en: string;
  /** a share (0–1), not a count */
  share?: boolean;
}

/** The main figures, in the order the series shows them. */
export const FIGURES: readonly Figure[] = [
  { id: 'new_received', zh: '新收申请', en: 'New applications' },
  { id: 'granted_share', zh: '予以公开占比', en: 'Share granted', share: true },
  { id: 'denied', zh: '不予公开', en: 'Refused' },
  { id: 'review', zh: '行政复议', en: 'Administrative reviews' },
  { id: 'litigation', zh: '行政诉讼', en: 'Lawsuits' },
  { id: 'normative_in_force', zh: '规范性文件现行有效', en: 'Normative documents in force' },
];

const DENIED = ['state_secret', 'prohibited_by_law', 'security_stability', 'third_party', 'internal_affairs', 'process_information', 'enforcement_files', 'administrative_query'];

/** A figure of one report; null when a cell it needs is not a number (blank counts 0 only beside a number). */
export function figure(rec: ReportRecord, id: string): number | null {
  const sum = (paths: string[]) => {
    let s = 0;
    let any = false;
    for (const p of paths) {
      const c = cellAt(rec.tables, p);
      if (c?.status === 'ok') {
        s += c.value ?? 0;
        any = true;
      } else if (c?.status !== 'blank') return null;
    }
    return any ? s : null;
  };
  switch (id) {
    case 'new_received': return sum(['applications.new_received.total']);
    case 'granted_share': {
      const g = sum(['applications.granted.total']);
      const all = sum(['applications.results_total.total']);
      return g !== null && all ? Math.round((g / all) * 1000) / 1000 : null;
    }
    case 'denied': return sum(DENIED.map((d) => `applications.denied_${d}.total`));
    case 'review': return sum(['review_litigation.review.total']);
    case 'litigation': return sum(['review_litigation.litigation_direct.total', 'review_litigation.litigation_after_review.total']);
    case 'normative_in_force': return sum(['active.normative_documents.in_force']);
    default: return null;
  }
}

export interface SeriesYear {
  year: number;
  row: DatasetReport;
  figures: Record<string, number | null>;
  verdict: Verdict;
  /** checks a reader should look at: hard fails, soft findings, undecided ones (prose vs table apart) */
  failing: Check[];
  prose: Check[];
  counts: { pass: number; fail: number; soft: number; uncertain: number };
}

export interface BodySeries {
  body: string;
  entities: string[];
  sites: string[];
  years: SeriesYear[];
  /** years missing between the first and the last found */
  gaps: number[];
  /** reports of the body the series does not use (no year, or another report of that year) */
  others: DatasetReport[];
}

/** A body's series from its dataset rows (any order). */
export function bodySeriesView(body: string, rows: readonly DatasetReport[]): BodySeries {
  const used = rows.filter((r) => r.inSeries && r.record.year !== null).sort((a, b) => a.record.year! - b.record.year!);
  const years = used.map((row) => yearOf(row));
  const found = new Set(years.map((y) => y.year));
  const gaps: number[] = [];
  if (years.length) for (let y = years[0].year + 1; y < years[years.length - 1].year; y++) if (!found.has(y)) gaps.push(y);
  return {
    body,
    entities: [...new Set(rows.map((r) => r.record.entity).filter((e): e is string => !!e))],
    sites: [...new Set(rows.map((r) => r.site).filter((s): s is string => !!s))],
    years,
    gaps,
    others: rows.filter((r) => !used.includes(r)),
  };
}

/** What year `i`'s findings are read against: its record and, when the year before is in the series, that one (series checks name its cells). */
export function yearContext(v: BodySeries, i: number, lang: Lang): FindingContext {
  const y = v.years[i];
  const prev = v.years[i - 1]?.year === y.year - 1 ? v.years[i - 1] : undefined;
  return { rec: y.row.record, lang, prev: prev?.row.record ?? null };
}

function yearOf(row: DatasetReport): SeriesYear {
  const rec = row.record;
  // a missing year is a fact about the series, not a doubt about this report
  const checks = rec.checks.filter((c) => c.id !== 'series.gap');
  const kinds = checks.map((c) => checkKind(rec, c));
  // passes that rest on split digits lower the verdict but are no finding to read one by one
  const failing = checks.filter((c, i) => c.status !== 'pass' && kinds[i] !== 'prose');
  return {
    year: rec.year!,
    row,
    figures: Object.fromEntries(FIGURES.map((f) => [f.id, figure(rec, f.id)])),
    verdict: verdictOf(tally(rec, checks)),
    failing,
    prose: checks.filter((_, i) => kinds[i] === 'prose'),
    counts: {
      pass: kinds.filter((k) => k === 'pass').length,
      fail: kinds.filter((k) => k === 'fail').length,
      soft: kinds.filter((k) => k === 'soft' || k === 'prose').length,
      uncertain: kinds.filter((k) => k === 'blank' || k === 'unreadable' || k === 'split').length,
    },
  };
}

/**
 * The verdict a reader can act on at a glance, from the checks alone: `fail` when a hard rule
 * fails on numbers read as printed; `unconfirmed` when any check could not be decided, leaned on
 * a blank cell, stands on digits the rules themselves split, or is a soft finding; `pass` only
 * when every check passed on cells read as printed. The extension's panel, `gongkai series` and
 * `gongkai report` all say it with these words.
 */
import { isSoftCheck } from '../format/spec.js';
import type { Check, ReportRecord } from '../record/schema.js';
import { cellAt } from './rules.js';

export type Verdict = 'fail' | 'unconfirmed' | 'pass';

/** Why a check does or does not confirm the report, one kind per check. */
export type CheckKind =
  | 'fail' // the report's own numbers break the rule
  | 'soft' // a soft rule breaks (a cleanup of documents may explain it)
  | 'blank' // breaks only if a blank cell means 0
  | 'unreadable' // a cell it needs could not be read with certainty
  | 'split' // the numbers were split out of run-together digits (by this or other rules)
  | 'prose' // narrative.*: the prose states another number than the table, or the table cell is unreadable
  | 'pass'; // passed on cells read as printed

export function checkKind(rec: ReportRecord, c: Check): CheckKind {
  // prose against table is shown beside the verdict, never in it: prose may count another scope
  if (c.id.startsWith('narrative.') && c.status !== 'pass') return 'prose';
  // rules whose breaking has innocent explanations (parser isSoftCheck) never make the verdict red
  if (c.status === 'fail') return isSoftCheck(c) ? 'soft' : 'fail';
  if (c.status === 'uncertain') {
    if (c.left !== null && c.right !== null && c.assumed.length > 0) return 'blank';
    if (c.left !== null && c.right !== null) return 'split'; // rules.ts: a fail over split digits
    return 'unreadable';
  }
  if (c.usedToDecode) return 'split';
  const onSplit = c.cells.some((p) => cellOf(rec, p)?.split);
  return onSplit ? 'split' : 'pass';
}

/** A record cell by check path; series checks name cells `this.<path>` (this page) or `prev.<path>`. */
export function cellOf(rec: ReportRecord, path: string, prev?: ReportRecord | null) {
  if (path.startsWith('this.')) return cellAt(rec.tables, path.slice(5));
  if (path.startsWith('prev.')) return prev ? cellAt(prev.tables, path.slice(5)) : undefined;
  return cellAt(rec.tables, path);
}

export type Tally = Record<CheckKind, number> & { ambiguousCells: number; total: number };

export function tally(rec: ReportRecord, checks: readonly Check[] = rec.checks): Tally {
  const t: Tally = { fail: 0, soft: 0, blank: 0, unreadable: 0, split: 0, prose: 0, pass: 0, ambiguousCells: 0, total: checks.length };
  for (const c of checks) t[checkKind(rec, c)]++;
  for (const table of [rec.tables.active, rec.tables.applications, rec.tables.review_litigation]) {
    for (const row of Object.values(table ?? {})) for (const cell of Object.values(row)) if (cell.status === 'ambiguous') t.ambiguousCells++;
  }
  return t;
}

export function verdictOf(t: Tally): Verdict {
  if (t.fail > 0) return 'fail';
  if (t.total === 0 || t.soft + t.blank + t.unreadable + t.split + t.ambiguousCells > 0) return 'unconfirmed';
  return 'pass';
}

/** Kinds that need the reader's eye, in the order the panel lists them. */
export const KIND_ORDER: CheckKind[] = ['fail', 'soft', 'blank', 'unreadable', 'split', 'prose'];


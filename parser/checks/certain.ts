/**
 * When a broken rule is the report's own error even though some of its cells are not plain
 * numbers: a blank is at least 0, whatever it means, and a cell split out of run-together digits
 * lies between the least and the greatest value any reading of its row allows. Each side of the
 * rule then lies in an interval; when the two intervals do not meet, no value of the blanks and
 * no reading of the digits repairs the rule, and it is a `fail`. When they meet, it stays
 * `uncertain`. Intervals only widen what is possible, so this never makes a repairable rule fail.
 */
import type { Cell } from '../record/schema.js';

/** [least, greatest] value a split cell can hold over every reading of its row; null when unknown. */
export type SplitBounds = (path: string) => readonly [number, number] | null;

export interface Interval {
  lo: number;
  hi: number;
  /** the side holds a blank (its upper end is open) */
  blanks: boolean;
  /** the side holds a cell split from run-together digits */
  split: boolean;
}

/** The interval a side's cells can add up to, or null when a cell cannot be bounded. */
export function sideInterval(paths: readonly string[], get: (path: string) => Cell | undefined, bounds?: SplitBounds): Interval | null {
  const out: Interval = { lo: 0, hi: 0, blanks: false, split: false };
  for (const p of paths) {
    const c = get(p);
    if (!c || (c.status !== 'ok' && c.status !== 'blank')) return null;
    // a cell of a row read by splitting a run, split itself or not, may be any of its readings
    const b = bounds?.(p);
    if (b) {
      out.lo += b[0];
      out.hi += b[1];
      out.split = true;
    } else if (c.split) return null;
    else if (c.status === 'ok' && c.value !== null) {
      out.lo += c.value;
      out.hi += c.value;
    } else if (c.status === 'blank') {
      out.hi = Infinity;
      out.blanks = true;
    } else return null;
  }
  return out;
}

/** Whether no value of the blanks and no reading of the split digits can make the two sides equal. */
export function apart(l: Interval, r: Interval): boolean {
  return l.lo > r.hi + 1e-9 || r.lo > l.hi + 1e-9;
}

/** The note of a fail that holds whatever the blanks mean or however the digits are read. */
export function certainNote(left: number, right: number, l: Interval, r: Interval): string {
  const why: string[] = [];
  if (l.blanks || r.blanks) {
    const side = l.blanks ? 'left' : 'right';
    why.push(`the printed cells of the ${side} side already exceed the other side, so no value ≥ 0 of its blank cells repairs it (空白格无论代表何数均无法使等式成立)`);
  }
  if (l.split || r.split) {
    why.push(`every reading of the run-together digits (with any number of empty cells that left no trace, the row's total last) breaks it the same way (连写数字的任何拆分均不成立)`);
  }
  return `${left} ≠ ${right} as read; ${why.join('; ')}`;
}

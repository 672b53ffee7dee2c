/**
 * How far a cell split out of run-together digits can be from the value read: the least and the
 * greatest value it takes over every reading of its row — every way to cut the digits that
 * satisfies the row's rule (its last cell, the total, is the sum of the others), with any number
 * of empty cells that left no trace anywhere but in the total's place. A check over such cells is
 * a `fail` only when these bounds keep its two sides apart (checks/certain.ts).
 *
 * A blank (printed or vanished) counts as [0, ∞): the rule chose the reading with it as 0, but
 * the check does not rely on what a blank means.
 */
import { splitTokens, type Token } from './split.js';

/** Readings counted per number of vanished cells: more than this and the bounds are not given. */
const MAX_READINGS = 256;
const BUDGET = 20_000;

export type CellBounds = [number, number];

/**
 * Bounds for each of the row's `cells` cells (total last), or null when the readings cannot all
 * be counted (too many, the search budget ran out, a note among the digits, no reading at all).
 */
export function rowBounds(tokens: readonly Token[], cells: number): CellBounds[] | null {
  const lo = new Array<number>(cells).fill(Infinity);
  const hi = new Array<number>(cells).fill(-Infinity);
  const widen = (i: number, a: number, b: number) => {
    if (a < lo[i]) lo[i] = a;
    if (b > hi[i]) hi[i] = b;
  };
  let readings = 0;
  for (let vanished = 0; vanished < cells; vanished++) {
    const slots = cells - vanished;
    const group = Array.from({ length: slots }, (_, i) => i);
    const r = splitTokens(tokens, slots, { sums: [group], useRules: true, maxReadings: MAX_READINGS, budget: BUDGET });
    if (r.exhausted || r.overflow) return null;
    for (const reading of r.readings) {
      readings++;
      const range = reading.map((p): CellBounds | null => (p.value === null ? null : p.blank || p.vanished ? [0, Infinity] : [p.value, p.value]));
      if (range.some((x) => x === null)) return null;
      const at = (j: number) => range[j] as CellBounds;
      widen(cells - 1, ...at(slots - 1));
      // cell i holds slot j when i − j of the vanished cells stand before it, or is itself vanished
      for (let i = 0; i < cells - 1; i++) {
        for (let j = Math.max(0, i - vanished); j <= Math.min(i, slots - 2); j++) widen(i, ...at(j));
        if (vanished > 0) widen(i, 0, Infinity);
      }
    }
  }
  if (readings === 0) return null;
  return lo.map((l, i) => [l, hi[i]]);
}

/** A row of 表三 as it was split: the tokens after its label and its columns, total last. */
export interface SplitRun {
  tokens: readonly Token[];
  columns: readonly string[];
}

/**
 * The bounds of `applications.<row>.<column>` for the rows read by splitting, computed when a
 * check first asks (only broken rules ask) and kept.
 */
export function splitBounds(runs: ReadonlyMap<string, SplitRun>): (path: string) => readonly [number, number] | null {
  const memo = new Map<string, CellBounds[] | null>();
  return (path) => {
    const [table, row, column] = path.split('.');
    const run = table === 'applications' ? runs.get(row) : undefined;
    if (!run) return null;
    let b = memo.get(row);
    if (b === undefined) memo.set(row, (b = rowBounds(run.tokens, run.columns.length)));
    const i = run.columns.indexOf(column);
    return b && i >= 0 ? b[i] : null;
  };
}

/**
 * The arithmetic checks (勾稽关系) one report allows, evaluated over record cells.
 *
 * A rule the report's own numbers break is `fail`. A check that needs a cell the parser could
 * not read (ambiguous, missing, a note) is `uncertain`; so is a broken equation that a value of
 * its blank cells could repair, since a blank may mean "not filled in" rather than zero. A blank
 * is at least 0, though: when the printed cells of the side with the blanks already exceed the
 * other side, nothing repairs the rule and it is a `fail` (see certain.ts).
 * A journalist may print a `fail`: it must never come from a misreading.
 */
import { equations, hasOneOtherRow, type CheckId, type StandardFormat } from '../format/spec.js';
import type { Cell, Check, ReportRecord } from '../record/schema.js';
import { apart, certainNote, sideInterval, type SplitBounds } from './certain.js';

type Tables = ReportRecord['tables'];

/** Cell paths come from a fixed set (the formats' cells): split each once. */
const splitPaths = new Map<string, string[]>();

export function cellAt(tables: Tables, path: string): Cell | undefined {
  let parts = splitPaths.get(path);
  if (!parts) {
    parts = path.split('.');
    if (splitPaths.size < 10_000) splitPaths.set(path, parts);
  }
  const [table, row, column] = parts;
  const t = (tables as Record<string, Record<string, Record<string, Cell>> | undefined>)[table];
  return t?.[row]?.[column];
}

/**
 * @param bounds for cells split from run-together digits: the least and greatest value every
 *   reading of their row allows; a broken rule over split cells is a `fail` only when these
 *   bounds keep its two sides apart.
 */
export function runChecks(format: StandardFormat, tables: Tables, hasTotalColumn: boolean, decoded: ReadonlySet<string>, bounds?: SplitBounds): Check[] {
  const out: Check[] = [];
  for (const eq of equations(format, hasTotalColumn, hasOneOtherRow(format, tables))) {
    const check = evaluate(eq.check, eq.scope, eq.left, eq.right, (p) => cellAt(tables, p), bounds);
    if (check === null) continue;
    if (decoded.has(`${eq.check}|${eq.scope}`) && check.status === 'pass') {
      check.usedToDecode = true;
      check.note = 'rule used to split run-together digits: it cannot confirm them';
    }
    out.push(check);
  }
  return out;
}

/**
 * One equation: sum(left) = sum(right). Returns null when the table holds none of its cells
 * (a table that is not on the page is reported as an issue, not as a check).
 */
export function evaluate(id: CheckId, scope: string, left: readonly string[], right: readonly string[], get: (path: string) => Cell | undefined, bounds?: SplitBounds): Check | null {
  const cells = [...left, ...right];
  // none of its cells on the page: no check (a loop, not a pair array per cell: this runs cold in the extension)
  let anyRead = false;
  for (let i = 0; i < cells.length && !anyRead; i++) {
    const c = get(cells[i]);
    anyRead = c !== undefined && c.status !== 'missing';
  }
  if (!anyRead) return null;
  const assumed: string[] = [];
  const unreadable: string[] = [];
  const sum = (paths: readonly string[]) => {
    let s = 0;
    let ok = true;
    for (const p of paths) {
      const c = get(p);
      if (!c) {
        ok = false;
        unreadable.push(p);
        continue;
      }
      if (c.status === 'ok' && c.value !== null) s += c.value;
      else if (c.status === 'blank') assumed.push(p);
      else {
        ok = false;
        unreadable.push(p);
      }
    }
    return ok ? round(s) : null;
  };
  const l = sum(left);
  const r = sum(right);
  const check: Check = { id, scope, status: 'uncertain', left: l, right: r, cells, assumed };
  if (l === null || r === null) {
    check.note = `cannot be evaluated: ${unreadable.join(', ')} not read`;
    return check;
  }
  if (l === r) {
    check.status = 'pass';
    return check;
  }
  const split = cells.filter((p) => get(p)?.split);
  if (assumed.length === 0 && split.length === 0) {
    check.status = 'fail';
    check.note = `${l} ≠ ${r}`;
    return check;
  }
  // Blanks and split digits: a fail only when no value of the blanks (≥ 0) and no reading of the
  // digits can bring the two sides together.
  const li = sideInterval(left, get, bounds);
  const ri = sideInterval(right, get, bounds);
  if (li && ri && apart(li, ri)) {
    check.status = 'fail';
    check.note = certainNote(l, r, li, ri);
    return check;
  }
  check.note = split.length > 0
    // Digits split out of a run by a rule are one reading among those the page allows if an
    // empty cell left no trace; a broken equation over them may be our reading, not the report.
    ? `${l} ≠ ${r} as read, but ${split.length} of its cells were split from run-together digits; an empty cell that left no trace could change the reading`
    : `breaks only if the blank cells ${assumed.join(', ')} mean 0 (a value of them could repair it)`;
  return check;
}

/** Sums of decimals (万元) without binary noise. */
function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

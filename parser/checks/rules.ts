/**
 * The arithmetic checks (勾稽关系) one report allows, evaluated over record cells.
 *
 * A rule the report's own numbers break is `fail`. A check that needs a cell the parser could
 * not read (ambiguous, missing, a note) is `uncertain`; so is a broken equation that only breaks
 * because a blank cell was read as 0, since the blank may mean "not filled in" rather than zero.
 * A journalist may print a `fail`: it must never come from a misreading.
 */
import { equations, type CheckId, type StandardFormat } from '../format/spec.js';
import type { Cell, Check, ReportRecord } from '../record/schema.js';

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

export function runChecks(format: StandardFormat, tables: Tables, hasTotalColumn: boolean, decoded: ReadonlySet<string>): Check[] {
  const out: Check[] = [];
  for (const eq of equations(format, hasTotalColumn)) {
    const check = evaluate(eq.check, eq.scope, eq.left, eq.right, (p) => cellAt(tables, p));
    if (check === null) continue;
    if (decoded.has(`${eq.check}|${eq.scope}`) && check.status === 'pass') {
      check.usedToDecode = true;
      check.note = 'rule used to split run-together digits: it cannot confirm them';
    }
    // Digits split out of a run by a rule are one reading among those the page allows if an
    // empty cell left no trace; a broken equation over them may be our reading, not the report.
    const split = check.status === 'fail' ? check.cells.filter((p) => cellAt(tables, p)?.split) : [];
    if (split.length > 0) {
      check.status = 'uncertain';
      check.note = `${check.left} ≠ ${check.right} as read, but ${split.length} of its cells were split from run-together digits; an empty cell that left no trace could change the reading`;
    }
    out.push(check);
  }
  return out;
}

/**
 * One equation: sum(left) = sum(right). Returns null when the table holds none of its cells
 * (a table that is not on the page is reported as an issue, not as a check).
 */
export function evaluate(id: CheckId, scope: string, left: readonly string[], right: readonly string[], get: (path: string) => Cell | undefined): Check | null {
  const cells = [...left, ...right];
  const read = cells.map((p) => [p, get(p)] as const);
  if (read.every(([, c]) => !c || c.status === 'missing')) return null;
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
  if (assumed.length > 0) {
    check.note = `breaks only if the blank cells ${assumed.join(', ')} mean 0`;
    return check;
  }
  check.status = 'fail';
  check.note = `${l} ≠ ${r}`;
  return check;
}

/** Sums of decimals (万元) without binary noise. */
function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

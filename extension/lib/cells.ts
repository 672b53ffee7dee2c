/**
 * Which cells of a record the overlay marks, and how: `fail` when the cell takes part in a
 * failing check (check.cells), `ambiguous` when the parser could not read it with certainty,
 * `ok` for every other cell it read from the page. Pure data: no DOM here.
 */
import { isSoftCheck, TABLE_KEYS, type Cell, type Loc, type ReportRecord } from '../../parser/index.js';

export type MarkStatus = 'ok' | 'fail' | 'ambiguous';

export interface MarkedCell {
  /** `<table>.<row>.<column>` */
  path: string;
  loc: Loc;
  status: MarkStatus;
  cell: Cell;
}

export function cellsToMark(rec: ReportRecord): MarkedCell[] {
  const failing = new Set<string>();
  // a soft finding (prose vs table) says nothing against the cell itself
  for (const c of rec.checks) if (c.status === 'fail' && !isSoftCheck(c)) for (const p of c.cells) failing.add(p);
  const out: MarkedCell[] = [];
  for (const t of TABLE_KEYS) {
    const table = rec.tables[t];
    if (!table) continue;
    for (const [row, cols] of Object.entries(table)) {
      for (const [col, cell] of Object.entries(cols)) {
        if (!cell.loc || cell.status === 'missing') continue;
        const path = `${t}.${row}.${col}`;
        const status: MarkStatus = failing.has(path) ? 'fail' : cell.status === 'ambiguous' ? 'ambiguous' : 'ok';
        out.push({ path, loc: cell.loc, status, cell });
      }
    }
  }
  return out;
}

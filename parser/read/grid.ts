/**
 * One cell per line with a blank cell kept as an empty line: some sites' text puts every cell a
 * fixed number of lines after the one before (its label included) and the next row's label a
 * fixed number after the last cell. Where every complete row of a table keeps those two steps,
 * a short row's values are placed by their line numbers, the empty places being blank cells. A
 * row that does not fit the steps exactly is not placed (the reader abstains as before).
 */

export interface GridRow {
  /** line of the row's label */
  label: number;
  /** lines of its values, in order */
  values: readonly number[];
  /** line of the next row's label, null when the row is the table's last */
  next: number | null;
  cells: number;
}

export interface Grid {
  /** lines from the label to the first cell, and from one cell to the next */
  step: number;
  /** lines from the last cell to the next row's label */
  rowStep: number;
}

/** Complete rows needed to trust the steps. */
const MIN_ROWS = 3;

/**
 * The steps every complete row keeps (from its label to each cell), and the step to the next
 * row's label most of them keep (the last row of a table is followed by other text); null when
 * the page is not that regular.
 */
export function learnGrid(rows: readonly GridRow[]): Grid | null {
  let step = 0;
  const rowSteps = new Map<number, number>();
  let complete = 0;
  for (const r of rows) {
    if (r.values.length !== r.cells) continue;
    const lines = [r.label, ...r.values];
    for (let i = 1; i < lines.length; i++) {
      const d = lines[i] - lines[i - 1];
      if (step === 0) step = d;
      if (d !== step) return null;
    }
    if (r.next !== null) {
      const d = r.next - r.values[r.values.length - 1];
      rowSteps.set(d, (rowSteps.get(d) ?? 0) + 1);
    }
    complete++;
  }
  let rowStep = 0;
  let most = 0;
  let withNext = 0;
  for (const [d, n] of rowSteps) {
    withNext += n;
    if (n > most) [rowStep, most] = [d, n];
  }
  // the empty line of a blank cell must be told from the end of a row: the steps must differ,
  // and the rows must agree on them
  if (complete < MIN_ROWS || most < MIN_ROWS || most * 10 < withNext * 8 || step < 1 || rowStep === step) return null;
  return { step, rowStep };
}

/** Each value's cell index in a short row, or null when the row does not fit the grid exactly. */
export function placeOnGrid(row: GridRow, grid: Grid): number[] | null {
  if (row.next === null) return null;
  // a row keeps its full height whatever its blanks: its next label is where the grid says
  if (row.next !== row.label + grid.step * row.cells + grid.rowStep) return null;
  const out: number[] = [];
  for (const line of row.values) {
    const d = line - row.label;
    if (d % grid.step !== 0) return null;
    const i = d / grid.step - 1;
    if (i < 0 || i >= row.cells || (out.length > 0 && i <= out[out.length - 1])) return null;
    out.push(i);
  }
  return out;
}

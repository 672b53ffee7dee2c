/**
 * Text archives that collapse runs of identical consecutive lines: a row `3 0 0 0 0 0 3` written
 * one cell per line arrives as `3 / 0 / 3`, an all-zero row as one `0`. Such a page never shows
 * the same value on two consecutive lines of a row, while an ordinary page shows it often
 * (`0 / 0 / 0`). On such a page a short row is rebuilt by giving each value a run of one or more
 * cells — only when exactly one way of doing so satisfies the row's rules; otherwise it is not read.
 */

/** Consecutive value pairs within rows needed before their never being equal means anything. */
const MIN_PAIRS = 8;
/** Ways of spreading the values over the cells tried at most (15 cells in 3 values: 91). */
const MAX_WAYS = 5_000;

/**
 * Whether the page's rows look merged: enough consecutive pairs of values, none equal, and a row
 * reduced to one value (an all-zero row as one `0`). Both signs together: a page that only loses
 * its empty cells rarely shows the first (a row with one applicant kind repeats it in its total).
 */
export function looksMerged(rows: readonly (readonly number[])[], cells: readonly number[]): boolean {
  let pairs = 0;
  let single = false;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (row.length === 1 && cells[r] > 1) single = true;
    for (let i = 1; i < row.length; i++) {
      if (row[i] === row[i - 1]) return false;
      pairs++;
    }
  }
  return single && pairs >= MIN_PAIRS;
}

/**
 * The one way to spread `values` (consecutive ones differ) over `cells` cells, each value a run of
 * at least one cell, that satisfies every sum group (the last index of a group is the total of
 * the others); null when none or several do, or when the ways are too many to try.
 */
export function expandMerged(values: readonly number[], cells: number, sums: readonly (readonly number[])[]): number[] | null {
  const m = values.length;
  if (m === 0 || m > cells || sums.length === 0) return null;
  let found: number[] | null = null;
  let ways = 0;
  const lengths = new Array<number>(m).fill(1);
  const satisfies = (row: number[]) => sums.every((g) => {
    let s = 0;
    for (let i = 0; i < g.length - 1; i++) s += row[g[i]];
    return Math.abs(s - row[g[g.length - 1]]) < 1e-9;
  });
  // every composition of `cells` into m positive run lengths
  const walk = (i: number, left: number): boolean => {
    if (i === m - 1) {
      lengths[i] = left;
      if (++ways > MAX_WAYS) return false;
      const row = values.flatMap((v, j) => new Array<number>(lengths[j]).fill(v));
      if (satisfies(row)) {
        if (found) return false;
        found = row;
      }
      return true;
    }
    for (let len = 1; len <= left - (m - 1 - i); len++) {
      lengths[i] = len;
      if (!walk(i + 1, left - len)) return false;
    }
    return true;
  };
  if (!walk(0, cells)) return null;
  return found;
}

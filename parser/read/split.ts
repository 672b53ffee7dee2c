/**
 * Splitting digit runs into cells with the format's arithmetic rules.
 *
 * `一、本年新收政府信息公开申请数量15130000154` holds 151, 3, 0, 0, 0, 0, 154: only the rule
 * total = sum of the parts tells where the digits break. This module enumerates every reading of a
 * line's tokens into its cells (numbers without leading zeros, bounded length) that satisfies the
 * line's sum rules, by a memoised search over (token, offset, cell, running sum) with a work budget,
 * so that a long run costs bounded time. It never picks among readings: the caller gets them all.
 */

export type Token =
  /** digits that may hold several numbers: `int` the integer digits, `tail` a decimal part, `unit` a unit glued on */
  | { kind: 'digits'; int: string; tail: string; unit: string }
  /** one number that cannot be split (signed, thousands separators) */
  | { kind: 'number'; value: number; unit: string }
  | { kind: 'blank' }
  | { kind: 'note' };

export interface Part {
  token: number;
  /** character range inside the token's integer digits (whole token for atomic tokens) */
  from: number;
  to: number;
  /** null for a note */
  value: number | null;
  blank: boolean;
  unit: string;
}

export interface SplitResult {
  readings: Part[][];
  /** more readings exist than were kept */
  overflow: boolean;
  /** the work budget ran out before the search finished */
  exhausted: boolean;
}

export interface SplitOptions {
  /** index groups, contiguous, the last index of each is the total of the others */
  sums: readonly (readonly number[])[];
  useRules: boolean;
  maxReadings?: number;
  budget?: number;
}

/** Longest integer part considered: beyond this a cell is not a count any report gives. */
const MAX_PART_DIGITS = 12;

export function splitTokens(tokens: readonly Token[], cells: number, opts: SplitOptions): SplitResult {
  const maxReadings = opts.maxReadings ?? 64;
  let budget = opts.budget ?? 200_000;
  let exhausted = false;

  // group membership: for each cell, [groupIndex, isTotal]
  const groupOf = new Int32Array(cells).fill(-1);
  const isTotal = new Uint8Array(cells);
  if (opts.useRules) {
    opts.sums.forEach((g, gi) => {
      g.forEach((c) => {
        if (c < cells) groupOf[c] = gi;
      });
      if (g[g.length - 1] < cells) isTotal[g[g.length - 1]] = 1;
    });
  }

  // the most cells the rest of the tokens can fill, from token t at offset 0
  const maxFrom = new Int32Array(tokens.length + 1);
  for (let t = tokens.length - 1; t >= 0; t--) {
    const tk = tokens[t];
    maxFrom[t] = maxFrom[t + 1] + (tk.kind === 'digits' ? tk.int.length || 1 : 1);
  }

  const memo = new Map<string, Part[][] | null>();

  // returns suffix readings (capped at maxReadings + 1), or null when the budget ran out
  const go = (t: number, off: number, cell: number, sum: number, broken: boolean): Part[][] | null => {
    if (--budget < 0) {
      exhausted = true;
      return null;
    }
    const remainingCells = cells - cell;
    if (t === tokens.length) return remainingCells === 0 ? [[]] : [];
    const tk = tokens[t];
    const left = tk.kind === 'digits' ? Math.max(1, tk.int.length - off) : 1;
    const minNeeded = tokens.length - t;
    const maxPossible = left + maxFrom[t + 1];
    if (remainingCells < minNeeded || remainingCells > maxPossible) return [];

    const key = `${t}:${off}:${cell}:${sum}:${broken ? 1 : 0}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;

    const out: Part[][] = [];
    const tryPart = (part: Part, nt: number, noff: number): boolean => {
      // apply the rule of the cell's group
      let nsum = sum;
      let nbroken = broken;
      const g = groupOf[cell];
      if (g >= 0) {
        if (isTotal[cell]) {
          if (!broken && part.value !== null && part.value !== nsum) return true;
          nsum = 0;
          nbroken = false;
        } else if (part.value === null) {
          nbroken = true;
        } else {
          nsum = sum + part.value;
        }
      }
      const rest = go(nt, noff, cell + 1, nsum, nbroken);
      if (rest === null) return false;
      for (const r of rest) {
        out.push([part, ...r]);
        if (out.length > maxReadings) return false;
      }
      return true;
    };

    if (tk.kind === 'digits') {
      const digits = tk.int;
      const maxLen = Math.min(MAX_PART_DIGITS, digits.length - off);
      // a leading zero is a number of its own
      const lens = digits[off] === '0' ? [1] : Array.from({ length: maxLen }, (_, i) => i + 1);
      for (const len of lens) {
        const end = off + len;
        const last = end === digits.length;
        const text = digits.slice(off, end) + (last ? tk.tail : '');
        const part: Part = { token: t, from: off, to: end, value: Number(text), blank: false, unit: last ? tk.unit : '' };
        if (last && !tryPart(part, t + 1, 0)) break;
        if (!last && !tryPart(part, t, end)) break;
      }
    } else {
      const value = tk.kind === 'number' ? tk.value : tk.kind === 'blank' ? 0 : null;
      tryPart({ token: t, from: 0, to: 0, value, blank: tk.kind === 'blank', unit: tk.kind === 'number' ? tk.unit : '' }, t + 1, 0);
    }
    if (exhausted) return null;
    memo.set(key, out);
    return out;
  };

  const res = go(0, 0, 0, 0, false);
  if (res === null) return { readings: [], overflow: false, exhausted: true };
  return { readings: res.slice(0, maxReadings), overflow: res.length > maxReadings, exhausted };
}

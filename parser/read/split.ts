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
  /** an empty cell that left no trace in the run (no characters: from = to = -1) */
  vanished?: boolean;
}

export interface SplitResult {
  readings: Part[][];
  /** more readings exist than were kept */
  overflow: boolean;
  /** the work budget ran out before the search finished */
  exhausted: boolean;
  /** search states visited (work spent) */
  used: number;
}

export interface SplitOptions {
  /** index groups, contiguous, the last index of each is the total of the others */
  sums: readonly (readonly number[])[];
  useRules: boolean;
  maxReadings?: number;
  budget?: number;
  /** longest part, in digits (default MAX_PART_DIGITS) */
  maxPartDigits?: number;
  /** no partial sum of a group may exceed this */
  sumBound?: number;
  /** extra pruning: false when no completion from this state can satisfy the rules */
  canComplete?: (token: number, offset: number, cell: number, sum: number) => boolean;
}

/** Longest integer part considered: beyond this a cell is not a count any report gives. */
const MAX_PART_DIGITS = 9;
const MAX_PART_DIGITS_DEFAULT = MAX_PART_DIGITS;

export function splitTokens(tokens: readonly Token[], cells: number, opts: SplitOptions): SplitResult {
  const only = tokens.length === 1 ? tokens[0] : null;
  const g = opts.sums.length === 1 ? opts.sums[0] : null;
  if (opts.useRules && only?.kind === 'digits' && g && g.length === cells && g[cells - 1] === cells - 1 && cells > 1) {
    return splitRunByTotal(only, cells, opts);
  }
  if (!opts.useRules && only?.kind === 'digits' && cells > 1) return splitFreeRun(only, cells, opts);
  return search(tokens, cells, opts);
}

/**
 * One run of digits with no rule over its cells (a 表二 row): `350` may be 3, 5, 0 or 35 and 0
 * with an empty cell that left no trace, anywhere in the row. Every such reading counts, so a
 * row is read only when the digits allow one reading at all.
 */
function splitFreeRun(run: Extract<Token, { kind: 'digits' }>, cells: number, opts: SplitOptions): SplitResult {
  const g = new Gathered(opts);
  for (let vanished = 0; vanished < cells && !g.overflow; vanished++) {
    const r = search([run], cells - vanished, { ...opts, budget: g.budget, maxReadings: g.max + 1 });
    if (!g.charge(r)) return g.exhausted();
    addWithVanished(g.readings, r.readings, cells, vanished, g.max);
    if (r.overflow || g.readings.length > g.max) g.overflow = true;
  }
  return g.result();
}

/**
 * One run of digits that is one row with its total last (a 表三 row): the total is one of the
 * run's suffixes, and no other part can be longer than it. Trying each suffix as the total and
 * splitting the rest with parts no longer than it keeps the search small even for long runs of
 * large counts (808 169400 80681 …).
 */
function splitRunByTotal(run: Extract<Token, { kind: 'digits' }>, cells: number, opts: SplitOptions): SplitResult {
  const g = new Gathered(opts);
  const L = run.int.length;
  // An empty cell leaves nothing in a run of digits: readings where one of the parts (not the
  // total) is such a cell are readings too, and the rules must choose among all of them.
  for (let vanished = 0; vanished <= MAX_VANISHED && !g.overflow; vanished++) {
    const k = cells - vanished;
    for (let lenT = 1; lenT <= Math.min(MAX_PART_DIGITS, L - (k - 1)); lenT++) {
      const suffix = run.int.slice(L - lenT);
      if (lenT > 1 && suffix[0] === '0') continue;
      const T = Number(suffix + run.tail);
      const prefix: Token = { kind: 'digits', int: run.int.slice(0, L - lenT), tail: '', unit: '' };
      const total: Token = { kind: 'number', value: T, unit: run.unit };
      const bounds = restBounds(prefix.int, k - 1, lenT);
      // most suffixes cannot be the total at all: the rest of the run cannot add up to them
      if (!(bounds.min[0][k - 1] <= T && T <= bounds.max[0][k - 1])) continue;
      // from (offset, cell) the prefix's remaining parts sum to at least min and at most max
      const canComplete = (token: number, off: number, cell: number, sum: number) => {
        if (token !== 0) return true;
        const q = k - 1 - cell;
        return sum + bounds.min[off][q] <= T && sum + bounds.max[off][q] >= T;
      };
      const group = Array.from({ length: k }, (_, i) => i);
      const r = search([prefix, total], k, { ...opts, sums: [group], budget: g.budget, maxPartDigits: Math.min(lenT, MAX_PART_DIGITS), sumBound: T, maxReadings: g.max + 1, canComplete });
      if (!g.charge(r)) return g.exhausted();
      // the total was searched as a token of its own: point it back at the run's suffix
      const found = r.readings.map((reading) => reading.map((p) => (p.token === 1 ? { ...p, token: 0, from: L - lenT, to: L } : p)));
      // empty cells may stand anywhere but in the total's place
      addWithVanished(g.readings, found, cells - 1, vanished, g.max);
      if (r.overflow || g.readings.length > g.max) {
        g.overflow = true;
        break;
      }
    }
  }
  return g.result();
}

/** Readings gathered over several searches that share one work budget. */
class Gathered {
  readonly readings: Part[][] = [];
  readonly max: number;
  budget: number;
  overflow = false;
  private used = 0;

  constructor(opts: SplitOptions) {
    this.max = opts.maxReadings ?? 64;
    this.budget = opts.budget ?? 20_000;
  }

  /** Charges one search's work to the budget; false when the search or the budget ran out. */
  charge(r: SplitResult): boolean {
    this.used += r.used;
    this.budget -= r.used;
    return !(r.exhausted || this.budget <= 0);
  }

  exhausted(): SplitResult {
    return { readings: [], overflow: false, exhausted: true, used: this.used };
  }

  result(): SplitResult {
    return { readings: this.readings.slice(0, this.max), overflow: this.overflow, exhausted: false, used: this.used };
  }
}

/** Empty cells that may have vanished from one run of digits, at most. */
const MAX_VANISHED = 1;

/** Every set of `count` positions among the first `n` cells, in order. */
function placements(n: number, count: number): number[][] {
  if (count === 0) return [[]];
  const out: number[][] = [];
  const rec = (start: number, acc: number[]) => {
    if (acc.length === count) {
      out.push([...acc]);
      return;
    }
    for (let i = start; i < n; i++) rec(i + 1, [...acc, i]);
  };
  rec(0, []);
  return out;
}

/** Adds every reading with `vanished` empty cells placed at each set of positions among the first `positions` cells, stopping past `max`. */
function addWithVanished(into: Part[][], found: Part[][], positions: number, vanished: number, max: number): void {
  for (const reading of found) {
    for (const at of placements(positions, vanished)) {
      into.push(withVanished(reading, at));
      if (into.length > max) return;
    }
  }
}

function withVanished(parts: Part[], at: number[]): Part[] {
  if (at.length === 0) return parts;
  const out: Part[] = [];
  let j = 0;
  for (let cell = 0; out.length < parts.length + at.length; cell++) {
    if (at.includes(cell)) out.push({ token: 0, from: -1, to: -1, value: 0, blank: true, unit: '', vanished: true });
    else out.push(parts[j++]);
  }
  return out;
}

/** Least and greatest sums of `digits[off..]` cut into q numbers (no leading zeros, ≤ maxLen digits). */
function restBounds(digits: string, parts: number, maxLen: number): { min: number[][]; max: number[][] } {
  const m = digits.length;
  const min = Array.from({ length: m + 1 }, () => new Array<number>(parts + 1).fill(Infinity));
  const max = Array.from({ length: m + 1 }, () => new Array<number>(parts + 1).fill(-Infinity));
  min[m][0] = 0;
  max[m][0] = 0;
  for (let off = m - 1; off >= 0; off--) {
    const top = digits.charCodeAt(off) === 48 ? 1 : Math.min(maxLen, m - off);
    let v = 0;
    for (let len = 1; len <= top; len++) {
      v = v * 10 + (digits.charCodeAt(off + len - 1) - 48);
      for (let q = 1; q <= parts; q++) {
        const a = min[off + len][q - 1];
        if (a !== Infinity && v + a < min[off][q]) min[off][q] = v + a;
        const b = max[off + len][q - 1];
        if (b !== -Infinity && v + b > max[off][q]) max[off][q] = v + b;
      }
    }
  }
  return { min, max };
}

function search(tokens: readonly Token[], cells: number, opts: SplitOptions): SplitResult {
  const s = new ReadingSearch(tokens, cells, opts);
  // a run too long or too short for the cells cannot be read at all: say so at once
  if (!s.lengthsFit()) return { readings: [], overflow: false, exhausted: false, used: 0 };
  const total = s.count(0, 0, 0, 0, false);
  if (s.exhausted) return { readings: [], overflow: false, exhausted: true, used: s.initialBudget };
  return { readings: s.collect(), overflow: total > s.maxReadings, exhausted: false, used: s.initialBudget - s.budget };
}

/** A step of the search: the part placed in the next cell and where the tokens continue. */
interface Step {
  part: Part;
  nt: number;
  noff: number;
}

/**
 * The memoised search over (token, offset, cell, running sum, broken), one method per step.
 * Phase 1 (`count`) counts the readings from each state (capped); phase 2 (`collect`) walks only
 * the states that lead somewhere, so no reading list is built until the count is known to be small.
 * `broken`: a note stands in the current sum group, so its total cannot be checked.
 */
class ReadingSearch {
  readonly maxReadings: number;
  readonly initialBudget: number;
  budget: number;
  exhausted = false;
  private readonly tokens: readonly Token[];
  private readonly cells: number;
  private readonly opts: SplitOptions;
  private readonly maxPartDigits: number;
  private readonly cap: number;
  private readonly sumBound: number;
  /** for each cell, the index of its sum group (-1: in none) */
  private readonly groupOf: Int32Array;
  /** 1 where the cell is its group's total */
  private readonly isTotal: Uint8Array;
  /** the most and the fewest cells the tokens from t on can fill, from offset 0 */
  private readonly maxFrom: Int32Array;
  private readonly minFrom: Int32Array;
  private readonly maxOff: number;
  /** one map (sum → count) per (token, offset, cell, broken) */
  private readonly memo = new Map<number, Map<number, number>>();
  // `apply`'s result, in fields rather than a returned object: it runs in the innermost loop
  private nextSum = 0;
  private nextBroken = false;

  constructor(tokens: readonly Token[], cells: number, opts: SplitOptions) {
    this.tokens = tokens;
    this.cells = cells;
    this.opts = opts;
    this.maxPartDigits = opts.maxPartDigits ?? MAX_PART_DIGITS_DEFAULT;
    this.maxReadings = opts.maxReadings ?? 64;
    this.cap = this.maxReadings + 1;
    this.initialBudget = opts.budget ?? 20_000;
    this.budget = this.initialBudget;
    this.sumBound = opts.sumBound ?? Infinity;
    this.groupOf = new Int32Array(cells).fill(-1);
    this.isTotal = new Uint8Array(cells);
    if (opts.useRules) this.placeGroups(opts.sums);
    this.maxFrom = new Int32Array(tokens.length + 1);
    this.minFrom = new Int32Array(tokens.length + 1);
    this.measureTokens();
    this.maxOff = tokens.reduce((m, tk) => Math.max(m, tk.kind === 'digits' ? tk.int.length : 1), 1) + 1;
  }

  /** Group membership of each cell, and which cell is each group's total (its last). */
  private placeGroups(sums: SplitOptions['sums']): void {
    sums.forEach((g, gi) => {
      g.forEach((c) => {
        if (c < this.cells) this.groupOf[c] = gi;
      });
      if (g[g.length - 1] < this.cells) this.isTotal[g[g.length - 1]] = 1;
    });
  }

  private measureTokens(): void {
    const { tokens, maxFrom, minFrom } = this;
    for (let t = tokens.length - 1; t >= 0; t--) {
      const tk = tokens[t];
      maxFrom[t] = maxFrom[t + 1] + (tk.kind === 'digits' ? tk.int.length || 1 : 1);
      minFrom[t] = minFrom[t + 1] + (tk.kind === 'digits' ? Math.max(1, Math.ceil(tk.int.length / this.maxPartDigits)) : 1);
    }
  }

  lengthsFit(): boolean {
    return this.minFrom[0] <= this.cells && this.maxFrom[0] >= this.cells;
  }

  private stateIndex(t: number, off: number, cell: number, broken: boolean): number {
    return ((t * this.maxOff + off) * (this.cells + 1) + cell) * 2 + (broken ? 1 : 0);
  }

  /** The rule applied to a part placed in `cell`: sets the next (sum, broken); false when the part breaks the rule. */
  private apply(cell: number, value: number | null, sum: number, broken: boolean): boolean {
    if (this.groupOf[cell] < 0) {
      this.nextSum = sum;
      this.nextBroken = broken;
      return true;
    }
    if (this.isTotal[cell]) {
      if (!broken && value !== null && value !== sum) return false;
      this.nextSum = 0;
      this.nextBroken = false;
      return true;
    }
    if (value === null) {
      this.nextSum = sum;
      this.nextBroken = true;
    } else {
      this.nextSum = sum + value;
      this.nextBroken = broken;
      if (this.nextSum > this.sumBound) return false;
    }
    return true;
  }

  /** Whether the tokens left from (t, off) can fill exactly the cells left from `cell`. */
  private feasible(t: number, off: number, cell: number): boolean {
    const remainingCells = this.cells - cell;
    if (t === this.tokens.length) return remainingCells === 0;
    const tk = this.tokens[t];
    const left = tk.kind === 'digits' ? Math.max(1, tk.int.length - off) : 1;
    const minNeeded = Math.max(1, Math.ceil(left / this.maxPartDigits)) + this.minFrom[t + 1];
    return remainingCells >= minNeeded && remainingCells <= left + this.maxFrom[t + 1];
  }

  /** Phase 1: the number of readings from a state, capped at maxReadings + 1, memoised. */
  count(t: number, off: number, cell: number, sum: number, broken: boolean): number {
    if (t === this.tokens.length) return cell === this.cells ? 1 : 0;
    if (!this.feasible(t, off, cell)) return 0;
    if (this.opts.canComplete && !this.opts.canComplete(t, off, cell, sum)) return 0;
    const si = this.stateIndex(t, off, cell, broken);
    let bySum = this.memo.get(si);
    const hit = bySum?.get(sum);
    if (hit !== undefined) return hit;
    if (--this.budget < 0) {
      this.exhausted = true;
      return 0;
    }
    const tk = this.tokens[t];
    const n = tk.kind === 'digits' ? this.countDigitParts(tk, t, off, cell, sum, broken) : this.countAtomic(tk, t, cell, sum, broken);
    if (!bySum) this.memo.set(si, (bySum = new Map()));
    bySum.set(sum, n);
    return n;
  }

  private countAtomic(tk: Token, t: number, cell: number, sum: number, broken: boolean): number {
    return this.apply(cell, atomicValue(tk), sum, broken) ? this.count(t + 1, 0, cell + 1, this.nextSum, this.nextBroken) : 0;
  }

  /** Readings that take the next 1…maxPartDigits digits of a run as this cell's number. */
  private countDigitParts(tk: DigitsToken, t: number, off: number, cell: number, sum: number, broken: boolean): number {
    const digits = tk.int;
    const top = digits.charCodeAt(off) === 48 ? 1 : Math.min(this.maxPartDigits, digits.length - off);
    const inSum = !this.isTotal[cell] && this.groupOf[cell] >= 0;
    let n = 0;
    let int = 0;
    for (let len = 1; len <= top && !this.exhausted; len++) {
      const end = off + len;
      int = int * 10 + (digits.charCodeAt(end - 1) - 48);
      const last = end === digits.length;
      const v = partValue(tk, off, end, int);
      // longer parts are larger still: none of them fits under the bound
      if (inSum && sum + v > this.sumBound) break;
      if (!this.apply(cell, v, sum, broken)) continue;
      n += this.count(last ? t + 1 : t, last ? 0 : end, cell + 1, this.nextSum, this.nextBroken);
      if (n >= this.cap) return this.cap;
    }
    return n;
  }

  /** The parts the next cell may take from (t, off). */
  private stepsOf(t: number, off: number): Step[] {
    const tk = this.tokens[t];
    if (tk.kind !== 'digits') {
      return [{ part: { token: t, from: 0, to: 0, value: atomicValue(tk), blank: tk.kind === 'blank', unit: tk.kind === 'number' ? tk.unit : '' }, nt: t + 1, noff: 0 }];
    }
    const out: Step[] = [];
    const top = tk.int.charCodeAt(off) === 48 ? 1 : Math.min(this.maxPartDigits, tk.int.length - off);
    for (let len = 1; len <= top; len++) {
      const end = off + len;
      const last = end === tk.int.length;
      out.push({ part: { token: t, from: off, to: end, value: partValue(tk, off, end, Number(tk.int.slice(off, end))), blank: false, unit: last ? tk.unit : '' }, nt: last ? t + 1 : t, noff: last ? 0 : end });
    }
    return out;
  }

  /** Phase 2: the readings themselves (at most maxReadings), through states phase 1 counted as leading somewhere. */
  collect(): Part[][] {
    const readings: Part[][] = [];
    this.walk(0, 0, 0, 0, false, [], readings);
    return readings;
  }

  private walk(t: number, off: number, cell: number, sum: number, broken: boolean, path: Part[], readings: Part[][]): void {
    if (readings.length >= this.maxReadings) return;
    if (t === this.tokens.length) {
      if (cell === this.cells) readings.push([...path]);
      return;
    }
    for (const st of this.stepsOf(t, off)) {
      if (!this.apply(cell, st.part.value, sum, broken)) continue;
      const ns = this.nextSum;
      const nb = this.nextBroken;
      if (this.count(st.nt, st.noff, cell + 1, ns, nb) === 0) continue;
      path.push(st.part);
      this.walk(st.nt, st.noff, cell + 1, ns, nb, path, readings);
      path.pop();
    }
  }
}

type DigitsToken = Extract<Token, { kind: 'digits' }>;

function atomicValue(tk: Token): number | null {
  return tk.kind === 'number' ? tk.value : tk.kind === 'blank' ? 0 : null;
}

/** A part's value: the run's decimal tail belongs to the part that ends the run. */
function partValue(tk: DigitsToken, off: number, end: number, int: number): number {
  return end === tk.int.length && tk.tail ? Number(tk.int.slice(off, end) + tk.tail) : int;
}

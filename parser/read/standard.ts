/**
 * Reads the three tables of a 2019- or 2021-format report from the folded stream: aligns the
 * format's labels, takes the text after each row label up to the next label, cuts it into
 * tokens and turns the tokens into cells, splitting digit runs by the rules where the page ran
 * cells together. Whatever cannot be read with certainty stays ambiguous or missing.
 */
import { locate } from '../doc/model.js';
import { foldDigits, squash } from '../format/normalize.js';
import { equations, TABLE_KEYS, type FormatSpec, type TableKey, type ValueLine } from '../format/spec.js';
import type { Cell, Issue, Layout } from '../record/schema.js';
import { align, findOccurrences, type Occurrence } from './align.js';
import { splitTokens, type Part, type SplitResult, type Token } from './split.js';
import { learnGrid, placeOnGrid, type Grid, type GridRow } from './grid.js';
import { expandMerged, looksMerged } from './merged.js';
import type { SplitRun } from './readings.js';
import { originalSlice, type Stream } from './stream.js';

export type Table = Record<string, Record<string, Cell>>;

export interface StandardRead {
  tables: Record<TableKey, Table>;
  issues: Issue[];
  /** `check|scope` of rules used to split digit runs */
  decoded: Set<string>;
  hasTotalColumn: boolean;
  layout: Layout | null;
  found: Record<TableKey, boolean>;
  /** 表三 rows read by splitting run-together digits with their total: their tokens, for the bounds of their cells (readings.ts) */
  runs: Map<string, SplitRun>;
}

interface RegionToken {
  token: Token;
  /** folded range, empty for a blank cell */
  start: number;
  end: number;
  /** unit index */
  unit: number;
  /** the token is all its unit holds (a cell or a line of its own) */
  whole: boolean;
  /** a run of digits that began with a sign (2648-18538: the sign belongs to its first number) */
  sign?: '-' | '+';
}

const UNIT_SUFFIX = '(万元|元|件|条|个|次|项|人次|%)';
const DIGITS_RE = new RegExp(`^(\\d+)(\\.\\d+)?${UNIT_SUFFIX}?$`);
const SIGNED_RE = new RegExp(`^([-+]\\d+(\\.\\d+)?|\\d{1,3}(,\\d{3})+(\\.\\d+)?)${UNIT_SUFFIX}?$`);
const BLANK_RE = /^([/\\\-—–―─_~～]+|无|空|不涉及)$/;
/** Text this long among the values is prose: the values have ended. */
const PROSE_LENGTH = 24;
/** Steps of the search that narrows ambiguous rows by the column rules (bounded time). */
const NARROW_BUDGET = 50_000;
/** Search states one page may spend on splitting digit runs, and one row at most: bounded time on any input. */
const PAGE_SPLIT_BUDGET = 40_000;
const ROW_SPLIT_BUDGET = 15_000;

export function classify(folded: string): Token {
  const d = DIGITS_RE.exec(folded);
  if (d) return { kind: 'digits', int: d[1], tail: d[2] ?? '', unit: d[3] ?? '' };
  const s = SIGNED_RE.exec(folded);
  if (s) return { kind: 'number', value: Number(s[1].replace(/,/g, '')), unit: s[5] ?? '' };
  if (BLANK_RE.test(folded)) return { kind: 'blank' };
  return { kind: 'note' };
}

export function readStandard(stream: Stream, spec: FormatSpec): StandardRead {
  const occ = findOccurrences(stream, spec.anchors);
  const chain = align(occ, spec.anchors.length);
  const found = tablesFound(spec, chain);
  const hasTotalColumn = totalColumnFound(spec, chain);
  const reader = new LineReader(stream, spec, occ, chain, hasTotalColumn);
  if (!hasTotalColumn && found.applications) {
    reader.issues.push({ code: 'NO_TOTAL_COLUMN', severity: 'info', message: '表三 has no 总计 column: totals are missing, row totals cannot be checked', path: 'applications' });
  }
  for (const line of spec.lines) if (found[line.table]) reader.readLine(line);
  const { tables, issues, decoded, pendingJoint } = reader;
  if (pendingJoint.length) narrowByColumns(stream, spec, tables, pendingJoint, hasTotalColumn, decoded, issues);
  for (const t of TABLE_KEYS.filter((k) => !found[k])) {
    issues.push({ code: 'TABLE_NOT_FOUND', severity: 'error', message: `table ${t} (${spec.tables[t].title}) was not found`, path: t });
  }
  return { tables, issues, decoded, hasTotalColumn, layout: layoutOf(reader.kinds), found, runs: reader.runs };
}

/** A table is on the page when enough of its row labels are found in order. */
function tablesFound(spec: FormatSpec, chain: Occurrence[]): Record<TableKey, boolean> {
  const rowsFound: Record<TableKey, number> = { active: 0, applications: 0, review_litigation: 0 };
  for (const o of chain) {
    const a = spec.anchors[o.anchor];
    if (a.table && a.line) rowsFound[a.table]++;
  }
  return { active: rowsFound.active >= 2, applications: rowsFound.applications >= 4, review_litigation: rowsFound.review_litigation >= 3 };
}

/** 表三 has its 总计 column unless enough of its other column headers are found without one. */
function totalColumnFound(spec: FormatSpec, chain: Occurrence[]): boolean {
  const inChain = new Set(chain.map((o) => spec.anchors[o.anchor].id));
  const colAnchors = [...inChain].filter((id) => id.startsWith('applications.col.'));
  return inChain.has('applications.col.total_early') || inChain.has('applications.col.total_late') || colAnchors.length < 3;
}

function layoutOf(kinds: ReadonlySet<TokenKind>): Layout | null {
  if (kinds.size === 0) return null;
  if (kinds.has('table')) return kinds.size > 1 ? 'mixed' : 'table';
  return kinds.has('concatenated') ? 'concatenated' : 'lines';
}

/** How a value stood on the page: in a cell, on a line of its own, or run together with others. */
type TokenKind = 'table' | 'lines' | 'concatenated';

/** A row of 表三 left with several readings, for the column rules to narrow. */
interface PendingRow {
  line: ValueLine;
  cells: { row: string; column: string }[];
  readings: Part[][];
  tokens: RegionToken[];
}

/**
 * Reads the value lines of one page one at a time, one method per case of tokens against cells:
 * as many as the cells, more (text beside the values), a note standing for the row, fewer (digit
 * runs to split). What it reads goes into `tables`; what it cannot, into `issues`.
 */
class LineReader {
  readonly tables: Record<TableKey, Table>;
  readonly issues: Issue[] = [];
  /** `check|scope` of rules used to split digit runs */
  readonly decoded = new Set<string>();
  readonly kinds = new Set<TokenKind>();
  readonly pendingJoint: PendingRow[] = [];
  readonly runs = new Map<string, SplitRun>();
  /** search states left for splitting digit runs on this page */
  private splitBudget = PAGE_SPLIT_BUDGET;
  private readonly stream: Stream;
  private readonly spec: FormatSpec;
  /** every label found, and the chain of them in page order */
  private readonly occ: Occurrence[];
  private readonly chain: Occurrence[];
  private readonly hasTotalColumn: boolean;

  constructor(stream: Stream, spec: FormatSpec, occ: Occurrence[], chain: Occurrence[], hasTotalColumn: boolean) {
    this.stream = stream;
    this.spec = spec;
    this.occ = occ;
    this.chain = chain;
    this.hasTotalColumn = hasTotalColumn;
    this.tables = { active: emptyTable(spec, 'active'), applications: emptyTable(spec, 'applications'), review_litigation: emptyTable(spec, 'review_litigation') };
  }

  readLine(line: ValueLine): void {
    const toks = this.lineTokens(line);
    if (!toks) {
      this.issues.push({ code: 'ROW_NOT_FOUND', severity: 'warning', message: `row ${line.id} was not found on the page`, path: line.id });
      return;
    }
    for (const t of toks) this.kinds.add(this.stream.units[t.unit].kind === 'cell' ? 'table' : t.whole ? 'lines' : 'concatenated');
    // without the 总计 column 表三's rows have no total to check their parts against
    const noTotal = line.table === 'applications' && !this.hasTotalColumn;
    const cells = line.cells.map((c) => ({ ...c })).filter((c) => !noTotal || c.column !== 'total');
    const sums = noTotal ? [] : line.sums;
    const put = (i: number, cell: Cell) => {
      this.tables[line.table][cells[i].row][cells[i].column] = cell;
    };
    // nothing on the page after the label: the cells are missing (status stays 'missing')
    if (toks.length === 0) return;
    if (toks.length === cells.length && toks.every((t, i) => !t.sign || this.signedColumn(cells[i]))) return toks.forEach((t, i) => put(i, cellOf(this.stream, t)));
    // empty cells after the values (an empty row closing a Word table) are not values
    while (toks.length > cells.length && toks[toks.length - 1].end === toks[toks.length - 1].start) toks.pop();
    if (toks.length === cells.length) return toks.forEach((t, i) => put(i, cellOf(this.stream, t)));
    if (toks.length > cells.length) return this.placeExtra(line, toks, cells.length, put);
    if (toks.length === 1 && toks[0].token.kind === 'note') {
      const c = cellOf(this.stream, toks[0]);
      return cells.forEach((_, i) => put(i, { ...c }));
    }
    if (line.table !== 'active' && this.placeOnLines(line, toks, cells.length, sums, put)) return;
    this.placeSplit(line, toks, cells, sums, put);
  }

  /** What a text page's line structure says about 表三 (grid.ts, merged.ts), learnt once from all its rows. */
  private lineHints: { grid: Grid | null; merged: boolean } | null = null;

  private hints(): { grid: Grid | null; merged: boolean } {
    if (this.lineHints) return this.lineHints;
    const rows: GridRow[] = [];
    const values: number[][] = [];
    const cellCounts: number[] = [];
    for (const line of this.spec.lines) {
      if (line.table !== 'applications') continue;
      const g = this.gridRow(line);
      if (!g) continue;
      rows.push(g.row);
      if (g.values) {
        values.push(g.values);
        cellCounts.push(g.row.cells);
      }
    }
    return (this.lineHints = { grid: learnGrid(rows), merged: looksMerged(values, cellCounts) });
  }

  /** A row whose values each stand on a line of their own in a text page: their lines, and their numbers. */
  private gridRow(line: ValueLine): { row: GridRow; values: number[] | null; toks: RegionToken[] } | null {
    const idx = this.lineIndex(line);
    if (idx < 0) return null;
    const toks = this.lineTokens(line);
    const { units, unitOf } = this.stream;
    const lineAt = (folded: number) => units[unitOf[folded]]?.line;
    const label = lineAt(this.chain[idx].end - 1);
    if (!toks || label === undefined) return null;
    const lines: number[] = [];
    for (const t of toks) {
      const u = units[t.unit];
      if (!t.whole || u.kind !== 'block' || u.line === undefined) return null;
      lines.push(u.line);
    }
    const next = idx + 1 < this.chain.length ? lineAt(this.chain[idx + 1].start) ?? null : null;
    const cells = line.table === 'applications' && !this.hasTotalColumn ? line.cells.length - 1 : line.cells.length;
    const numbers = toks.map((t) => (t.token.kind === 'digits' ? Number(t.token.int + t.token.tail) : t.token.kind === 'number' ? t.token.value : null));
    const values = numbers.every((v): v is number => v !== null) ? numbers : null;
    return { row: { label, values: lines, next, cells }, values, toks };
  }

  /**
   * A short row of a text page placed by its lines: on a regular line grid the empty places are
   * blank cells; on a page that merges identical lines, the one spreading of its values the
   * row's rule allows. False when neither applies: the row is split as a run instead.
   */
  private placeOnLines(line: ValueLine, toks: RegionToken[], k: number, sums: readonly (readonly number[])[], put: (i: number, cell: Cell) => void): boolean {
    if (this.stream.units[toks[0]?.unit]?.line === undefined) return false;
    const g = this.gridRow(line);
    if (!g) return false;
    const { grid, merged } = this.hints();
    const at = grid ? placeOnGrid(g.row, grid) : null;
    if (grid && at) {
      for (let i = 0; i < k; i++) {
        const j = at.indexOf(i);
        put(i, j >= 0 ? cellOf(this.stream, toks[j]) : { value: null, raw: '', status: 'blank', loc: { kind: 'text', line: g.row.label + grid.step * (i + 1), column: 1, length: 0 } });
      }
      this.issues.push({ code: 'BLANKS_FROM_LINES', severity: 'info', path: line.id, message: `row ${line.id}: its empty lines are blank cells (every row of the table keeps one cell per ${grid.step} line(s))` });
      return true;
    }
    const expanded = merged && g.values && sums.length > 0 ? expandMerged(g.values, k, sums) : null;
    if (!expanded) return false;
    // consecutive values differ, so each change of value starts the next token's run
    let j = 0;
    expanded.forEach((v, i) => {
      if (i > 0 && v !== expanded[i - 1]) j++;
      put(i, { ...cellOf(this.stream, toks[j]), split: true });
    });
    markDecoded(this.decoded, line, line.cells.slice(0, k).map((c) => ({ ...c })), sums);
    this.issues.push({ code: 'ROWS_MERGED', severity: 'info', path: line.id, message: `row ${line.id}: this page merges identical consecutive lines; its ${toks.length} values fill the row in the one way its rule allows` });
    return true;
  }

  /** Whether a cell's column holds signed values (2019 表二 本年增/减). */
  private signedColumn(cell: { row: string; column: string }): boolean {
    for (const t of TABLE_KEYS) {
      const col = this.spec.tables[t].rows.find((r) => r.id === cell.row)?.columns.find((c) => c.id === cell.column);
      if (col) return col.kind === 'signed';
    }
    return false;
  }

  /**
   * A row of 表二 with a signed number in its run (35-15, 2648-18538): every reading of its tokens,
   * with any number of empty cells that left no trace, that puts each signed number in a signed
   * column. The sign narrows the readings; the empty cells keep them honest.
   */
  private signedSplit(splittable: Token[], toks: RegionToken[], cells: PendingRow['cells']): SplitResult {
    const k = cells.length;
    const all: Part[][] = [];
    const seen = new Set<string>();
    let used = 0;
    // one run alone is split with its vanished cells by the splitter itself
    const most = splittable.length === 1 ? 0 : k - splittable.length;
    for (let vanished = 0; vanished <= most; vanished++) {
      const r = this.split(splittable, k - vanished, [], false);
      used += r.used;
      if (r.exhausted || r.overflow) return { readings: r.readings, overflow: r.overflow, exhausted: r.exhausted, used };
      for (const reading of r.readings) {
        for (const at of choose(k, vanished)) {
          const full: Part[] = [];
          let j = 0;
          for (let i = 0; i < k; i++) full.push(at.includes(i) ? { token: 0, from: -1, to: -1, value: 0, blank: true, unit: '', vanished: true } : reading[j++]);
          const key = full.map((p) => `${p.token}:${p.from}:${p.to}`).join(',');
          if (!seen.has(key)) {
            seen.add(key);
            all.push(full);
          }
        }
      }
    }
    const readings = this.signedReadings(all, toks, cells);
    return { readings: readings.slice(0, 64), overflow: readings.length > 64, exhausted: false, used };
  }

  /** The readings whose signed numbers stand in signed columns, each with its sign. */
  private signedReadings(readings: Part[][], toks: RegionToken[], cells: PendingRow['cells']): Part[][] {
    const out: Part[][] = [];
    for (const r of readings) {
      const starts = (p: Part) => !p.vanished && toks[p.token].sign !== undefined && p.from === 0;
      if (r.some((p, i) => starts(p) && !this.signedColumn(cells[i]))) continue;
      out.push(r.map((p) => (starts(p) && toks[p.token].sign === '-' && p.value !== null ? { ...p, value: -Math.abs(p.value) } : p)));
    }
    return out;
  }

  private lineIndex(line: ValueLine): number {
    let idx = -1;
    for (let i = 0; i < this.chain.length; i++) if (this.spec.anchors[this.chain[i].anchor].line === line.id) idx = i;
    return idx;
  }

  /** The tokens between the line's label (the last one in the chain) and the next label; null when the label is not found. */
  private lineTokens(line: ValueLine): RegionToken[] | null {
    const { chain, spec, stream } = this;
    let idx = -1;
    for (let i = 0; i < chain.length; i++) if (spec.anchors[chain[i].anchor].line === line.id) idx = i;
    if (idx < 0) return null;
    const from = chain[idx].end;
    const to = idx + 1 < chain.length ? chain[idx + 1].start : stream.folded.length;
    return regionTokens(stream, this.occ, spec, from, to, idx + 1 < chain.length, line.table === 'active');
  }

  /** More tokens than cells: the values alone may fit, with notes beside them; else which is which cannot be told. */
  private placeExtra(line: ValueLine, toks: RegionToken[], k: number, put: (i: number, cell: Cell) => void): void {
    const values = toks.filter((t) => t.token.kind !== 'note');
    if (values.length === k) {
      values.forEach((t, i) => put(i, cellOf(this.stream, t)));
      this.issues.push({ code: 'EXTRA_TEXT', severity: 'info', message: `row ${line.id}: text beside the values was ignored`, path: line.id });
      return;
    }
    for (let i = 0; i < k; i++) put(i, ambiguousCell(null, []));
    this.issues.push({ code: 'EXTRA_VALUES', severity: 'warning', message: `row ${line.id}: ${toks.length} values for ${k} cells; which belongs where cannot be told`, path: line.id });
  }

  /** Splits digit runs under the page's budget and within the row's. */
  private split(toks: Token[], k: number, sums: readonly (readonly number[])[], useRules: boolean): SplitResult {
    const r = splitTokens(toks, k, { sums, useRules, budget: Math.max(1, Math.min(ROW_SPLIT_BUDGET, this.splitBudget)) });
    this.splitBudget -= r.used;
    return r;
  }

  /**
   * Fewer tokens than cells: the page ran cells together. Digit runs are split by the row's rules
   * (and without them when no split satisfies the rules), and the readings decide the cells.
   */
  private placeSplit(line: ValueLine, toks: RegionToken[], cells: PendingRow['cells'], sums: readonly (readonly number[])[], put: (i: number, cell: Cell) => void): void {
    const k = cells.length;
    const fail = (code: 'SPLIT_TOO_COMPLEX' | 'CELLS_MISSING', message: string) => {
      cells.forEach((_, i) => put(i, ambiguousCell(null, [])));
      this.issues.push({ code, severity: 'warning', message, path: line.id });
    };
    // a token alone in its cell or line is one number: only runs inside a unit are split
    const splittable = toks.map((t) => (t.whole && t.token.kind === 'digits' ? atomic(t.token) : t.token));
    const signed = toks.some((t) => t.sign);
    const withRules = sums.length > 0 && !signed ? this.split(splittable, k, sums, true) : null;
    const res = signed ? this.signedSplit(splittable, toks, cells) : withRules && (withRules.readings.length > 0 || withRules.exhausted) ? withRules : this.split(splittable, k, [], false);
    const ruled = res === withRules;
    if (res.exhausted) return fail('SPLIT_TOO_COMPLEX', `row ${line.id}: the digits allow too many readings to list`);
    if (res.readings.length === 0) return fail('CELLS_MISSING', `row ${line.id}: ${toks.length} values for ${k} cells; which cells are empty cannot be told`);
    if (sums.length > 0 && !ruled) {
      // No split satisfies the row's rule: either the report breaks it or empty cells left no
      // trace in the run. The two cannot be told apart, so no cell of the row is read.
      this.issues.push({ code: 'NO_CONSISTENT_READING', severity: 'warning', message: `row ${line.id}: no reading of the run-together digits satisfies total = sum of the parts (the report may break the rule, or empty cells left no trace); the row is left ambiguous`, path: line.id });
      cells.forEach((_, i) => put(i, ambiguousCell(rawOfLine(this.stream, toks), res.overflow ? [] : candidateValues(res.readings.map((r) => r[i])))));
      return;
    }
    if (ruled && line.table === 'applications' && sums.length === 1 && sums[0].length === k) {
      this.runs.set(cells[0].row, { tokens: splittable, columns: cells.map((c) => c.column) });
    }
    if (res.readings.length === 1 && !res.overflow) {
      const parts = countParts(res.readings[0]);
      res.readings[0].forEach((p, i) => put(i, cellOf(this.stream, toks[p.token], p, (parts.get(p.token) ?? 0) > 1)));
      if (ruled) markDecoded(this.decoded, line, cells, sums);
      return;
    }
    // several readings: every cell of a split row is marked split, agreeing or not
    agreedCells(this.stream, toks, res.readings, res.overflow, () => true).forEach((c, i) => put(i, c));
    if (ruled) markDecoded(this.decoded, line, cells, sums);
    if (line.table === 'applications' && ruled && !res.overflow) this.pendingJoint.push({ line, cells, readings: res.readings, tokens: toks });
    else this.issues.push(ambiguityIssue(line.id, res.overflow, ruled));
  }
}

/**
 * The cells all readings agree on (the same characters, so the same number, in every one) are
 * read; the others are ambiguous with the numbers they may hold (none listed past the overflow).
 */
function agreedCells(stream: Stream, toks: RegionToken[], readings: Part[][], overflow: boolean, splitFrom: (p: Part) => boolean): Cell[] {
  const valueOf = (p: Part) => (p.vanished ? null : p.value);
  return readings[0].map((p, i) => {
    const same = !overflow && readings.every((r) => r[i].token === p.token && r[i].from === p.from && r[i].to === p.to && valueOf(r[i]) === valueOf(p));
    return same ? cellOf(stream, toks[p.token], p, splitFrom(p)) : ambiguousCell(rawOfLine(stream, toks), overflow ? [] : candidateValues(readings.map((r) => r[i])));
  });
}

function emptyTable(spec: FormatSpec, key: TableKey): Table {
  const t: Table = {};
  for (const r of spec.tables[key].rows) {
    t[r.id] = {};
    for (const c of r.columns) t[r.id][c.id] = { value: null, raw: null, status: 'missing', loc: null };
  }
  return t;
}

function atomic(t: Token): Token {
  if (t.kind !== 'digits') return t;
  return { kind: 'number', value: Number(t.int + t.tail), unit: t.unit };
}

function countParts(reading: Part[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const p of reading) m.set(p.token, (m.get(p.token) ?? 0) + 1);
  return m;
}

/** The numbers a cell may hold across readings (a vanished empty cell is no number). */
function candidateValues(parts: Part[]): number[] {
  return sortedNumbers(new Set(parts.filter((p) => !p.vanished).map((p) => p.value)));
}

function sortedNumbers(vals: Set<number | null>): number[] {
  return [...vals].filter((v): v is number => v !== null).sort((a, b) => a - b);
}

function ambiguousCell(raw: string | null, candidates: number[]): Cell {
  return { value: null, raw, status: 'ambiguous', candidates, loc: null };
}

function ambiguityIssue(line: string, overflow: boolean, ruled = true): Issue {
  const why = ruled ? 'satisfy every rule' : 'fit (no rule ties these cells together)';
  return {
    code: 'AMBIGUOUS_SPLIT', severity: 'warning', path: line,
    message: overflow
      ? `row ${line}: the run-together digits allow too many readings; cells left ambiguous`
      : `row ${line}: several readings of the run-together digits ${why}; cells that differ are left ambiguous`,
  };
}

function markDecoded(decoded: Set<string>, line: ValueLine, cells: { row: string; column: string }[], sums: readonly (readonly number[])[]) {
  for (const g of sums) {
    const row = cells[g[g.length - 1]]?.row;
    if (!row) continue;
    decoded.add(line.table === 'applications' ? `applications.row_total|${row}` : `review_litigation.total|${row}`);
  }
}

function rawOfLine(stream: Stream, toks: RegionToken[]): string {
  return squash(toks.map((t) => (t.end > t.start ? sliceText(stream, t.start, t.end) : '')).join(' '));
}

function sliceText(stream: Stream, from: number, to: number): string {
  const o = originalSlice(stream, from, to);
  return stream.units[o.unit].text.slice(o.start, o.end);
}

function cellOf(stream: Stream, rt: RegionToken, part?: Part, splitFrom?: boolean): Cell {
  const unit = stream.units[rt.unit];
  if (part?.vanished) {
    // an empty cell that left no trace in the run: blank, with nowhere on the page to point at
    return { value: null, raw: '', status: 'blank', loc: null, split: true };
  }
  if (rt.end === rt.start) {
    return { value: null, raw: '', status: 'blank', loc: locate(unit, 0, unit.text.length) };
  }
  let from = rt.start;
  let to = rt.end;
  if (part && rt.token.kind === 'digits' && splitFrom) {
    // a signed run's digits begin after its sign, which stays with the first number
    const digits = rt.start + (rt.sign ? 1 : 0);
    from = part.from === 0 ? rt.start : digits + part.from;
    const last = part.to === rt.token.int.length;
    to = last ? rt.end : digits + part.to;
  }
  const o = originalSlice(stream, from, to);
  const raw = squash(unit.text.slice(o.start, o.end));
  const loc = locate(unit, o.start, o.end);
  const t = rt.token;
  if (t.kind === 'blank') return { value: null, raw, status: 'blank', loc };
  if (t.kind === 'note') return { value: null, raw, status: 'note', loc };
  let value = part && part.value !== null ? part.value : t.kind === 'number' ? t.value : Number(t.int + t.tail);
  // the sign of a signed run goes to its first number
  if (rt.sign === '-' && (!part || part.from <= 0)) value = -Math.abs(value);
  const unitSuffix = part ? part.unit : t.unit;
  const cell: Cell = { value, raw, status: 'ok', loc };
  if (unitSuffix) cell.unit = unitSuffix;
  if (splitFrom) cell.split = true;
  return cell;
}

/** Global (searching) copies of the noise patterns, made once. */
const globalNoise = new WeakMap<RegExp, RegExp>();

/** Labels and header phrases that stand among the values (repeated headers, sub-headings): 1 where the region's text is one. */
function maskLabels(stream: Stream, occ: Occurrence[], spec: FormatSpec, from: number, to: number): Uint8Array {
  const mask = new Uint8Array(Math.max(0, to - from));
  // indexed: called for every row, over every label found (for…of allocates while cold, see meta.ts findNav)
  for (let k = 0; k < occ.length; k++) {
    const o = occ[k];
    if (o.end <= from || o.start >= to) continue;
    for (let i = Math.max(o.start, from); i < Math.min(o.end, to); i++) mask[i - from] = 1;
  }
  if (to <= from) return mask;
  const region = stream.folded.slice(from, to);
  for (const re of spec.noise) {
    let g = globalNoise.get(re);
    if (!g) globalNoise.set(re, (g = new RegExp(re.source, 'g')));
    g.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = g.exec(region)) !== null) {
      if (m[0].length === 0) {
        g.lastIndex++;
        continue;
      }
      for (let i = m.index; i < m.index + m[0].length; i++) mask[i] = 1;
    }
  }
  return mask;
}

/** The tokens of the text between a row label and the next label. */
function regionTokens(stream: Stream, occ: Occurrence[], spec: FormatSpec, from: number, to: number, bounded: boolean, signs = false): RegionToken[] {
  const { folded, unitOf, breakBefore, units, unitStart, unitEnd } = stream;
  if (from <= 0 || from > folded.length) return [];
  const mask = maskLabels(stream, occ, spec, from, to);
  const labelUnit = unitOf[from - 1];
  const endUnit = to < folded.length ? unitOf[to] : units.length;
  const startTable = units[labelUnit].kind === 'cell' ? units[labelUnit].table : undefined;
  const out: RegionToken[] = [];
  for (let u = labelUnit; u <= Math.min(endUnit, units.length - 1); u++) {
    const unit = units[u];
    if (startTable !== undefined && (unit.kind !== 'cell' || unit.table !== startTable)) break;
    const s = Math.max(from, unitStart[u]);
    const e = Math.min(to, unitEnd[u]);
    if (unitStart[u] === unitEnd[u]) {
      if (unit.kind === 'cell' && u > labelUnit && u < endUnit) out.push({ token: { kind: 'blank' }, start: s, end: s, unit: u, whole: true });
      continue;
    }
    let tokStart = -1;
    const unitTokens: RegionToken[] = [];
    const close = (end: number) => {
      if (tokStart < 0) return;
      const text = foldDigits(folded.slice(tokStart, end));
      unitTokens.push({ token: classify(text), start: tokStart, end, unit: u, whole: false });
      tokStart = -1;
    };
    for (let i = s; i < e; i++) {
      if (mask[i - from]) {
        close(i);
        continue;
      }
      if (breakBefore[i] || (signs && signBetweenDigits(folded, i, s, e))) close(i);
      if (tokStart < 0) tokStart = i;
    }
    close(e);
    if (unitTokens.length === 1) {
      const t = unitTokens[0];
      // a token is "whole" when nothing else of its unit is text: its own cell or line
      let others = false;
      for (let i = unitStart[u]; i < unitEnd[u]; i++) {
        if ((i < t.start || i >= t.end) && !(i >= from && i < to && mask[i - from])) {
          others = true;
          break;
        }
      }
      t.whole = !others;
    }
    // a signed number run together with others may itself be a run: its digits split like any
    // other's, the sign going to the first number (readings that put it in a column without
    // signs are dropped by the reader)
    for (const t of unitTokens) {
      if (t.whole || t.token.kind !== 'number') continue;
      const m = /^([-+])(\d+)$/.exec(foldDigits(folded.slice(t.start, t.end)));
      if (m) [t.token, t.sign] = [{ kind: 'digits', int: m[2], tail: '', unit: '' }, m[1] as '-' | '+'];
    }
    let stop = false;
    for (const t of unitTokens) {
      if (t.token.kind === 'note' && t.end - t.start > PROSE_LENGTH) {
        stop = true;
        break;
      }
      out.push(t);
    }
    if (stop || (!bounded && out.length > 20)) break;
  }
  return out;
}

/** Every set of `count` positions among `n`, in order. */
function choose(n: number, count: number): number[][] {
  if (count === 0) return [[]];
  const out: number[][] = [];
  const rec = (start: number, acc: number[]) => {
    if (acc.length === count) return void out.push([...acc]);
    for (let i = start; i < n; i++) rec(i + 1, [...acc, i]);
  };
  rec(0, []);
  return out;
}

/** A sign between two digits inside a run (35-15): where a signed number begins. */
function signBetweenDigits(folded: string, i: number, s: number, e: number): boolean {
  const c = folded.charCodeAt(i);
  if ((c !== 45 && c !== 43) || i <= s || i + 1 >= e) return false;
  const digit = (x: number) => x >= 48 && x <= 57;
  return digit(folded.charCodeAt(i - 1)) && digit(folded.charCodeAt(i + 1));
}

/**
 * Rows of 表三 left with several readings may be narrowed by the column rules (results_total,
 * balance). A rule used that way is marked as used to decode: it no longer confirms the numbers.
 */
function narrowByColumns(
  stream: Stream,
  spec: FormatSpec,
  tables: Record<TableKey, Table>,
  pending: PendingRow[],
  hasTotal: boolean,
  decoded: Set<string>,
  issues: Issue[],
) {
  const report = () => pending.forEach((p) => issues.push(ambiguityIssue(p.line.id, false)));
  const compiled = compileEquations(spec, tables, pending, hasTotal);
  const survivors = survivingChoices(pending, compiled);
  if (survivors === null) return report();
  const product = pending.reduce((n, p) => n * p.readings.length, 1);
  // the rules decoded nothing when no choice survives or every one does
  if (survivors.length === 0 || survivors.length === product) return report();
  // the rules that decided: those that hold, with all their cells read, in every surviving choice
  for (const c of compiled) {
    if (survivors.every((sv) => holds(c, pending, sv) === true)) decoded.add(c.key);
  }
  pending.forEach((p, pi) => {
    const options = new Set(survivors.map((sv) => sv[pi]));
    const readings = [...options].map((k) => p.readings[k]);
    const parts = countParts(readings[0]);
    agreedCells(stream, p.tokens, readings, false, (part) => (parts.get(part.token) ?? 0) > 1).forEach((cell, ci) => {
      tables.applications[p.cells[ci].row][p.cells[ci].column] = cell;
    });
    if (options.size > 1) issues.push(ambiguityIssue(p.line.id, false));
  });
}

/** A column rule as constant + Σ sign·(a pending row's cell), tested once its `last` pending row is chosen. */
interface CompiledEquation {
  key: string;
  constant: number;
  terms: { row: number; cell: number; sign: number }[];
  last: number;
}

/** The column rules over the pending rows; the cells already read become the constant. */
function compileEquations(spec: FormatSpec, tables: Record<TableKey, Table>, pending: PendingRow[], hasTotal: boolean): CompiledEquation[] {
  const eqs = equations(spec.id, hasTotal, spec.oneOtherRow).filter((e) => e.check === 'applications.results_total' || e.check === 'applications.balance');
  const fixed = (path: string): number | undefined => {
    const [, row, col] = path.split('.');
    const c = tables.applications[row]?.[col];
    if (!c) return undefined;
    if (c.status === 'ok' && c.value !== null) return c.value;
    if (c.status === 'blank') return 0;
    return undefined;
  };
  const pendingKey = new Map<string, [number, number]>();
  pending.forEach((p, pi) => p.cells.forEach((c, ci) => pendingKey.set(`applications.${c.row}.${c.column}`, [pi, ci])));
  const compiled: CompiledEquation[] = [];
  for (const e of eqs) {
    let constant = 0;
    const terms: CompiledEquation['terms'] = [];
    let usable = true;
    for (const [paths, sign] of [[e.left, 1], [e.right, -1]] as const) {
      for (const p of paths) {
        const pk = pendingKey.get(p);
        if (pk) terms.push({ row: pk[0], cell: pk[1], sign });
        else {
          const f = fixed(p);
          if (f === undefined) usable = false;
          else constant += sign * f;
        }
      }
    }
    if (usable && terms.length) compiled.push({ key: `${e.check}|${e.scope}`, constant, terms, last: Math.max(...terms.map((t) => t.row)) });
  }
  return compiled;
}

/** Whether an equation holds for one choice of reading per pending row; null when a cell it reads is no number. */
function holds(c: CompiledEquation, pending: PendingRow[], choice: readonly number[]): boolean | null {
  let acc = c.constant;
  for (const t of c.terms) {
    const v = pending[t.row].readings[choice[t.row]][t.cell].value;
    if (v === null) return null;
    acc += t.sign * v;
  }
  return Math.abs(acc) < 1e-9;
}

/**
 * Every choice of one reading per pending row that no equation rules out, by a depth-first walk
 * that tests each equation as soon as its last row is chosen (so it prunes early); null when the
 * walk ran out of its budget.
 */
function survivingChoices(pending: PendingRow[], compiled: CompiledEquation[]): number[][] | null {
  const byLast = pending.map((_, i) => compiled.filter((c) => c.last === i));
  const survivors: number[][] = [];
  const choice = new Array<number>(pending.length).fill(0);
  let work = NARROW_BUDGET;
  const walk = (i: number): boolean => {
    if (--work < 0) return false;
    if (i === pending.length) {
      survivors.push([...choice]);
      return true;
    }
    for (let k = 0; k < pending[i].readings.length; k++) {
      choice[i] = k;
      const ok = byLast[i].every((c) => holds(c, pending, choice) !== false);
      if (ok && !walk(i + 1)) return false;
    }
    return true;
  };
  return walk(0) ? survivors : null;
}

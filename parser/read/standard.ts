/**
 * Reads the three tables of a 2019- or 2021-format report from the folded stream: aligns the
 * format's labels, takes the text after each row label up to the next label, cuts it into
 * tokens and turns the tokens into cells, splitting digit runs by the rules where the page ran
 * cells together. Whatever cannot be read with certainty stays ambiguous or missing.
 */
import { locate } from '../doc/model.js';
import { foldDigits, squash } from '../format/normalize.js';
import { equations, type FormatSpec, type TableKey, type ValueLine } from '../format/spec.js';
import type { Cell, Issue, Layout } from '../record/schema.js';
import { align, findOccurrences, type Occurrence } from './align.js';
import { splitTokens, type Part, type Token } from './split.js';
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
  const issues: Issue[] = [];
  const decoded = new Set<string>();
  const occ = findOccurrences(stream, spec.anchors);
  const chain = align(occ, spec.anchors.length);
  const anchorOf = (o: Occurrence) => spec.anchors[o.anchor];

  const found: Record<TableKey, boolean> = { active: false, applications: false, review_litigation: false };
  const rowsFound: Record<TableKey, number> = { active: 0, applications: 0, review_litigation: 0 };
  for (const o of chain) {
    const a = anchorOf(o);
    if (a.table && a.line) rowsFound[a.table]++;
  }
  found.active = rowsFound.active >= 2;
  found.applications = rowsFound.applications >= 4;
  found.review_litigation = rowsFound.review_litigation >= 3;

  const inChain = new Set(chain.map((o) => spec.anchors[o.anchor].id));
  const colAnchors = [...inChain].filter((id) => id.startsWith('applications.col.'));
  const hasTotalColumn = inChain.has('applications.col.total_early') || inChain.has('applications.col.total_late') || colAnchors.length < 3;
  if (!hasTotalColumn && found.applications) {
    issues.push({ code: 'NO_TOTAL_COLUMN', severity: 'info', message: '表三 has no 总计 column: totals are missing, row totals cannot be checked', path: 'applications' });
  }

  const tables: Record<TableKey, Table> = {
    active: emptyTable(spec, 'active'),
    applications: emptyTable(spec, 'applications'),
    review_litigation: emptyTable(spec, 'review_litigation'),
  };
  const kinds = new Set<'table' | 'lines' | 'concatenated'>();
  let splitBudget = PAGE_SPLIT_BUDGET;
  const split = (toks: Token[], k: number, sums: readonly (readonly number[])[], useRules: boolean) => {
    const r = splitTokens(toks, k, { sums, useRules, budget: Math.max(1, Math.min(ROW_SPLIT_BUDGET, splitBudget)) });
    splitBudget -= r.used;
    return r;
  };
  const pendingJoint: { line: ValueLine; cells: { row: string; column: string }[]; readings: Part[][]; tokens: RegionToken[] }[] = [];

  for (const line of spec.lines) {
    if (!found[line.table]) continue;
    let idx = -1;
    for (let i = 0; i < chain.length; i++) if (anchorOf(chain[i]).line === line.id) idx = i;
    if (idx < 0) {
      issues.push({ code: 'ROW_NOT_FOUND', severity: 'warning', message: `row ${line.id} was not found on the page`, path: line.id });
      continue;
    }
    const from = chain[idx].end;
    const to = idx + 1 < chain.length ? chain[idx + 1].start : stream.folded.length;
    const toks = regionTokens(stream, occ, spec, from, to, idx + 1 < chain.length);

    let cells = line.cells.map((c) => ({ ...c }));
    let sums = line.sums;
    if (line.table === 'applications' && !hasTotalColumn) {
      cells = cells.filter((c) => c.column !== 'total');
      sums = [];
    }
    const k = cells.length;
    const put = (i: number, cell: Cell) => {
      tables[line.table][cells[i].row][cells[i].column] = cell;
    };
    const tokenCell = (rt: RegionToken, part?: Part, splitFrom?: boolean): Cell => cellOf(stream, rt, part, splitFrom);

    for (const t of toks) kinds.add(stream.units[t.unit].kind === 'cell' ? 'table' : t.whole ? 'lines' : 'concatenated');

    if (toks.length === 0) {
      // nothing on the page after the label: the cells are missing (status stays 'missing')
      continue;
    }
    if (toks.length === k) {
      toks.forEach((t, i) => put(i, tokenCell(t)));
      continue;
    }
    // empty cells after the values (an empty row closing a Word table) are not values
    while (toks.length > k && toks[toks.length - 1].end === toks[toks.length - 1].start) toks.pop();
    if (toks.length > k) {
      const values = toks.filter((t) => t.token.kind !== 'note');
      if (values.length === k) {
        values.forEach((t, i) => put(i, tokenCell(t)));
        issues.push({ code: 'EXTRA_TEXT', severity: 'info', message: `row ${line.id}: text beside the values was ignored`, path: line.id });
      } else {
        cells.forEach((_, i) => put(i, ambiguousCell(null, [])));
        issues.push({ code: 'EXTRA_VALUES', severity: 'warning', message: `row ${line.id}: ${toks.length} values for ${k} cells; which belongs where cannot be told`, path: line.id });
      }
      continue;
    }
    // fewer tokens than cells
    if (toks.length === 1 && toks[0].token.kind === 'note') {
      const c = tokenCell(toks[0]);
      cells.forEach((_, i) => put(i, { ...c }));
      continue;
    }
    const splittable = toks.map((t) => (t.whole && t.token.kind === 'digits' ? atomic(t.token) : t.token));
    const withRules = sums.length > 0 ? split(splittable, k, sums, true) : null;
    const res = withRules && (withRules.readings.length > 0 || withRules.exhausted) ? withRules : split(splittable, k, [], false);
    const ruled = res === withRules;
    if (res.exhausted) {
      cells.forEach((_, i) => put(i, ambiguousCell(null, [])));
      issues.push({ code: 'SPLIT_TOO_COMPLEX', severity: 'warning', message: `row ${line.id}: the digits allow too many readings to list`, path: line.id });
      continue;
    }
    if (res.readings.length === 0) {
      cells.forEach((_, i) => put(i, ambiguousCell(null, [])));
      issues.push({ code: 'CELLS_MISSING', severity: 'warning', message: `row ${line.id}: ${toks.length} values for ${k} cells; which cells are empty cannot be told`, path: line.id });
      continue;
    }
    if (sums.length > 0 && !ruled) {
      // No split satisfies the row's rule: either the report breaks it or empty cells left no
      // trace in the run. The two cannot be told apart, so no cell of the row is read.
      issues.push({ code: 'NO_CONSISTENT_READING', severity: 'warning', message: `row ${line.id}: no reading of the run-together digits satisfies total = sum of the parts (the report may break the rule, or empty cells left no trace); the row is left ambiguous`, path: line.id });
      cells.forEach((_, i) => put(i, ambiguousCell(rawOfLine(stream, toks), res.overflow ? [] : candidateValues(res.readings.map((r) => r[i])))));
      continue;
    }
    const splitTokensIdx = countParts(res.readings[0]);
    if (res.readings.length === 1 && !res.overflow) {
      res.readings[0].forEach((p, i) => put(i, tokenCell(toks[p.token], p, (splitTokensIdx.get(p.token) ?? 0) > 1)));
      if (ruled) markDecoded(decoded, line, cells, sums);
      continue;
    }
    // several readings: cells that agree in all are read, the rest are ambiguous
    res.readings[0].forEach((p, i) => {
      const vals = new Set(res.readings.map((r) => (r[i].vanished ? null : r[i].value)));
      const same = vals.size === 1 && !res.overflow && res.readings.every((r) => r[i].token === p.token && r[i].from === p.from && r[i].to === p.to);
      put(i, same ? tokenCell(toks[p.token], p, true) : ambiguousCell(rawOfLine(stream, toks), res.overflow ? [] : candidateValues(res.readings.map((r) => r[i]))));
    });
    if (ruled) markDecoded(decoded, line, cells, sums);
    if (line.table === 'applications' && ruled && !res.overflow) pendingJoint.push({ line, cells, readings: res.readings, tokens: toks });
    else issues.push(ambiguityIssue(line.id, res.overflow, ruled));
  }

  if (pendingJoint.length) narrowByColumns(stream, spec, tables, pendingJoint, hasTotalColumn, decoded, issues);

  const missingTables = (Object.keys(found) as TableKey[]).filter((t) => !found[t]);
  for (const t of missingTables) {
    issues.push({ code: 'TABLE_NOT_FOUND', severity: 'error', message: `table ${t} (${spec.tables[t].title}) was not found`, path: t });
  }
  const layout: Layout | null = kinds.size === 0 ? null : kinds.has('table') && kinds.size > 1 ? 'mixed' : kinds.has('table') ? 'table' : kinds.has('concatenated') ? 'concatenated' : 'lines';
  return { tables, issues, decoded, hasTotalColumn, layout, found };
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
    from = rt.start + part.from;
    const last = part.to === rt.token.int.length;
    to = last ? rt.end : rt.start + part.to;
  }
  const o = originalSlice(stream, from, to);
  const raw = squash(unit.text.slice(o.start, o.end));
  const loc = locate(unit, o.start, o.end);
  const t = rt.token;
  if (t.kind === 'blank') return { value: null, raw, status: 'blank', loc };
  if (t.kind === 'note') return { value: null, raw, status: 'note', loc };
  const value = part && part.value !== null ? part.value : t.kind === 'number' ? t.value : Number(t.int + t.tail);
  const unitSuffix = part ? part.unit : t.unit;
  const cell: Cell = { value, raw, status: 'ok', loc };
  if (unitSuffix) cell.unit = unitSuffix;
  if (splitFrom) cell.split = true;
  return cell;
}

/** Global (searching) copies of the noise patterns, made once. */
const globalNoise = new WeakMap<RegExp, RegExp>();

/** The tokens of the text between a row label and the next label. */
function regionTokens(stream: Stream, occ: Occurrence[], spec: FormatSpec, from: number, to: number, bounded: boolean): RegionToken[] {
  const { folded, unitOf, breakBefore, units, unitStart, unitEnd } = stream;
  if (from <= 0 || from > folded.length) return [];
  // Mask labels and header phrases that stand among the values (repeated headers, sub-headings).
  const mask = new Uint8Array(Math.max(0, to - from));
  for (const o of occ) {
    if (o.end <= from || o.start >= to) continue;
    for (let i = Math.max(o.start, from); i < Math.min(o.end, to); i++) mask[i - from] = 1;
  }
  if (to > from) {
    const region = folded.slice(from, to);
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
  }
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
      if (breakBefore[i]) close(i);
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

/**
 * Rows of 表三 left with several readings may be narrowed by the column rules (results_total,
 * balance). A rule used that way is marked as used to decode: it no longer confirms the numbers.
 */
function narrowByColumns(
  stream: Stream,
  spec: FormatSpec,
  tables: Record<TableKey, Table>,
  pending: { line: ValueLine; cells: { row: string; column: string }[]; readings: Part[][]; tokens: RegionToken[] }[],
  hasTotal: boolean,
  decoded: Set<string>,
  issues: Issue[],
) {
  let product = 1;
  for (const p of pending) product *= p.readings.length;
  const eqs = equations(spec.id, hasTotal).filter((e) => e.check === 'applications.results_total' || e.check === 'applications.balance');
  const report = () => pending.forEach((p) => issues.push(ambiguityIssue(p.line.id, false)));

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

  // Each equation as constant + Σ sign·(a pending row's cell); it is tested as soon as the last
  // pending row it reads has been chosen, so a depth-first walk prunes early.
  interface Term { row: number; cell: number; sign: number }
  const compiled: { key: string; constant: number; terms: Term[]; last: number }[] = [];
  for (const e of eqs) {
    let constant = 0;
    const terms: Term[] = [];
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
  const byLast = pending.map((_, i) => compiled.filter((c) => c.last === i));

  const survivors: number[][] = [];
  const used = new Set<string>();
  const choice = new Array(pending.length).fill(0);
  let work = NARROW_BUDGET;
  const holds = (c: (typeof compiled)[number]): boolean | null => {
    let acc = c.constant;
    for (const t of c.terms) {
      const v = pending[t.row].readings[choice[t.row]][t.cell].value;
      if (v === null) return null;
      acc += t.sign * v;
    }
    return Math.abs(acc) < 1e-9;
  };
  const walk = (i: number): boolean => {
    if (--work < 0) return false;
    if (i === pending.length) {
      survivors.push([...choice]);
      return true;
    }
    for (let k = 0; k < pending[i].readings.length; k++) {
      choice[i] = k;
      let ok = true;
      for (const c of byLast[i]) {
        const h = holds(c);
        if (h === false) {
          ok = false;
          break;
        }
      }
      if (ok && !walk(i + 1)) return false;
    }
    return true;
  };
  if (!walk(0)) return report();
  // the rules that decided: those that hold, with all their cells read, in every surviving choice
  for (const c of compiled) {
    if (survivors.every((sv) => (sv.forEach((k, i) => (choice[i] = k)), holds(c) === true))) used.add(c.key);
  }
  if (survivors.length === 0 || survivors.length === product) return report();
  for (const u of used) decoded.add(u);
  pending.forEach((p, pi) => {
    const options = new Set(survivors.map((s) => s[pi]));
    const readings = [...options].map((k) => p.readings[k]);
    const parts = countParts(readings[0]);
    readings[0].forEach((part, ci) => {
      const same = readings.every((r) => r[ci].token === part.token && r[ci].from === part.from && r[ci].to === part.to);
      const cell = p.cells[ci];
      if (same) tables.applications[cell.row][cell.column] = cellOf(stream, p.tokens[part.token], part, (parts.get(part.token) ?? 0) > 1);
      else tables.applications[cell.row][cell.column] = ambiguousCell(rawOfLine(stream, p.tokens), candidateValues(readings.map((r) => r[ci])));
    });
    if (options.size > 1) issues.push(ambiguityIssue(p.line.id, false));
  });
}

/**
 * Where the tables are: runs of lines around value rows (a line holding a number beside other
 * cells), ended by prose (one wide chunk of text). A run goes on across page breaks, so a table
 * split over two pages is one table; header lines that a page repeats are dropped.
 */
import { fold } from '../../format/normalize.js';
import type { Chunk, Line } from './types.js';

/** A single chunk this wide (share of the text width) is prose, not a table line. */
const PROSE_WIDTH = 0.4;

export interface Run {
  /** index of the run's first and last line in the flow */
  from: number;
  to: number;
}

export function isValueRow(line: Line, textLeft: number, textWidth: number): boolean {
  const n = line.chunks.filter((c) => c.numeric).length;
  if (n === 0) return false;
  if (line.chunks.length >= 2) return true;
  // a lone number: a cell only when it stands well inside the text block, not at its left edge
  return line.chunks[0].x0 - textLeft > 0.2 * textWidth;
}

export function findRuns(flow: Line[], textLeft: number[], textWidth: number[]): Run[] {
  const prose = flow.map((l) => l.chunks.length === 1 && l.chunks[0].x1 - l.chunks[0].x0 >= PROSE_WIDTH * textWidth[l.page]);
  const value = flow.map((l) => isValueRow(l, textLeft[l.page], textWidth[l.page]));
  const runs: Run[] = [];
  let i = 0;
  while (i < flow.length) {
    if (!value[i]) {
      i++;
      continue;
    }
    let from = i;
    while (from > 0 && !prose[from - 1] && !(runs.length && from - 1 <= runs[runs.length - 1].to)) from--;
    let to = i;
    let lastValue = i;
    for (let j = i + 1; j < flow.length && !prose[j]; j++) {
      to = j;
      if (value[j]) lastValue = j;
    }
    runs.push(...splitAtNewColumns(flow, value, from, to));
    i = to + 1;
  }
  return runs;
}

/**
 * Two tables with nothing but a short heading between them (表二, then 表三) are one run of
 * lines; they part at a value row, below lines that are not value rows, whose numbers stand
 * mostly outside every column the run's rows have used so far. The lines between that row and the one before go with the new table
 * (its heading and header rows).
 */
function splitAtNewColumns(flow: Line[], value: boolean[], from: number, to: number): Run[] {
  const out: Run[] = [];
  let start = from;
  let prev = -1;
  let seen: Chunk[] = [];
  for (let j = from; j <= to; j++) {
    if (!value[j]) continue;
    const nums = flow[j].chunks.filter((c) => c.numeric);
    const outside = nums.filter((x) => !seen.some((y) => Math.min(x.x1, y.x1) + 1 >= Math.max(x.x0, y.x0))).length;
    // a new table has its own heading or header lines: rows next to each other are one table
    if (prev >= 0 && j > prev + 1 && outside * 2 > nums.length) {
      out.push({ from: start, to: prev });
      start = prev + 1;
      seen = [];
    }
    seen.push(...nums);
    prev = j;
  }
  out.push({ from: start, to });
  return out;
}

/**
 * Header lines a continuation page repeats: on a page after the run's first, the lines above
 * that page's first value row whose text equals a header line seen before in the run.
 */
export function repeatedHeaders(flow: Line[], run: Run, isValue: (l: Line) => boolean): Set<number> {
  const drop = new Set<number>();
  const seen = new Set<string>();
  let page = -1;
  let beforeFirstValue = true;
  for (let i = run.from; i <= run.to; i++) {
    const l = flow[i];
    if (l.page !== page) {
      page = l.page;
      beforeFirstValue = true;
    }
    if (isValue(l)) {
      beforeFirstValue = false;
      continue;
    }
    if (!beforeFirstValue) continue;
    const key = fold(l.chunks.map((c) => c.text).join(''));
    if (l.page !== flow[run.from].page && seen.has(key)) drop.add(i);
    else seen.add(key);
  }
  return drop;
}

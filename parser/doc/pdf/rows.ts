/**
 * A table's value rows and the blocks of text beside them. Each block near a row goes to the
 * row whose values are nearest its centre; in a row, the rightmost block is the row's own label
 * and blocks further left are group labels (a cell spanning several rows). A group label is
 * printed centred on the rows it spans, so it is moved up to the first of them, as HTML would
 * give it; a group label cut by a page break ("（四）无" / "法提供") is joined again.
 */
import type { Block } from './blocks.js';
import { COLUMN_TOLERANCE } from './blocks.js';
import type { Chunk, Line } from './types.js';

export interface Row {
  line: Line;
  page: number;
  /** value-area chunks, left to right */
  values: Chunk[];
  /** blocks of this row's own label (and any other text at its height), left to right */
  labels: Block[];
  /** group labels that start at this row, outermost first */
  groups: Block[];
  top: number;
  bottom: number;
  /** left edge of the row's own label, or +Infinity without one */
  labelX: number;
}

/** Blocks further than this from every row (in points, beyond half the block and half a row) stand alone. */
export function attachBlocks(rows: Row[], blocks: Block[], rowPitch: number): Block[] {
  const free: Block[] = [];
  const near = new Map<Row, Block[]>();
  for (const b of blocks) {
    const c = (b.top + b.bottom) / 2;
    let best: Row | null = null;
    let dist = Infinity;
    for (const r of rows) {
      if (r.page !== b.page) continue;
      const d = Math.abs((r.top + r.bottom) / 2 - c);
      if (d < dist) [best, dist] = [r, d];
    }
    const reach = (b.bottom - b.top) / 2 + (Number.isFinite(rowPitch) ? rowPitch / 2 : 2 * b.size);
    if (!best || dist > reach) {
      free.push(b);
      continue;
    }
    const list = near.get(best) ?? [];
    list.push(b);
    near.set(best, list);
  }
  const groups: Block[] = [];
  for (const r of rows) {
    const list = (near.get(r) ?? []).sort((a, b) => a.x0 - b.x0 || a.top - b.top);
    if (list.length === 0) continue;
    const itemX = list[list.length - 1].x0;
    for (const b of list) (b.x0 < itemX - COLUMN_TOLERANCE ? groups : r.labels).push(b);
    r.labelX = Math.min(...r.labels.map((b) => b.x0));
    for (const b of r.labels) {
      r.top = Math.min(r.top, b.top);
      r.bottom = Math.max(r.bottom, b.bottom);
    }
  }
  placeGroups(rows, groups, rowPitch);
  return free;
}

/** An item number opens a new label; text after a page break without one continues the last. */
const ENUMERATED = /^[(（]?[一二三四五六七八九十\d]+[)）、.．]/;

/**
 * Group labels of each column, top to bottom, each given its first row. Per page and column,
 * the rows inside groups (own label further right) are cut into one stretch per group so that
 * each stretch's middle is as near as can be to its label's centre; a label cut by the page
 * break (no item number, first on its page) takes the stretch at the top and joins its first part.
 */
function placeGroups(rows: Row[], groups: Block[], rowPitch: number) {
  const columns: Block[][] = [];
  for (const g of [...groups].sort((a, b) => a.page - b.page || a.top - b.top)) {
    const col = columns.find((c) => Math.abs(c[0].x0 - g.x0) <= COLUMN_TOLERANCE);
    if (col) col.push(g);
    else columns.push([g]);
  }
  const skip = Number.isFinite(rowPitch) ? rowPitch / 4 : 4;
  for (const col of columns) {
    let last: { block: Block; row: Row } | null = null;
    for (const page of [...new Set(col.map((g) => g.page))]) {
      const gs = col.filter((g) => g.page === page);
      const x = gs[0].x0 + COLUMN_TOLERANCE;
      const idx = rows.map((r, i) => (r.page === page && r.labelX > x ? i : -1)).filter((i) => i >= 0);
      if (idx.length === 0) continue;
      const carried = last !== null && !ENUMERATED.test(gs[0].text);
      const starts = partition(rows, idx, gs, carried, skip);
      gs.forEach((g, k) => {
        if (k === 0 && carried && last) {
          last.row.groups[last.row.groups.indexOf(last.block)] = last.block = mergeText(last.block, g);
          return;
        }
        const row = rows[idx[starts[k]]];
        row.groups.push(g);
        last = { block: g, row };
      });
    }
  }
  for (const r of rows) r.groups.sort((a, b) => a.x0 - b.x0);
}

/**
 * Where each group's stretch starts (index into idx). Dynamic programming over (group, end row):
 * cost is the distance of each stretch's middle from its label's centre, plus `skip` per row left
 * in no stretch; a carried label costs nothing but must start at the top.
 */
function partition(rows: Row[], idx: number[], gs: Block[], carried: boolean, skip: number): number[] {
  const n = idx.length;
  const m = gs.length;
  const above = idx.map((i) => edge(rows, i, -1));
  const below = idx.map((i) => edge(rows, i, 1));
  const cost = (k: number, a: number, b: number) => (k === 0 && carried ? 0 : Math.abs((above[a] + below[b]) / 2 - (gs[k].top + gs[k].bottom) / 2));
  // best[k][b]: groups 0..k placed, group k ends at row b; from[k][b]: where group k starts
  const best = Array.from({ length: m }, () => new Array<number>(n).fill(Infinity));
  const from = Array.from({ length: m }, () => new Array<number>(n).fill(0));
  for (let k = 0; k < m; k++) {
    for (let b = 0; b < n; b++) {
      for (let a = k === 0 ? 0 : 1; a <= b; a++) {
        const before = k === 0 ? (carried && a > 0 ? Infinity : a * skip) : best[k - 1][a - 1];
        const c = before + cost(k, a, b);
        if (c < best[k][b]) [best[k][b], from[k][b]] = [c, a];
      }
    }
  }
  let end = 0;
  for (let b = 0; b < n; b++) if (best[m - 1][b] + (n - 1 - b) * skip < best[m - 1][end] + (n - 1 - end) * skip) end = b;
  const starts = new Array<number>(m).fill(0);
  for (let k = m - 1; k >= 0; k--) {
    starts[k] = from[k][end];
    end = starts[k] - 1;
  }
  return starts;
}

/** Halfway between a row and its neighbour above (-1) or below (1) on its page, or its own edge. */
function edge(rows: Row[], i: number, side: -1 | 1): number {
  const r = rows[i];
  const o = rows[i + side];
  if (!o || o.page !== r.page) return side < 0 ? r.top : r.bottom;
  return side < 0 ? (o.bottom + r.top) / 2 : (r.bottom + o.top) / 2;
}

function mergeText(a: Block, b: Block): Block {
  return { ...a, chunks: [...a.chunks, ...b.chunks], text: a.text + b.text };
}

/**
 * Chunks that are one cell's text over several lines — a wrapped label, a header split into
 * "商业" / "企业", a group label set one character per line — are joined into blocks. Two chunks
 * join when they stand in one column (same left edge or same centre) one line apart: closer than
 * halfway between the table's wrap pitch (the smallest line pitch inside a cell) and its row
 * pitch (the smallest distance between two value rows).
 */
import { boundsOf, type Chunk, type Rect } from './types.js';

export interface Block extends Rect {
  chunks: Chunk[];
  text: string;
  size: number;
}

/** Left edges or centres this close (points) are one column. */
export const COLUMN_TOLERANCE = 2.5;

export function sameColumn(a: Rect, b: Rect): boolean {
  const overlap = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  if (overlap <= 0) return false;
  return Math.abs(a.x0 - b.x0) <= COLUMN_TOLERANCE || Math.abs((a.x0 + a.x1) / 2 - (b.x0 + b.x1) / 2) <= COLUMN_TOLERANCE;
}

/**
 * The pitch below which two lines of one column are one cell; 0 when none can be told. Line
 * pitches in a column come in two sizes: inside a cell (the wrap pitch, the smallest) and from
 * cell to cell (wrap pitch plus the cell padding, the next size up, also seen between value rows).
 * The cut is halfway between them.
 */
export function joinPitch(chunks: Chunk[], rowTops: number[][]): number {
  const pitches: number[] = [];
  forEachColumnNeighbour(chunks, (a, b) => {
    const pitch = b.top - a.top;
    // a pitch below the font size is no line pitch (a raised or lowered glyph)
    if (pitch >= 0.9 * Math.min(a.size, b.size)) pitches.push(pitch);
  });
  if (pitches.length === 0) return 0;
  const wrap = Math.min(...pitches);
  const cellToCell = Math.min(Infinity, ...pitches.filter((p) => p > 1.15 * wrap));
  const rows: number[] = [];
  for (const tops of rowTops) for (let i = 1; i < tops.length; i++) rows.push(tops[i] - tops[i - 1]);
  // the smallest pitch is the rows' own (a quarter of the value rows stand that far apart): nothing is wrapped
  if (rows.filter((r) => Math.abs(r - wrap) <= 0.05 * wrap).length * 4 >= Math.max(1, rows.length)) return 0;
  const row = Math.min(Infinity, ...rows.filter((r) => r > 1.05 * wrap));
  const next = Math.min(cellToCell, row);
  return Number.isFinite(next) ? Math.min(1.5 * wrap, (wrap + next) / 2) : 1.3 * wrap;
}

/** Calls back for each chunk and the next chunk below it in its column on the same page. */
function forEachColumnNeighbour(chunks: Chunk[], f: (a: Chunk, b: Chunk) => void) {
  const sorted = [...chunks].sort((a, b) => a.page - b.page || a.top - b.top);
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i];
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j];
      if (b.page !== a.page) break;
      if (b.top < a.bottom - 0.1) continue;
      if (sameColumn(a, b)) {
        f(a, b);
        break;
      }
      // something else in the way across the column ends the search
      if (Math.min(a.x1, b.x1) > Math.max(a.x0, b.x0)) break;
    }
  }
}

export function joinBlocks(chunks: Chunk[], pitch: number): Block[] {
  const next = new Map<Chunk, Chunk>();
  const hasPrev = new Set<Chunk>();
  if (pitch > 0) {
    forEachColumnNeighbour(chunks, (a, b) => {
      if (b.top - a.top < pitch && !hasPrev.has(b)) {
        next.set(a, b);
        hasPrev.add(b);
      }
    });
  }
  const blocks: Block[] = [];
  for (const c of chunks) {
    if (hasPrev.has(c)) continue;
    const parts = [c];
    for (let n = next.get(c); n; n = next.get(n)) parts.push(n);
    blocks.push(blockOf(parts));
  }
  return blocks;
}

export function blockOf(parts: Chunk[]): Block {
  let text = parts[0].text;
  for (let i = 1; i < parts.length; i++) {
    const latin = /[A-Za-z0-9]$/.test(text) && /^[A-Za-z0-9]/.test(parts[i].text);
    text += (latin ? ' ' : '') + parts[i].text;
  }
  return { chunks: parts, text, ...boundsOf(parts) };
}

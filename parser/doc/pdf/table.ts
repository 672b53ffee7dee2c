/**
 * One table run → cell units in the order an HTML table would give them: header cells, then for
 * each row its group labels, its own label and one cell per column (an empty cell where the
 * column has nothing, when the columns are certain).
 */
import type { Unit } from '../model.js';
import { joinBlocks, joinPitch, type Block } from './blocks.js';
import { attachBlocks, type Row } from './rows.js';
import { chunkOf, isNumericText } from './lines.js';
import type { Chunk, Line, Rect } from './types.js';

/** Chunks this close (points) to the left of the first value column still count as values. */
const VALUE_EDGE = 2;

export interface TableInput {
  lines: Line[];
  isValue: (l: Line) => boolean;
  table: number;
}

export function tableUnits(input: TableInput): Unit[] {
  const { isValue, table } = input;
  const lines = splitAtColumns(input.lines, isValue);
  const valueLines = lines.filter(isValue);
  const valueStart = valueAreaStart(valueLines);
  const inValueArea = (c: Chunk) => c.x0 >= valueStart - VALUE_EDGE;
  // a line of headings over the value columns (信息内容 本年制发件数 …) starts a new band of rows
  // (a heading chunk may start over the labels when two headings ran together, so: reaching a character into the values)
  const isHeader = (l: Line) => !isValue(l) && l.chunks.some((c) => inValueArea(c) || c.x1 > valueStart + c.size);

  const rows: Row[] = valueLines.map((l) => ({
    line: l, page: l.page, values: l.chunks.filter(inValueArea), labels: [], groups: [], top: l.top, bottom: l.bottom, labelX: Infinity,
  }));
  const rowTops = byPage(valueLines).map((ls) => ls.map((l) => l.top));
  const loose: Chunk[] = [];
  const headerChunks = new Set<Chunk>();
  for (const l of lines) {
    for (const c of l.chunks) {
      if (isValue(l) && inValueArea(c)) continue;
      loose.push(c);
      if (isHeader(l)) headerChunks.add(c);
    }
  }
  const pitch = joinPitch(loose, rowTops);
  const blocks = joinBlocks(loose, pitch);
  const headers = blocks.filter((b) => b.chunks.some((c) => headerChunks.has(c)));
  const rowPitch = minPitch(rowTops);
  const free = attachBlocks(rows, blocks.filter((b) => !headers.includes(b)), rowPitch);

  const bands = bandsOf(rows, lines, isHeader);
  const out: { key: { page: number; top: number }; units: Unit[] }[] = [];
  for (const b of [...headers, ...free]) out.push({ key: b, units: [blockUnit(b, table)] });
  let prevBottom = -Infinity;
  let prevPage = -1;
  for (const band of bands) {
    const first = band[0];
    const above = headers.filter((h) => (h.page > prevPage || (h.page === prevPage && h.top >= prevBottom)) && (h.page < first.page || (h.page === first.page && h.bottom <= first.top)));
    // a column empty in every row is told only by a band of several rows (in one or two rows a
    // value centred in a wide cell may stand clear of its heading)
    const columns = band.length >= 3 ? withHeaderColumns(columnsOf(band), above.filter((h) => h.x0 >= valueStart - VALUE_EDGE)) : columnsOf(band);
    const last = band[band.length - 1];
    [prevPage, prevBottom] = [last.page, last.bottom];
    for (const r of band) out.push({ key: r, units: rowUnits(r, columns, table) });
  }
  out.sort((a, b) => a.key.page - b.key.page || a.key.top - b.key.top);
  return out.flatMap((o) => o.units);
}

/**
 * In a tight table a label and the number in the next cell can stand as close as two words of
 * one sentence, and come out as one chunk ("行政规范性文件0"). Where a chunk's last words are
 * numbers standing inside a value column (placed by the rows whose numbers stand apart), they
 * are cut off as a cell of their own.
 */
function splitAtColumns(lines: Line[], isValue: (l: Line) => boolean): Line[] {
  const spans = lines.filter(isValue).flatMap((l) => l.chunks.filter((c) => c.numeric));
  // a column is also where a heading on another line starts, right where the number starts
  const edges = lines.flatMap((l) => l.chunks.map((c) => c.x0));
  const inColumn = (w: { x0: number; x1: number }) => spans.some((s) => w.x0 >= s.x0 - 1 && w.x1 <= s.x1 + 1) || edges.some((x) => Math.abs(x - w.x0) <= 1);
  return lines.map((l) => {
    if (!l.chunks.some((c) => !c.numeric && c.words.length > 1 && isNumericText(c.words[c.words.length - 1].text))) return l;
    const chunks: Chunk[] = [];
    for (const c of l.chunks) {
      let cut = c.words.length;
          while (cut > 1 && isNumericText(c.words[cut - 1].text) && inColumn(c.words[cut - 1])) cut--;
      if (cut === c.words.length || c.numeric) {
        chunks.push(c);
        continue;
      }
      chunks.push(chunkOf(c.words.slice(0, cut)), ...c.words.slice(cut).map((w) => chunkOf([w])));
    }
    return { ...l, chunks };
  });
}

/**
 * Where the value columns begin: the leftmost place where the first value of several rows stands
 * (a fifth of them, at least two). A row whose values stand further left on its own (a broken
 * table) does not move it.
 */
function valueAreaStart(rows: Line[]): number {
  const firsts = rows.map((l) => l.chunks.find((c) => c.numeric)!).sort((a, b) => a.x0 - b.x0);
  const need = Math.min(firsts.length, Math.max(2, Math.ceil(firsts.length / 5)));
  for (const f of firsts) {
    if (firsts.filter((g) => g.x0 >= f.x0 - 0.5 && g.x0 <= f.x0 + f.size).length >= need) return f.x0;
  }
  return firsts[0].x0;
}

function byPage(lines: Line[]): Line[][] {
  const out: Line[][] = [];
  for (const l of lines) {
    if (out.length === 0 || out[out.length - 1][0].page !== l.page) out.push([]);
    out[out.length - 1].push(l);
  }
  return out;
}

function minPitch(tops: number[][]): number {
  let m = Infinity;
  for (const t of tops) for (let i = 1; i < t.length; i++) m = Math.min(m, t[i] - t[i - 1]);
  return m;
}

/** Rows between two header lines share their columns. */
function bandsOf(rows: Row[], lines: Line[], isHeader: (l: Line) => boolean): Row[][] {
  const bands: Row[][] = [[]];
  const rowOf = new Map(rows.map((r) => [r.line, r]));
  for (const l of lines) {
    const r = rowOf.get(l);
    if (r) bands[bands.length - 1].push(r);
    else if (isHeader(l) && bands[bands.length - 1].length) bands.push([]);
  }
  return bands.filter((b) => b.length > 0);
}

/**
 * The value columns of a band: the x-ranges of its value chunks, overlapping ones merged. They
 * are trusted only when no row has two chunks in one column; otherwise null (no empty cells are
 * made up, the values stand in their order).
 */
export function columnsOf(band: Row[]): { x0: number; x1: number }[] | null {
  const spans = band.flatMap((r) => r.values.map((c) => ({ x0: c.x0, x1: c.x1 }))).sort((a, b) => a.x0 - b.x0);
  const cols: { x0: number; x1: number }[] = [];
  for (const s of spans) {
    const last = cols[cols.length - 1];
    if (last && s.x0 <= last.x1 + 0.5) last.x1 = Math.max(last.x1, s.x1);
    else cols.push({ ...s });
  }
  for (const r of band) {
    const used = new Set<number>();
    for (const c of r.values) {
      const k = cols.findIndex((col) => c.x0 >= col.x0 - 0.5 && c.x1 <= col.x1 + 0.5);
      if (used.has(k)) return null;
      used.add(k);
    }
  }
  return cols;
}

/**
 * Columns no row has a value in (an empty column) still have their heading: a heading over the
 * value area that stands over no value column and under no other heading adds a column.
 */
function withHeaderColumns(cols: { x0: number; x1: number }[] | null, headers: Block[]): { x0: number; x1: number }[] | null {
  if (!cols) return null;
  const overlaps = (a: { x0: number; x1: number }, b: { x0: number; x1: number }) => Math.min(a.x1, b.x1) > Math.max(a.x0, b.x0);
  const extra = headers.filter((h) => !cols.some((c) => overlaps(c, h)) && !headers.some((o) => o !== h && overlaps(o, h)));
  return [...cols, ...extra.map((h) => ({ x0: h.x0, x1: h.x1 }))].sort((a, b) => a.x0 - b.x0);
}

function rowUnits(r: Row, columns: { x0: number; x1: number }[] | null, table: number): Unit[] {
  const out: Unit[] = [];
  for (const g of r.groups) out.push(blockUnit(g, table));
  for (const b of r.labels) out.push(blockUnit(b, table));
  if (!columns) {
    for (const c of r.values) out.push(chunkUnit(c, table));
    return out;
  }
  for (const col of columns) {
    const c = r.values.find((v) => v.x0 >= col.x0 - 0.5 && v.x1 <= col.x1 + 0.5);
    out.push(c ? chunkUnit(c, table) : { text: '', kind: 'cell', table, box: boxOf({ page: r.page, x0: col.x0, x1: col.x1, top: r.line.top, bottom: r.line.bottom }) });
  }
  return out;
}

export function boxOf(r: Rect) {
  return { page: r.page + 1, x: round(r.x0), y: round(r.top), width: round(r.x1 - r.x0), height: round(r.bottom - r.top) };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function blockUnit(b: Block, table: number): Unit {
  return { text: b.text, kind: 'cell', table, box: boxOf(b) };
}

function chunkUnit(c: Chunk, table: number): Unit {
  return { text: c.text, kind: 'cell', table, box: boxOf(c) };
}

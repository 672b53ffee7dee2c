/**
 * A PDF's positioned text (from PDF.js, read outside the parser) → the document model, so that
 * a report published as a PDF is read by the same alignment, reading and checks as an HTML page.
 * Pure: the PDF adapter (cli/, extension/) hands over plain numbers and strings.
 *
 * Steps: items → lines and chunks (lines.ts); page numbers and running lines dropped
 * (margins.ts); table runs found (runs.ts); each run rebuilt as cells in HTML order
 * (table.ts, blocks.ts, rows.ts); everything else one block unit per line.
 */
import type { DocModel, Unit } from './model.js';
import { pageLines } from './pdf/lines.js';
import { dropFurniture } from './pdf/margins.js';
import { findRuns, isValueRow, repeatedHeaders } from './pdf/runs.js';
import { boxOf, tableUnits } from './pdf/table.js';
import type { Line, PdfText } from './pdf/types.js';

export type { PdfPageText, PdfText, PdfTextItem } from './pdf/types.js';

/** A heading is set this much larger than the body text. */
const HEADING_SCALE = 1.25;

export function pdfToModel(pdf: PdfText): DocModel {
  const pages = dropFurniture(pdf.pages.map((p, i) => pageLines(p, i)), pdf.pages);
  const flow = pages.flat();
  const textLeft = pages.map((ls) => Math.min(...ls.flatMap((l) => l.chunks.map((c) => c.x0))));
  const textWidth = pages.map((ls, p) => Math.max(1, Math.max(...ls.flatMap((l) => l.chunks.map((c) => c.x1))) - textLeft[p]));
  const isValue = (l: Line) => isValueRow(l, textLeft[l.page], textWidth[l.page]);

  const units: Unit[] = [];
  let at = 0;
  let table = 0;
  for (const run of findRuns(flow, textLeft, textWidth)) {
    for (; at < run.from; at++) units.push(lineUnit(flow[at]));
    const drop = repeatedHeaders(flow, run, isValue);
    const lines = flow.slice(run.from, run.to + 1).filter((_, k) => !drop.has(run.from + k));
    units.push(...tableUnits({ lines, isValue, table: table++ }));
    at = run.to + 1;
  }
  for (; at < flow.length; at++) units.push(lineUnit(flow[at]));
  return {
    units,
    title: pdf.title?.trim() || null,
    headings: headingsOf(pages[0] ?? []),
    meta: {},
    links: [],
    baseHref: null,
    source: 'pdf',
  };
}

function lineUnit(l: Line): Unit {
  const text = l.chunks.map((c) => c.text).join(' ');
  const x0 = Math.min(...l.chunks.map((c) => c.x0));
  const x1 = Math.max(...l.chunks.map((c) => c.x1));
  return { text, kind: 'block', box: boxOf({ page: l.page, x0, x1, top: l.top, bottom: l.bottom }) };
}

/** Consecutive lines at the top of the first page set larger than its body text: the title. */
function headingsOf(lines: Line[]): string[] {
  // the body size: the size most characters are set in
  const chars = new Map<number, number>();
  for (const l of lines) for (const c of l.chunks) chars.set(c.size, (chars.get(c.size) ?? 0) + c.text.length);
  if (chars.size === 0) return [];
  const body = [...chars].sort((a, b) => b[1] - a[1])[0][0];
  const out: string[] = [];
  let cur = '';
  for (const l of lines.slice(0, 12)) {
    const big = l.chunks.every((c) => c.size >= HEADING_SCALE * body);
    if (big) cur += l.chunks.map((c) => c.text).join('');
    else if (cur) {
      out.push(cur);
      cur = '';
    }
  }
  if (cur) out.push(cur);
  return out;
}

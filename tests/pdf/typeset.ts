/**
 * A tiny typesetter for geometry tests: places strings at points the way a PDF's text layer
 * gives them (left edge, baseline from the page top, advance width from the characters).
 */
import type { PdfPageText, PdfTextItem } from '../../parser/doc/pdf/types.js';

export function item(str: string, x: number, y: number, size = 10): PdfTextItem {
  let w = 0;
  for (const ch of str) w += ch.charCodeAt(0) >= 0x2e80 ? size : 0.55 * size;
  return { str, x, y, width: w, size };
}

/** A row of cells: [text, x] pairs on one baseline. */
export function row(y: number, cells: [string, number][], size = 10): PdfTextItem[] {
  return cells.filter(([t]) => t !== '').map(([t, x]) => item(t, x, y, size));
}

export function page(...items: PdfTextItem[][]): PdfPageText {
  return { width: 595, height: 842, items: items.flat() };
}

/** Body prose that spans the text width, so the table stands apart from it. */
export function prose(y: number, text = '这是一段正文，用来把表格和前后的文字分开，它足够长可以占满整行的宽度。'): PdfTextItem[] {
  return [item(text, 60, y, 12)];
}

/**
 * What a PDF adapter hands the parser: each page's text items with their positions, nothing
 * else. Coordinates are PDF points with the origin at the page's top-left corner (y grows down),
 * so that the geometry code reads like a page.
 */

/** One run of text as the PDF draws it. */
export interface PdfTextItem {
  str: string;
  /** left edge */
  x: number;
  /** baseline, from the top of the page */
  y: number;
  /** advance width of the whole string */
  width: number;
  /** font size (the height of a line of this text) */
  size: number;
  /** drawn top to bottom (rotated 90°): the box is turned */
  vertical?: boolean;
}

export interface PdfPageText {
  width: number;
  height: number;
  items: PdfTextItem[];
}

export interface PdfText {
  pages: PdfPageText[];
  /** the document's Title from its info dictionary, if any */
  title?: string | null;
}

/** A rectangle in page space; `page` is 0-based here (the record's Loc is 1-based). */
export interface Rect {
  page: number;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
}

/** The box around some pieces of one page, and their largest font size. */
export function boundsOf(parts: readonly (Rect & { size: number })[]): Rect & { size: number } {
  return {
    size: Math.max(...parts.map((p) => p.size)),
    page: parts[0].page,
    x0: Math.min(...parts.map((p) => p.x0)),
    x1: Math.max(...parts.map((p) => p.x1)),
    top: Math.min(...parts.map((p) => p.top)),
    bottom: Math.max(...parts.map((p) => p.bottom)),
  };
}

/** Words of a line that stand together: one cell's text on one line. */
export interface Chunk extends Rect {
  text: string;
  size: number;
  /** a number, or a sign that stands for an empty cell (- / — 无) */
  numeric: boolean;
  /** the words it was joined from, left to right */
  words: Word[];
}

/** A run of text without spaces, with its estimated box. */
export interface Word extends Rect {
  text: string;
  size: number;
}

/** Chunks sharing a baseline, left to right. */
export interface Line {
  page: number;
  top: number;
  bottom: number;
  chunks: Chunk[];
}

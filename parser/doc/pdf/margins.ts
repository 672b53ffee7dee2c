/**
 * Page furniture: page numbers ("- 3 -", "第 3 页 共 5 页", "3/5") and running headers or footers
 * (the same line at the same height on most pages). Dropped before tables are rebuilt, since a
 * footer inside a table that runs across a page break would otherwise stand among its values.
 */
import { fold } from '../../format/normalize.js';
import type { Line, PdfPageText } from './types.js';

/** Share of the page height, from the top or the bottom edge, where furniture stands. */
const MARGIN = 0.12;
/** A bare number is a page number only this close to the edge. */
const BARE_MARGIN = 0.07;

const PAGE_NUMBER = [
  /^[-—–－‐_~·•]+\d{1,4}[-—–－‐_~·•]+$/,
  /^第\d{1,4}页(,?共\d{1,4}页)?$/,
  /^(共\d{1,4}页,?)?第\d{1,4}页$/,
  /^\d{1,4}\/\d{1,4}$/,
  /^(page)?\d{1,4}(of\d{1,4})?$/i,
];

export function dropFurniture(pages: Line[][], sizes: PdfPageText[]): Line[][] {
  const running = runningLines(pages, sizes);
  return pages.map((lines, p) =>
    lines.filter((l) => {
      const h = sizes[p].height || 842;
      const edge = Math.min(l.top / h, 1 - l.bottom / h);
      if (edge > MARGIN) return true;
      const t = lineKey(l);
      if (running.has(t)) return false;
      if (l.chunks.length !== 1) return true;
      const bare = /^\d+$/.test(t);
      return !(PAGE_NUMBER.some((re) => re.test(t)) && (!bare || edge <= BARE_MARGIN));
    }),
  );
}

function lineKey(l: Line): string {
  return fold(l.chunks.map((c) => c.text).join(''));
}

/** Lines in the margins that repeat, digits aside, on at least half the pages (and two). */
function runningLines(pages: Line[][], sizes: PdfPageText[]): Set<string> {
  if (pages.length < 2) return new Set();
  const seen = new Map<string, Set<number>>();
  pages.forEach((lines, p) => {
    const h = sizes[p].height || 842;
    for (const l of lines) {
      if (Math.min(l.top / h, 1 - l.bottom / h) > MARGIN) continue;
      const shape = lineKey(l).replace(/\d+/g, '#');
      if (shape.length < 2 || shape === '#') continue;
      let s = seen.get(shape);
      if (!s) seen.set(shape, (s = new Set()));
      s.add(p);
    }
  });
  const out = new Set<string>();
  pages.forEach((lines, p) => {
    const h = sizes[p].height || 842;
    for (const l of lines) {
      if (Math.min(l.top / h, 1 - l.bottom / h) > MARGIN) continue;
      const key = lineKey(l);
      const n = seen.get(key.replace(/\d+/g, '#'))?.size ?? 0;
      if (n >= 2 && n >= pages.length / 2) out.add(key);
    }
  });
  return out;
}

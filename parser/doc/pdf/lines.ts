/**
 * Text items → words → lines → chunks. A line is the words whose boxes overlap vertically by
 * half a line or more (a number set in another font sits a little lower than its label); a
 * chunk is the words of a line with no more than a small gap between them, which is how far
 * apart the characters of one table cell stand.
 */
import { unifyRadicals } from './radicals.js';
import { boundsOf, type Chunk, type Line, type PdfPageText, type PdfTextItem, type Word } from './types.js';

/** A gap wider than this many font sizes separates two cells (PDF.js itself breaks items at 0.6). */
const CHUNK_GAP = 0.6;
/** Share of the smaller box height two words must overlap by to be on one line. */
const LINE_OVERLAP = 0.5;
/** How high a character stands above the baseline, and how far it reaches below, in font sizes. */
const ASCENT = 0.85;
const DESCENT = 0.15;

const NUMERIC = /^([-+]?\d[\d,]*(\.\d+)?(%|万元|元|件|条|个|次|项)?|[-+]?\.\d+|[/\\\-—–―－─_~～]+|无|空)$/;

export function isNumericText(text: string): boolean {
  return NUMERIC.test(text.replace(/\s+/g, ''));
}

export function pageLines(page: PdfPageText, pageIndex: number): Line[] {
  const words: Word[] = [];
  for (const item of page.items) words.push(...itemWords(item, pageIndex));
  return groupLines(words, pageIndex).map((l) => ({ ...l, chunks: chunksOf(l.words) }));
}

/** Full-width characters take a whole font size; others about half. */
function advance(ch: string): number {
  const c = ch.charCodeAt(0);
  return c >= 0x2e80 || (c >= 0x2000 && c <= 0x206f && c !== 0x2009) ? 1 : 0.55;
}

/** An item cut at its spaces, each word's box estimated from the characters' advances. */
function itemWords(item: PdfTextItem, page: number): Word[] {
  const str = unifyRadicals(item.str);
  if (!str || str.trim() === '' || !(item.size > 0) || !Number.isFinite(item.x + item.y + item.width)) return [];
  const chars = [...str];
  const total = chars.reduce((s, ch) => s + advance(ch), 0);
  const scale = item.width > 0 && total > 0 ? item.width / total : item.size;
  const out: Word[] = [];
  let at = 0;
  let word = '';
  let start = 0;
  const flush = () => {
    if (word) out.push(wordBox(item, page, word, start * scale, at * scale));
    word = '';
  };
  for (const ch of chars) {
    if (/\s/.test(ch)) {
      flush();
    } else {
      if (!word) start = at;
      word += ch;
    }
    at += advance(ch);
  }
  flush();
  return out;
}

function wordBox(item: PdfTextItem, page: number, text: string, from: number, to: number): Word {
  if (item.vertical) {
    // text running down the page: the advance is vertical, the font size horizontal
    return { text, size: item.size, page, x0: item.x - item.size * DESCENT, x1: item.x + item.size * ASCENT, top: item.y + from, bottom: item.y + to };
  }
  return { text, size: item.size, page, x0: item.x + from, x1: item.x + to, top: item.y - item.size * ASCENT, bottom: item.y + item.size * DESCENT };
}

function groupLines(words: Word[], page: number): { page: number; top: number; bottom: number; words: Word[] }[] {
  const sorted = [...words].sort((a, b) => (a.top + a.bottom) / 2 - (b.top + b.bottom) / 2 || a.x0 - b.x0);
  const lines: { page: number; top: number; bottom: number; refTop: number; refBottom: number; words: Word[] }[] = [];
  for (const w of sorted) {
    let home = null;
    // only the last few lines can still overlap a word further down the page
    for (let i = lines.length - 1; i >= Math.max(0, lines.length - 4); i--) {
      const l = lines[i];
      const overlap = Math.min(l.refBottom, w.bottom) - Math.max(l.refTop, w.top);
      if (overlap >= LINE_OVERLAP * Math.min(l.refBottom - l.refTop, w.bottom - w.top)) {
        home = l;
        break;
      }
    }
    if (home) {
      home.words.push(w);
      home.top = Math.min(home.top, w.top);
      home.bottom = Math.max(home.bottom, w.bottom);
    } else {
      lines.push({ page, top: w.top, bottom: w.bottom, refTop: w.top, refBottom: w.bottom, words: [w] });
    }
  }
  return lines.map(({ page: p, top, bottom, words: ws }) => ({ page: p, top, bottom, words: ws.sort((a, b) => a.x0 - b.x0) }));
}

/** Two numbers never share a chunk: cells of numbers stand apart, whatever the gap. */
function chunksOf(words: Word[]): Chunk[] {
  const out: Chunk[] = [];
  let cur: Word[] = [];
  const close = () => {
    if (cur.length) out.push(chunkOf(cur));
    cur = [];
  };
  for (const w of words) {
    const last = cur[cur.length - 1];
    if (last) {
      const gap = w.x0 - last.x1;
      const size = Math.max(w.size, last.size);
      if (gap > CHUNK_GAP * size || (isNumericText(last.text) && isNumericText(w.text))) close();
    }
    cur.push(w);
  }
  close();
  return out;
}

export function chunkOf(words: Word[]): Chunk {
  let text = words[0].text;
  for (let i = 1; i < words.length; i++) {
    const a = words[i - 1];
    const b = words[i];
    // Latin words keep their space; the spaces of justified Chinese (商 业 企) were spacing only
    const latin = /[A-Za-z0-9]$/.test(a.text) && /^[A-Za-z0-9]/.test(b.text);
    text += (latin ? ' ' : '') + b.text;
  }
  return {
    text,
    ...boundsOf(words),
    numeric: isNumericText(text),
    words,
  };
}

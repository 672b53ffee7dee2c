/**
 * Character normalisation for matching labels on real pages.
 *
 * Pages mix full- and half-width digits and brackets, put spaces and NBSP inside labels
 * (`自 然 人`) and quote 三安全一稳定 in several ways. Labels are matched on a folded form of the
 * text in which all of that is gone; every folded character remembers where it came from, so
 * that values and locations are always read from the page's own text.
 */

/** Whitespace of every width, including NBSP, ideographic space and zero-width marks. */
export const WHITESPACE = /[\s\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]/;

const QUOTES = new Set(['"', "'", '“', '”', '‘', '’', '「', '」', '『', '』', '《', '》', '〈', '〉', '＂', '＇']);
const OPEN = new Set(['(', '（', '〔', '[', '【', '［', '﹙']);
const CLOSE = new Set([')', '）', '〕', ']', '】', '］', '﹚']);
const STOPS = new Set(['、', '．', '。', '｡', '﹒']);

/**
 * Folds one character for matching: returns '' when the character carries no meaning for a
 * label (whitespace, quotes), else the character in its canonical (half-width) form.
 */
export function foldChar(c: string): string {
  const code0 = c.charCodeAt(0);
  if (foldsToItself(code0)) return c;
  if (isSpace(code0)) return '';
  if (QUOTES.has(c)) return '';
  if (OPEN.has(c)) return '(';
  if (CLOSE.has(c)) return ')';
  if (STOPS.has(c)) return '.';
  const code = c.charCodeAt(0);
  // Full-width ASCII block (！ to ～) maps onto ASCII by a fixed offset.
  if (code >= 0xff01 && code <= 0xff5e) {
    const ascii = String.fromCharCode(code - 0xfee0);
    return ascii === '"' || ascii === "'" ? '' : ascii;
  }
  if (c === '，') return ',';
  if (c === '：') return ':';
  if (c === '；') return ';';
  if (c === '－' || c === '﹣' || c === '−') return '-';
  return c;
}

/** Most characters of a report page fold to themselves: CJK ideographs, ASCII letters and digits. */
export function foldsToItself(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}

/** Whitespace by code: the same set as WHITESPACE, without a regular expression per character. */
export function isSpace(code: number): boolean {
  return (
    code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200b) ||
    code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/** Characters that may fold to something else (or to nothing); every other one folds to itself. */
const MAY_FOLD = /[^\u4e00-\u9fff0-9A-Za-z]/g;

/**
 * Folds a whole string (for labels, templates and sentences). Only the characters that may change
 * are looked at, one at a time; a surrogate pair folds to itself as either of its halves does.
 */
export function fold(s: string): string {
  return s.replace(MAY_FOLD, foldChar);
}

/** Folds only what changes a number's digits: full-width digits, sign and decimal point. */
export function foldDigits(s: string): string {
  let out = '';
  for (const c of s) {
    const code = c.charCodeAt(0);
    if (code >= 0xff10 && code <= 0xff19) out += String.fromCharCode(code - 0xfee0);
    else if (c === '．') out += '.';
    // full-width, small and typographic minus signs (本年增/减 −15)
    else if (c === '－' || c === '﹣' || c === '−') out += '-';
    else if (c === '＋') out += '+';
    else out += c;
  }
  return out;
}

/** WHITESPACE in runs (`\\s` already holds every other member of it). */
const WHITESPACE_RUNS = /[\s\u200b]+/g;

/** Folds whitespace runs into single spaces and trims (the `raw` of a cell). */
export function squash(s: string): string {
  const out = s.replace(WHITESPACE_RUNS, ' ');
  const from = out.charCodeAt(0) === 32 ? 1 : 0;
  const to = out.length > from && out.charCodeAt(out.length - 1) === 32 ? out.length - 1 : out.length;
  return from === 0 && to === out.length ? out : out.slice(from, to);
}

/**
 * The page's units folded into one string for label matching, with a map from every folded
 * character back to its unit and offset, and a mark where whitespace or a unit boundary was
 * dropped (a place where two numbers certainly do not run together).
 */
import type { Unit } from '../doc/model.js';
import { foldChar, foldsToItself, isSpace } from '../format/normalize.js';

export interface Stream {
  units: Unit[];
  folded: string;
  /** folded index → unit index */
  unitOf: Int32Array;
  /** folded index → offset in the unit's text */
  offsetOf: Int32Array;
  /** folded index → 1 when a separator (whitespace, unit boundary) stood before it */
  breakBefore: Uint8Array;
  /** unit index → first folded index of the unit (== unitEnd for an empty unit) */
  unitStart: Int32Array;
  unitEnd: Int32Array;
}

/**
 * Characters that certainly fold to themselves, one code unit each (no whitespace, quotes,
 * brackets to fold, full-width forms or surrogates): a unit made only of them (most page chrome
 * and much of a report's table) is copied whole instead of folded character by character.
 */
const SELF_FOLDING = /^[\u4e00-\u9fff!#-&(-Z\\^-~]*$/;

export function buildStream(units: Unit[]): Stream {
  let total = 0;
  for (const u of units) total += u.text.length;
  const codes = new Uint16Array(total);
  const unitOf = new Int32Array(total);
  const offsetOf = new Int32Array(total);
  const breakBefore = new Uint8Array(total);
  const unitStart = new Int32Array(units.length);
  const unitEnd = new Int32Array(units.length);
  /** the folded text, a unit's stretch at a time */
  const parts: string[] = [];
  let n = 0;
  // Works on character codes, with no call per character: pages run to hundreds of thousands
  // of characters and the browser runs this once per page, mostly before it is optimised.
  for (let u = 0; u < units.length; u++) {
    const t = units[u].text;
    unitStart[u] = n;
    if (SELF_FOLDING.test(t)) {
      unitOf.fill(u, n, n + t.length);
      // offsets 0, 1, 2 … copied in one call: this loop ran per character of all page chrome
      offsetOf.set(iota(t.length), n);
      if (t.length > 0) breakBefore[n] = 1;
      parts.push(t);
      n += t.length;
      unitEnd[u] = n;
      continue;
    }
    let pendingBreak = 1;
    for (let i = 0; i < t.length; i++) {
      let code = t.charCodeAt(i);
      let pair = false;
      if (!foldsToItself(code)) {
        if (isSpace(code)) {
          pendingBreak = 1;
          continue;
        }
        // a surrogate pair stays whole, both halves pointing at its first code unit
        if (code >= 0xd800 && code <= 0xdbff && i + 1 < t.length) {
          const low = t.charCodeAt(i + 1);
          pair = low >= 0xdc00 && low <= 0xdfff;
        }
        if (!pair) {
          const f = foldChar(String.fromCharCode(code));
          if (f === '') continue;
          code = f.charCodeAt(0);
        }
      }
      codes[n] = code;
      unitOf[n] = u;
      offsetOf[n] = i;
      breakBefore[n] = pendingBreak;
      n++;
      pendingBreak = 0;
      if (pair) {
        codes[n] = t.charCodeAt(++i);
        unitOf[n] = u;
        offsetOf[n] = i - 1;
        n++;
      }
    }
    parts.push(codesToString(codes, unitStart[u], n));
    unitEnd[u] = n;
  }
  return {
    units,
    folded: parts.join(''),
    unitOf: unitOf.subarray(0, n),
    offsetOf: offsetOf.subarray(0, n),
    breakBefore: breakBefore.subarray(0, n),
    unitStart,
    unitEnd,
  };
}

/** 0, 1, 2 … n-1, from one array that grows as pages need (never copied per unit). */
let IOTA = new Int32Array(0);
function iota(n: number): Int32Array {
  if (IOTA.length < n) {
    IOTA = new Int32Array(Math.max(n, 2 * IOTA.length, 1024));
    for (let i = 0; i < IOTA.length; i++) IOTA[i] = i;
  }
  return IOTA.subarray(0, n);
}

function codesToString(codes: Uint16Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i += 4096) s += String.fromCharCode.apply(null, codes.subarray(i, Math.min(to, i + 4096)) as unknown as number[]);
  return s;
}

/** The original text between two folded positions (exclusive end), within one unit. */
export function originalSlice(s: Stream, from: number, to: number): { unit: number; start: number; end: number } {
  const unit = s.unitOf[from];
  const start = s.offsetOf[from];
  const last = to - 1;
  let end = s.offsetOf[last] + 1;
  // a surrogate pair occupies two code units
  const t = s.units[unit].text;
  const code = t.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end++;
  return { unit, start, end };
}

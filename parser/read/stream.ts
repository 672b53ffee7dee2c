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

export function buildStream(units: Unit[]): Stream {
  let total = 0;
  for (const u of units) total += u.text.length;
  const codes = new Uint16Array(total);
  const unitOf = new Int32Array(total);
  const offsetOf = new Int32Array(total);
  const breakBefore = new Uint8Array(total);
  const unitStart = new Int32Array(units.length);
  const unitEnd = new Int32Array(units.length);
  let n = 0;
  // Works on character codes: pages run to hundreds of thousands of characters, and a string
  // per character was most of the parser's time on them.
  let pendingBreak = 1;
  const emit = (code: number, u: number, offset: number) => {
    codes[n] = code;
    unitOf[n] = u;
    offsetOf[n] = offset;
    breakBefore[n] = pendingBreak;
    n++;
    pendingBreak = 0;
  };
  for (let u = 0; u < units.length; u++) {
    const t = units[u].text;
    unitStart[u] = n;
    pendingBreak = 1;
    for (let i = 0; i < t.length; i++) {
      const code = t.charCodeAt(i);
      if (foldsToItself(code)) {
        emit(code, u, i);
        continue;
      }
      if (isSpace(code)) {
        pendingBreak = 1;
        continue;
      }
      // a surrogate pair stays whole, both halves pointing at its first code unit
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < t.length) {
        const low = t.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          emit(code, u, i);
          emit(low, u, i);
          i++;
          continue;
        }
      }
      const f = foldChar(String.fromCharCode(code));
      if (f !== '') emit(f.charCodeAt(0), u, i);
    }
    unitEnd[u] = n;
  }
  let folded = '';
  for (let i = 0; i < n; i += 4096) folded += String.fromCharCode.apply(null, codes.subarray(i, Math.min(n, i + 4096)) as unknown as number[]);
  return {
    units,
    folded,
    unitOf: unitOf.subarray(0, n),
    offsetOf: offsetOf.subarray(0, n),
    breakBefore: breakBefore.subarray(0, n),
    unitStart,
    unitEnd,
  };
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

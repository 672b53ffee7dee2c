/**
 * The page's units folded into one string for label matching, with a map from every folded
 * character back to its unit and offset, and a mark where whitespace or a unit boundary was
 * dropped (a place where two numbers certainly do not run together).
 */
import type { Unit } from '../doc/model.js';
import { foldChar, isSpace } from '../format/normalize.js';

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
  const unitOf = new Int32Array(total);
  const offsetOf = new Int32Array(total);
  const breakBefore = new Uint8Array(total);
  const unitStart = new Int32Array(units.length);
  const unitEnd = new Int32Array(units.length);
  const parts: string[] = [];
  let n = 0;
  for (let u = 0; u < units.length; u++) {
    const t = units[u].text;
    unitStart[u] = n;
    let pendingBreak = true;
    for (let i = 0; i < t.length; i++) {
      let c = t[i];
      // keep surrogate pairs whole
      const code = c.charCodeAt(0);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < t.length) {
        c = t.slice(i, i + 2);
      }
      const f = foldChar(c);
      if (f === '') {
        if (isSpace(code)) pendingBreak = true;
      } else {
        for (let j = 0; j < f.length; j++) {
          unitOf[n] = u;
          offsetOf[n] = i;
          breakBefore[n] = pendingBreak ? 1 : 0;
          parts.push(f[j]);
          n++;
          pendingBreak = false;
        }
      }
      if (c.length === 2) i++;
    }
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

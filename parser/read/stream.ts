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
/**
 * In any other unit, runs of such characters (copied whole) and runs of whitespace (a break,
 * WHITESPACE of normalize.ts: `\s` and U+200B): only what stands between runs is folded one
 * character at a time. The browser runs this once per page, mostly before it is optimised.
 */
const RUNS = /([\u4e00-\u9fff!#-&(-Z\\^-~]+)|[\s\u200b]+/g;

/** The stream's arrays as they fill, and the folded text a unit's stretch at a time. */
interface Filling {
  unitOf: Int32Array;
  offsetOf: Int32Array;
  breakBefore: Uint8Array;
  parts: string[];
  n: number;
}

export function buildStream(units: Unit[]): Stream {
  let total = 0;
  for (let u = 0; u < units.length; u++) total += units[u].text.length;
  const f: Filling = { unitOf: new Int32Array(total), offsetOf: new Int32Array(total), breakBefore: new Uint8Array(total), parts: [], n: 0 };
  const unitStart = new Int32Array(units.length);
  const unitEnd = new Int32Array(units.length);
  for (let u = 0; u < units.length; u++) {
    const t = units[u].text;
    unitStart[u] = f.n;
    if (SELF_FOLDING.test(t)) {
      copyRun(f, u, t, 0, t.length, 1);
      f.parts.push(t);
    } else {
      f.parts.push(foldUnit(f, u, t));
    }
    unitEnd[u] = f.n;
  }
  const n = f.n;
  return {
    units,
    folded: f.parts.join(''),
    unitOf: f.unitOf.subarray(0, n),
    offsetOf: f.offsetOf.subarray(0, n),
    breakBefore: f.breakBefore.subarray(0, n),
    unitStart,
    unitEnd,
  };
}

/**
 * Characters from..to of unit `u`, each its own folded character. A long run is one fill and one
 * copy; a short one (most units: a menu entry, a cell) is a plain loop, since a fill and a typed
 * array view cost more to set up than the few characters they would write.
 */
function copyRun(f: Filling, u: number, t: string, from: number, to: number, breakBefore: number): void {
  if (to <= from) return;
  const n = f.n;
  if (to - from <= SHORT_RUN) {
    for (let i = from, j = n; i < to; i++, j++) {
      f.unitOf[j] = u;
      f.offsetOf[j] = i;
    }
  } else {
    f.unitOf.fill(u, n, n + to - from);
    f.offsetOf.set(offsets(from, to), n);
  }
  f.breakBefore[n] = breakBefore;
  f.n += to - from;
}

/** Up to this many characters, copyRun loops (measured on menu-heavy pages). */
const SHORT_RUN = 64;

/** A unit with whitespace or characters to fold: its folded text, the arrays filled as it goes. */
function foldUnit(f: Filling, u: number, t: string): string {
  let folded = '';
  let pendingBreak = 1;
  let i = 0;
  RUNS.lastIndex = 0;
  for (;;) {
    const m = RUNS.exec(t);
    const runStart = m ? m.index : t.length;
    // what stands before the run, one character at a time: it may fold to another or to nothing
    for (; i < runStart; i++) {
      let code = t.charCodeAt(i);
      if (isSpace(code)) {
        pendingBreak = 1;
        continue;
      }
      // a surrogate pair stays whole, both halves pointing at its first code unit
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < t.length) {
        const low = t.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          push(f, u, i, pendingBreak);
          push(f, u, i, 0);
          folded += t.slice(i, i + 2);
          pendingBreak = 0;
          i++;
          continue;
        }
      }
      if (!foldsToItself(code)) {
        const c = foldChar(String.fromCharCode(code));
        if (c === '') continue;
        code = c.charCodeAt(0);
      }
      push(f, u, i, pendingBreak);
      folded += String.fromCharCode(code);
      pendingBreak = 0;
    }
    if (!m) return folded;
    const end = runStart + m[0].length;
    if (m[1] !== undefined) {
      copyRun(f, u, t, runStart, end, pendingBreak);
      folded += m[1];
      pendingBreak = 0;
    } else pendingBreak = 1;
    i = end;
  }
}

function push(f: Filling, u: number, offset: number, breakBefore: number): void {
  f.unitOf[f.n] = u;
  f.offsetOf[f.n] = offset;
  f.breakBefore[f.n] = breakBefore;
  f.n++;
}

/** from, from+1 … to-1, from one array of 0, 1, 2 … that grows as pages need (never copied per run). */
let IOTA = new Int32Array(0);
function offsets(from: number, to: number): Int32Array {
  if (IOTA.length < to) {
    IOTA = new Int32Array(Math.max(to, 2 * IOTA.length, 1024));
    for (let i = 0; i < IOTA.length; i++) IOTA[i] = i;
  }
  return IOTA.subarray(from, to);
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

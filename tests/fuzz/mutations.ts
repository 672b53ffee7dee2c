/**
 * Mutations of a page, as plain data so that fast-check can shrink them: positions are drawn as
 * naturals and taken modulo the page's length when applied.
 */
import fc from 'fast-check';
import { toFullWidthDigits } from '../../sites/gen.js';

export type Mutation =
  | { op: 'deleteLine'; at: number }
  | { op: 'duplicateLine'; at: number }
  | { op: 'swapLines'; a: number; b: number }
  | { op: 'insertWhitespace'; at: number; ch: string }
  | { op: 'changeDigit'; at: number; digit: number }
  | { op: 'fullWidth'; at: number; length: number }
  | { op: 'truncate'; at: number };

const WS = [' ', '\u00a0', '\u3000', '\t', '  '];

export const whitespaceMutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('insertWhitespace' as const), at: fc.nat(), ch: fc.constantFrom(...WS) }),
  fc.record({ op: fc.constant('fullWidth' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 400 }) }),
);

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('deleteLine' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicateLine' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ op: fc.constant('changeDigit' as const), at: fc.nat(), digit: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  whitespaceMutationArb,
);

/** Characters that belong to a number: whitespace between two of them would change its value. */
const NUMERIC = /[0-9０-９.．\-－+]/;

/**
 * Offsets of the page's text content: outside tags and character references for HTML, the whole
 * text otherwise. Mutations that model what a page's author types only touch these.
 */
function textOffsets(text: string, html: boolean): number[] {
  const out: number[] = [];
  let inTag = false;
  let inEntity = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (html) {
      if (inTag) {
        if (c === '>') inTag = false;
        continue;
      }
      if (c === '<') {
        inTag = true;
        continue;
      }
      if (inEntity) {
        if (c === ';' || !/[#a-zA-Z0-9]/.test(c)) inEntity = false;
        continue;
      }
      if (c === '&') {
        inEntity = true;
        continue;
      }
    }
    out.push(i);
  }
  return out;
}

function applyOne(text: string, m: Mutation, html: boolean): string {
  switch (m.op) {
    case 'deleteLine':
    case 'duplicateLine':
    case 'swapLines': {
      const lines = text.split('\n');
      if (m.op === 'deleteLine') lines.splice(m.at % lines.length, 1);
      else if (m.op === 'duplicateLine') {
        const i = m.at % lines.length;
        lines.splice(i, 0, lines[i]);
      } else {
        const a = m.a % lines.length;
        const b = m.b % lines.length;
        [lines[a], lines[b]] = [lines[b], lines[a]];
      }
      return lines.join('\n');
    }
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    case 'changeDigit': {
      const digits = [...text.matchAll(/[0-9]/g)].map((x) => x.index!);
      if (digits.length === 0) return text;
      const i = digits[m.at % digits.length];
      return text.slice(0, i) + String(m.digit) + text.slice(i + 1);
    }
    case 'insertWhitespace': {
      // between two characters of one number the whitespace would split it: that changes the
      // page's numbers, not its spacing
      const offs = textOffsets(text, html).filter((i) => !(i > 0 && NUMERIC.test(text[i - 1]) && NUMERIC.test(text[i])));
      if (offs.length === 0) return text;
      const i = offs[m.at % offs.length];
      return text.slice(0, i) + m.ch + text.slice(i);
    }
    case 'fullWidth': {
      const offs = new Set(textOffsets(text, html));
      const start = m.at % (text.length + 1);
      let out = text.slice(0, start);
      for (let i = start; i < Math.min(text.length, start + m.length); i++) out += offs.has(i) ? toFullWidthDigits(text[i]) : text[i];
      return out + text.slice(start + m.length);
    }
  }
}

export function applyMutations(text: string, ms: readonly Mutation[], html: boolean): string {
  return ms.reduce((t, m) => applyOne(t, m, html), text);
}

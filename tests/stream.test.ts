/**
 * The folded stream (parser/read/stream.ts), fold and squash (parser/format/normalize.ts) against
 * plain character-by-character versions: the fast paths (units copied whole, regular expressions
 * instead of a call per character) must give the same text, and the same maps back to the page.
 */
import { describe, expect, it } from 'vitest';
import type { Unit } from '../parser/doc/model.js';
import { fold, foldChar, isSpace, squash, WHITESPACE } from '../parser/format/normalize.js';
import { buildStream } from '../parser/read/stream.js';

/** The stream as its doc comment defines it, one character at a time. */
function reference(units: Unit[]) {
  const folded: string[] = [];
  const unitOf: number[] = [];
  const offsetOf: number[] = [];
  const breakBefore: number[] = [];
  const unitStart: number[] = [];
  const unitEnd: number[] = [];
  units.forEach((unit, u) => {
    const t = unit.text;
    unitStart.push(folded.length);
    let pending = 1;
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      const low = t.charCodeAt(i + 1);
      if (c >= 0xd800 && c <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
        folded.push(t[i], t[i + 1]);
        unitOf.push(u, u);
        offsetOf.push(i, i);
        breakBefore.push(pending, 0);
        pending = 0;
        i++;
        continue;
      }
      if (isSpace(c)) {
        pending = 1;
        continue;
      }
      const f = foldChar(t[i]);
      if (f === '') continue;
      folded.push(f);
      unitOf.push(u);
      offsetOf.push(i);
      breakBefore.push(pending);
      pending = 0;
    }
    unitEnd.push(folded.length);
  });
  return { folded: folded.join(''), unitOf, offsetOf, breakBefore, unitStart, unitEnd };
}

function built(units: Unit[]) {
  const s = buildStream(units);
  return {
    folded: s.folded, unitOf: [...s.unitOf], offsetOf: [...s.offsetOf], breakBefore: [...s.breakBefore],
    unitStart: [...s.unitStart], unitEnd: [...s.unitEnd],
  };
}

const block = (text: string): Unit => ({ text, kind: 'block' });

describe('the folded stream', () => {
  it.each([
    ['page chrome copied whole', ['关于印发某某工作方案的通知2024-01-01', '首页', 'abc(1)-x:y;z.']],
    ['labels with spaces, full-width forms and quotes', ['（一） 本年新收 政府信息公开申请数量', '１２３，４５６', '“三安全一稳定”', '[1] 〔2〕 【3】']],
    ['stops, colons and signs', ['一、总体情况。', '公开日期：2024－01－17', '本年增/减 −15', '一．主动公开']],
    ['whitespace of every width', ['\u00a0 12\u3000 34\t\n56\u200b7', '   ', '']],
    ['surrogate pairs whole, lone halves kept', ['𠀀𠀁12', 'a\ud800b', '\udc00x', '末尾\ud83d']],
    ['empty units between others', ['', 'A', '', '', 'B C']],
    // copyRun loops up to 64 characters and fills beyond: both sides of the bound, whole and in runs
    ['runs of 63, 64, 65 and 300 characters', ['政'.repeat(63), 'a'.repeat(64), '公'.repeat(65), 'x'.repeat(300), `（${'开'.repeat(64)}） ${'b'.repeat(65)}（${'c'.repeat(63)}`]],
  ])('%s', (_, texts) => {
    const units = texts.map(block);
    expect(built(units)).toEqual(reference(units));
  });

  it('every character of the basic plane folds as one character at a time does', () => {
    // one unit per block of 256 characters, each character alone and run together
    const units: Unit[] = [];
    for (let b = 0; b < 0x10000; b += 256) {
      let s = '';
      for (let c = b; c < b + 256; c++) s += String.fromCharCode(c);
      units.push(block(s));
      for (let c = b; c < b + 256; c += 17) units.push(block(String.fromCharCode(c)));
    }
    expect(built(units)).toEqual(reference(units));
  });
});

/** Every character of the basic plane, and runs of the ones that fold, in one string. */
function allCharacters(): string {
  let s = '';
  for (let c = 0; c < 0x10000; c++) s += String.fromCharCode(c);
  return s + ' \u3000\u200b（１２）“x”\ud840\udc00 \t\n ';
}

describe('fold and squash', () => {
  const cases = ['', ' ', '  a  b  ', '\u200b标题\u3000 ：２０２３年 ', '\ufeff（一）本年新收\u00a0申请', '𠀀 𠀁', 'a\ud800 b', allCharacters()];

  it.each(cases.map((c) => [JSON.stringify(c.slice(0, 24)), c]))('fold %s', (_, s) => {
    let expected = '';
    for (const c of s) expected += foldChar(c);
    expect(fold(s)).toBe(expected);
  });

  it.each(cases.map((c) => [JSON.stringify(c.slice(0, 24)), c]))('squash %s', (_, s) => {
    let expected = '';
    let space = false;
    for (const c of s) {
      if (WHITESPACE.test(c)) space = expected.length > 0;
      else {
        expected += (space ? ' ' : '') + c;
        space = false;
      }
    }
    expect(squash(s)).toBe(expected);
  });
});

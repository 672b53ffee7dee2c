/**
 * The folded stream (parser/read/stream.ts) against a plain character-by-character fold: the
 * fast paths (units copied whole, no call per character) must give the same folded text and the
 * same maps back to the page on every kind of unit.
 */
import { describe, expect, it } from 'vitest';
import type { Unit } from '../parser/doc/model.js';
import { foldChar, isSpace } from '../parser/format/normalize.js';
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

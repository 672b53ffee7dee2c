/**
 * 表四 written as one sentence: a body with no review or litigation case may print
 * "本年度未发生因政府信息公开被申请行政复议、提起行政诉讼的情况" instead of the table. Its fifteen
 * cells are then 0, with status `note` (the page gives no number, it says there is none) and the
 * sentence as their raw text, so that a reader sees where the zeros come from.
 */
import { locate } from '../doc/model.js';
import { squash } from '../format/normalize.js';
import type { Cell, Issue } from '../record/schema.js';
import { originalSlice, type Stream } from './stream.js';

/**
 * A negation (未/没有/无/均未) followed, within the sentence, by both 行政复议 and 行政诉讼.
 * Runs on folded text: no whitespace, 、 folded to '.', brackets half-width.
 */
const NONE_SENTENCE = /(?:本年度?|全年|\d{4}年度?)?[^.;:,]{0,12}?(?:均未|未|没有|无)(?:发生|收到|出现|产生)?[^.;:]{0,24}?行政法?复议.{0,16}?行政诉讼[^.;:]{0,12}?(?:的)?(?:情况|案件|事项)?/;
/** Where 表四's own heading stands: the sentence must follow it (or 表三 when there is none). */
const SECTION = /行政法?复议.{0,12}行政诉讼(的)?情况/g;

export interface ReviewSentence {
  raw: string;
  cell: Cell;
}

/** The sentence standing for 表四 after `from` (a folded index), or null. */
export function reviewSentence(stream: Stream, from: number): ReviewSentence | null {
  const text = stream.folded;
  // right after 表三, or after any 表四 heading that follows it
  const starts = [from];
  SECTION.lastIndex = from;
  for (let h = SECTION.exec(text); h !== null && starts.length < 20; h = SECTION.exec(text)) starts.push(h.index + h[0].length);
  for (const start of starts) {
    const m = NONE_SENTENCE.exec(text.slice(start, start + 200));
    if (m) return sentenceAt(stream, start + m.index, start + m.index + m[0].length);
  }
  return null;
}

function sentenceAt(stream: Stream, a: number, b: number): ReviewSentence | null {
  // the sentence within one unit of the page, so that the cell can point at it: its lead-in may
  // have reached back into the heading before it
  const u = stream.unitOf[b - 1];
  a = Math.max(a, stream.unitStart[u]);
  if (!/(均未|未|没有|无)/.test(stream.folded.slice(a, b))) return null;
  const o = originalSlice(stream, a, b);
  const unit = stream.units[o.unit];
  const raw = squash(unit.text.slice(o.start, o.end));
  return { raw, cell: { value: 0, raw, status: 'note', loc: locate(unit, o.start, o.end) } };
}

/** Fills every cell of 表四 from the sentence; the issue says so. */
export function fillReview(table: Record<string, Record<string, Cell>>, s: ReviewSentence, issues: Issue[]): void {
  for (const row of Object.values(table)) for (const col of Object.keys(row)) row[col] = { ...s.cell };
  issues.push({ code: 'REVIEW_AS_SENTENCE', severity: 'info', path: 'review_litigation', message: `表四 is written as a sentence ("${s.raw}"): its cells are 0` });
}

/** The verdict in the panel's words; the verdict itself is the parser's (parser/checks/verdict.ts). */
import { type CheckKind, type Tally, KIND_ORDER } from '../../parser/index.js';
import type { Strings } from './i18n.js';

export { cellOf, checkKind, KIND_ORDER, tally, verdictOf, type CheckKind, type Tally, type Verdict } from '../../parser/index.js';

/** Counts in plain words: "✗ 2 处对不上 · ? 12 项无法判断（报告留空）· ✓ 28 项已核对". */
export function countWords(t: Tally, s: Strings): string[] {
  if (t.total === 0) return [s.counts.none];
  const out: string[] = [];
  for (const k of [...KIND_ORDER, 'pass'] as const) if (t[k] > 0) out.push(s.counts[k](t[k]));
  if (t.ambiguousCells > 0) out.push(s.counts.ambiguousCells(t.ambiguousCells));
  return out;
}


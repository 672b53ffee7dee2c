/**
 * The panel's side of the findings (pure data, no DOM): a check's key and cells on the page, the
 * sentences that name a marked cell, and the parser's issues in words. The finding sentences
 * themselves are the parser's (parser/checks/sentences.ts), shared with `gongkai series` and
 * `gongkai report`. Nothing here shows an internal id.
 */
import { checkKind, sentence, specOf, shortLabel, type Check, type FindingContext, type ReportRecord } from '../../parser/index.js';
import { STRINGS } from './i18n.js';

/** Stable key of a check for the page (id and scope, which together are unique in a record). */
export const checkKey = (c: Check) => `${c.id}:${c.scope}`;

/** A check's cells as the page marks them (`data-gongkai-cell`): last year's cells are not on this page. */
export function pageCells(c: Check): string[] {
  return c.cells.filter((p) => !p.startsWith('prev.')).map((p) => p.replace(/^this\./, ''));
}

/** An issue of the parser in words; the row or table it names in the format's words. */
export function issueText(ctx: FindingContext, issue: ReportRecord['issues'][number]): string {
  const s = STRINGS[ctx.lang];
  // a code without words cannot be built (i18n.ts types them by IssueCode); a record from a newer parser still could hold one
  const words: string | undefined = s.issueCodes[issue.code];
  const where = issue.path ? pathWords(ctx, issue.path) : '';
  if (!words) return ctx.lang === 'zh' ? s.issueOther : issue.message;
  return where ? `${where}：${words}`.replace('：', ctx.lang === 'zh' ? '：' : ': ') : words;
}

function pathWords(ctx: FindingContext, path: string): string {
  const tables = specOf(ctx.rec).tables;
  const zh = ctx.lang === 'zh';
  const id = path.replace(/^(applications|active|review_litigation)\./, '');
  if (path in tables) return zh ? tables[path as keyof typeof tables].title : tables[path as keyof typeof tables].titleEn;
  for (const t of Object.values(tables)) {
    const r = t.rows.find((x) => x.id === id);
    if (r) return shortLabel(zh ? r.label : r.labelEn);
  }
  return zh ? '' : path;
}

/** For each page cell in a finding that is not a plain pass, the sentences that name it (a marked cell's tooltip). */
export function findingsByCell(ctx: FindingContext, checks: readonly Check[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of checks) {
    if (checkKind(ctx.rec, c) === 'pass') continue;
    const text = sentence(ctx, c);
    for (const p of pageCells(c)) out.set(p, [...(out.get(p) ?? []), text]);
  }
  return out;
}

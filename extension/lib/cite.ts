/**
 * Citing a finding: where the report stands (its original URL, and the archived copy when read
 * from one), when it was published and when it was seen, the verdict and the finding in words.
 * Pure text, no DOM.
 */
import { PARSER_VERSION, sentence, type Check, type FindingContext, type ReportRecord } from '../../parser/index.js';
import { STRINGS, type Lang } from './i18n.js';
import { checkKind, countWords, tally, verdictOf } from './verdict.js';

export interface Provenance {
  /** the report's own address (the original URL of an archived copy) */
  url: string;
  /** the archived copy read, when the page is one */
  archiveUrl: string | null;
  /** when the page was seen: the archive's capture time, or this reading */
  accessedAt: string;
  accessedFrom: 'archive' | 'now';
  /** the report file read (the page's 附件), when the record comes from it */
  fileUrl?: string | null;
}

/** "x（y）" in Chinese, "x (y)" in English. */
export const withParen = (lang: Lang, x: string, y: string) => (lang === 'zh' ? `${x}（${y}）` : `${x} (${y})`);

/**
 * The publication date and where it was found: "2024-01-17（页面“公开日期”）", "2024-01-17 (the
 * page's 公开日期 label)"; a record without the source (older parser versions) says it is unknown.
 * Null when the record has no date.
 */
export function publishedText(rec: ReportRecord, lang: Lang): string | null {
  if (!rec.publishedAt) return null;
  const d = STRINGS[lang].dateSource;
  const src = rec.publishedAtSource;
  return withParen(lang, rec.publishedAt, !src ? d.unknown : src.kind === 'meta' ? d.meta(src.key) : d.label(src.key));
}

/** The findings a citation names: the one chosen, else every failing check, else the undecided ones. */
export function citedChecks(rec: ReportRecord, checks: readonly Check[], selected: Check | null): Check[] {
  if (selected) return [selected];
  const fails = checks.filter((c) => checkKind(rec, c) === 'fail');
  if (fails.length) return fails;
  return checks.filter((c) => checkKind(rec, c) !== 'pass').slice(0, 5);
}

export function citationText(ctx: FindingContext, prov: Provenance, checks: readonly Check[], selected: Check | null): string {
  const s = STRINGS[ctx.lang];
  const c = s.cite;
  const rec = ctx.rec;
  const sep = ctx.lang === 'zh' ? '：' : ': ';
  const t = tally(rec, checks);
  const lines = [
    `${c.title}${sep}${rec.title ?? c.unknown}`,
    `${c.body}${sep}${rec.entity ?? c.unknown}`,
    `${prov.archiveUrl ? c.original : c.url}${sep}${prov.url}`,
    prov.archiveUrl ? `${c.archived}${sep}${prov.archiveUrl}` : null,
    prov.fileUrl ? `${c.file}${sep}${prov.fileUrl}` : null,
    `${c.published}${sep}${publishedText(rec, ctx.lang) ?? c.unknown}`,
    `${c.accessed}${sep}${withParen(ctx.lang, prov.accessedAt, s.dateFrom[prov.accessedFrom])}`,
    `${c.verdict}${sep}${withParen(ctx.lang, s.verdict[verdictOf(t)], countWords(t, s).join(' · '))}`,
    ...citedChecks(rec, checks, selected).map((ch) => `${c.finding}${sep}${sentence(ctx, ch)}`),
    `${c.tool}${sep}gongkai ${PARSER_VERSION}`,
  ];
  return lines.filter((l): l is string => l !== null).join('\n');
}

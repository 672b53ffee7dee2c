/**
 * Each check as a sentence in the UI's language (pure data, no DOM): where on the page (the row
 * or column in the format's words), what the report printed, what its parts add up to, the
 * difference, and the rule in words. Also: cells that one wrong number shares between several
 * failing checks, and the parser's issues in words. Nothing here shows an internal id.
 */
import { describeCell, FORMAT_2021_ONE_OTHER_ROW, FORMATS, hasOneOtherRow, narrativeSentence, type Check, type FormatSpec, type ReportRecord, type StandardFormat } from '../../parser/index.js';
import { cellOf, checkKind, type CheckKind } from './verdict.js';
import { STRINGS, type Lang } from './i18n.js';

/** What a finding is read against: the page's record and, for series checks, last year's. */
export interface FindingContext {
  rec: ReportRecord;
  lang: Lang;
  prev?: ReportRecord | null;
}

const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(v));
const diff = (a: number, b: number) => Math.round(Math.abs(a - b) * 1e6) / 1e6;

function formatOf(ctx: FindingContext): StandardFormat {
  return ctx.rec.format === '2019' ? '2019' : '2021';
}

/** The format's rows as this record holds them: a 2021 表三 read with the 2019 table's one （六）其他处理 row has `other`. */
export function specOf(rec: ReportRecord): FormatSpec {
  return hasOneOtherRow(rec.format, rec.tables) ? FORMAT_2021_ONE_OTHER_ROW : FORMATS[rec.format === '2019' ? '2019' : '2021'];
}

/** "（二）部分公开（区分处理的，…）" → "（二）部分公开": the long parenthetical says nothing at a glance. */
export function shortLabel(label: string): string {
  return label.replace(/^(（[一二三四五六七八九十]+）[^（]+)（[^）]*）$/, '$1').replace(/^[一二三四五六七八九十]+、/, '');
}

/** A cell path (`table.row.column`, or `this.`/`prev.` + that) in words: "自然人·（一）予以公开". */
export function cellLabel(ctx: FindingContext, path: string): string {
  const year = path.startsWith('prev.') ? (ctx.prev?.year ?? ctx.rec.year ?? 1) - (ctx.prev ? 0 : 1) : null;
  const p = path.replace(/^(this|prev)\./, '');
  const [table, row, column] = p.split('.');
  if (table !== 'active' && table !== 'applications' && table !== 'review_litigation') return p;
  const d = describeCell(formatOf(ctx), table, row, column);
  const zh = ctx.lang === 'zh';
  const rowL = shortLabel(zh ? d.rowLabel : d.rowLabelEn);
  const colL = zh ? d.columnLabel : d.columnLabelEn;
  const s = STRINGS[ctx.lang];
  const where = table === 'applications' ? `${colL}·${rowL}` : `${rowL}·${colL}`;
  return year === null ? where : `${s.inYear(year)} ${where}`;
}

/** The row, column or group a check runs along, in the format's words. */
export function scopeLabel(ctx: FindingContext, c: Check): string {
  const tables = specOf(ctx.rec).tables;
  const zh = ctx.lang === 'zh';
  const pick = (o: { label: string; labelEn: string }) => shortLabel(zh ? o.label : o.labelEn);
  // page against attachment: one cell (its label), or a whole table (its title)
  if (c.id === 'source.agree') return c.cells.length ? cellLabel(ctx, c.cells[0]) : tableTitle(ctx, c.scope);
  const table = c.id.startsWith('review_litigation') ? tables.review_litigation : c.id === 'series.in_force' ? tables.active : tables.applications;
  const row = table.rows.find((r) => r.id === c.scope);
  if (row) return pick(row);
  const col = table.rows[0]?.columns.find((x) => x.id === c.scope);
  return col ? pick(col) : c.scope;
}

/** A table's title in the format's words (source.agree over a whole table). */
function tableTitle(ctx: FindingContext, id: string): string {
  const t = (FORMATS[formatOf(ctx)].tables as Record<string, { title?: string; titleEn?: string } | undefined>)[id];
  return (ctx.lang === 'zh' ? t?.title : t?.titleEn) ?? id;
}

/** The values of a check's cells in order, for rules whose sides have several named parts. */
function values(ctx: FindingContext, c: Check): (number | null)[] {
  return c.cells.map((p) => {
    const cell = cellOf(ctx.rec, p, ctx.prev);
    return cell?.status === 'ok' ? cell.value : cell?.status === 'blank' ? 0 : null;
  });
}

/** The statement of what the two sides are: "六类申请人相加为 25，“总计”栏为 22". */
export function statement(ctx: FindingContext, c: Check): string {
  const f = STRINGS[ctx.lang].find;
  const v = values(ctx, c);
  const y = ctx.rec.year;
  switch (c.id) {
    case 'applications.row_total': return f.rowTotal(num(c.right), num(c.left));
    case 'applications.results_total': return f.resultsTotal(num(c.right), num(c.left));
    case 'review_litigation.total': return f.reviewTotal(num(c.right), num(c.left));
    case 'applications.balance': return f.balance(v.map(num), num(c.left), num(c.right));
    case 'series.carry': return f.carry(y, num(c.left), num(c.right));
    case 'series.in_force': return f.inForce(y, v.map(num), num(c.left), num(c.right));
    case 'source.agree': return c.cells.length ? f.agree(num(c.left), num(c.right)) : f.agreeAll(num(c.left));
    default: return f.generic(num(c.left), num(c.right));
  }
}

/** The rule in words, shown after the numbers. */
export function ruleWords(lang: Lang, id: string): string {
  const rules = STRINGS[lang].rules;
  return Object.hasOwn(rules, id) ? rules[id as keyof typeof rules] : rules.generic;
}

/** One sentence per check: where, the numbers, the difference or the reason it cannot be judged, the rule. */
export function sentence(ctx: FindingContext, c: Check): string {
  // prose against table: the parser's words, the page's sentence quoted
  if (c.id.startsWith('narrative.')) return narrativeSentence(c, ctx.lang);
  const s = STRINGS[ctx.lang];
  const kind: CheckKind = checkKind(ctx.rec, c);
  const where = scopeLabel(ctx, c);
  const rule = ruleWords(ctx.lang, c.id);
  const said = statement(ctx, c);
  const unreadable = c.cells.filter((p) => { const x = cellOf(ctx.rec, p, ctx.prev); return !x || (x.status !== 'ok' && x.status !== 'blank'); });
  switch (kind) {
    case 'fail':
    case 'soft':
      return s.find.fails(where, said, num(diff(c.left!, c.right!)), rule);
    case 'blank':
      return s.find.blank(where, c.assumed.map((p) => cellLabel(ctx, p)), said, num(diff(c.left!, c.right!)), rule);
    case 'unreadable':
      return s.find.unreadable(where, unreadable.map((p) => cellLabel(ctx, p)), rule);
    case 'split':
      return c.status === 'uncertain'
        ? s.find.splitFail(where, said, c.cells.filter((p) => cellOf(ctx.rec, p, ctx.prev)?.split).length, rule)
        : c.usedToDecode ? s.find.decoded(where, rule) : s.find.splitPass(where, said, rule);
    case 'prose':
      return narrativeSentence(c, ctx.lang);
    case 'pass':
      return s.find.passes(where, said, rule);
  }
}

/** Cells that take part in two or more failing checks: one wrong number may explain them all. */
export function sharedFailCells(checks: readonly Check[]): { path: string; checks: number[] }[] {
  const by = new Map<string, number[]>();
  checks.forEach((c, i) => {
    if (c.status !== 'fail') return;
    for (const p of c.cells) by.set(p, [...(by.get(p) ?? []), i]);
  });
  return [...by].filter(([, ix]) => ix.length > 1).map(([path, ix]) => ({ path, checks: ix }));
}

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

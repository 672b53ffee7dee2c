/**
 * Each check as a sentence in the reader's language (pure data): where on the page (the row or
 * column in the format's words), what the report printed, what its parts add up to, the
 * difference, and the rule in words. The extension's panel, `gongkai series` and `gongkai report`
 * all say a finding with these words. Nothing here shows an internal id.
 */
import { describeCell, FORMAT_2021_ONE_OTHER_ROW, FORMATS, hasOneOtherRow, type CheckId, type FormatSpec, type StandardFormat } from '../format/spec.js';
import type { Check, ReportRecord } from '../record/schema.js';
import { narrativeSentence } from './narrative.js';
import { cellOf, checkKind } from './verdict.js';

export type Lang = 'zh' | 'en';

/** Checks whose rule is worded here (a prose check's sentence is narrativeSentence). */
export type RuleId = Exclude<CheckId, `narrative.${string}`>;

/** What a finding is read against: the page's record and, for series checks, last year's. */
export interface FindingContext {
  rec: ReportRecord;
  lang: Lang;
  prev?: ReportRecord | null;
}

type Nums = string[];

const zhRules = {
  'applications.row_total': '每行各栏之和应等于总计',
  'applications.results_total': '各项办理结果之和应等于总计',
  'applications.balance': '本年新收加上年结转应等于办理结果总计加结转下年度',
  'review_litigation.total': '维持、纠正、其他结果、尚未审结之和应等于总计',
  'series.carry': '今年的上年结转应等于去年的结转下年度继续办理',
  'series.in_force': '去年现行有效加今年制发应等于今年现行有效加废止；清理文件时可以合理不符',
  'series.gap': '同一主体应每年都有一份年报',
  'series.duplicate': '同一主体同一年度应只有一份年报',
  'source.agree': '网页上的表格与附件中的表格应一致',
  generic: '两边应相等',
} satisfies Record<RuleId | 'generic', string>;

const enRules: typeof zhRules = {
  'applications.row_total': 'each row\'s columns should add up to its total',
  'applications.results_total': 'the handling results should add up to their total',
  'applications.balance': 'new plus carried over should equal handled plus carried forward',
  'review_litigation.total': 'upheld, corrected, other and pending should add up to the total',
  'series.carry': "this year's carried over should equal last year's carried forward",
  'series.in_force': "last year's in force plus issued should equal this year's in force plus repealed; a cleanup may legitimately break it",
  'series.gap': 'a body should have a report for every year',
  'series.duplicate': 'a body should have one report a year',
  'source.agree': "the page's tables and its attachment's should say the same",
  generic: 'both sides should be equal',
};

const zh = {
  inYear: (y: number) => `${y}年`,
  find: {
    rowTotal: (sum: string, printed: string) => `六类申请人相加为 ${sum}，“总计”栏为 ${printed}`,
    resultsTotal: (sum: string, printed: string) => `各项办理结果相加为 ${sum}，“（七）总计”为 ${printed}`,
    reviewTotal: (sum: string, printed: string) => `四项结果相加为 ${sum}，“总计”为 ${printed}`,
    balance: ([a, b, c, d]: Nums, l: string, r: string) => `新收 ${a} + 上年结转 ${b} = ${l}，办结 ${c} + 结转下年度 ${d} = ${r}`,
    carry: (y: number | null, l: string, r: string) => `${y ?? '今'}年“上年结转”为 ${l}，${y ? y - 1 : '去'}年“结转下年度继续办理”为 ${r}`,
    inForce: (y: number | null, [a, b, c, d]: Nums, l: string, r: string) =>
      `${y ?? '今'}年现行有效 ${a} + 废止 ${b} = ${l}，${y ? y - 1 : '去'}年现行有效 ${c} + 本年制发 ${d} = ${r}`,
    generic: (l: string, r: string) => `一边为 ${l}，另一边为 ${r}`,
    agree: (page: string, file: string) => `网页为 ${page}，附件为 ${file}`,
    agreeAll: (n: string) => `${n} 个单元格网页与附件相同`,
    fails: (where: string, said: string, d: string, rule: string) => `${where}：${said}，相差 ${d}（${rule}）`,
    passes: (where: string, said: string, rule: string) => `${where}：${said}，一致（${rule}）`,
    blank: (where: string, cells: string[], said: string, d: string, rule: string) =>
      `${where}：报告把 ${cells.join('、')} 留空；若留空按 0 计，${said}，相差 ${d}，无法判断（${rule}）`,
    unreadable: (where: string, cells: string[], rule: string) => `${where}：${cells.join('、')} 读不准（有多种读法或未找到），无法判断（${rule}）`,
    splitFail: (where: string, said: string, n: number, rule: string) =>
      `${where}：按拆分连写数字的读法，${said}，但其中 ${n} 个数字是拆分得来的，空格可能没有留下痕迹，无法判断（${rule}）`,
    decoded: (where: string, rule: string) => `${where}：此规则已用来拆分连写的数字，不能再用来核对（${rule}）`,
    splitPass: (where: string, said: string, rule: string) => `${where}：${said}，一致，但这些数字是从连写中拆分得来的，不算核对（${rule}）`,
    shared: (cell: string, n: number) => `${cell} 一个数字同时影响 ${n} 项核对`,
    duplicate: (year: string, kept: string) => `${year}年：另有一个页面也是这一年的年报，表格不同；跨年核对用的是 ${kept}（${zhRules['series.duplicate']}）`,
    gap: (year: string) => `缺少 ${year} 年的年报，跨年核对无法进行（${zhRules['series.gap']}）`,
  },
};

const en: typeof zh = {
  inYear: (y: number) => `${y}`,
  find: {
    rowTotal: (sum: string, printed: string) => `the six applicant columns add up to ${sum}, the Total column says ${printed}`,
    resultsTotal: (sum: string, printed: string) => `the handling results add up to ${sum}, "(7) Total" says ${printed}`,
    reviewTotal: (sum: string, printed: string) => `the four outcomes add up to ${sum}, "Total" says ${printed}`,
    balance: ([a, b, c, d]: Nums, l: string, r: string) => `new ${a} + carried over ${b} = ${l}, handled ${c} + carried forward ${d} = ${r}`,
    carry: (y: number | null, l: string, r: string) => `${y ?? 'this year'} "carried over" is ${l}, ${y ? y - 1 : 'last year'} "carried forward" was ${r}`,
    inForce: (y: number | null, [a, b, c, d]: Nums, l: string, r: string) =>
      `${y ?? 'this year'} in force ${a} + repealed ${b} = ${l}, ${y ? y - 1 : 'last year'} in force ${c} + issued ${d} = ${r}`,
    generic: (l: string, r: string) => `one side is ${l}, the other ${r}`,
    agree: (page: string, file: string) => `the page says ${page}, the attachment ${file}`,
    agreeAll: (n: string) => `${n} cells the same on the page and in the attachment`,
    fails: (where: string, said: string, d: string, rule: string) => `${where}: ${said}, a difference of ${d} (${rule})`,
    passes: (where: string, said: string, rule: string) => `${where}: ${said}, they agree (${rule})`,
    blank: (where: string, cells: string[], said: string, d: string, rule: string) =>
      `${where}: the report leaves ${cells.join(', ')} blank; read as 0, ${said}, a difference of ${d}, so it cannot be judged (${rule})`,
    unreadable: (where: string, cells: string[], rule: string) => `${where}: ${cells.join(', ')} could not be read with certainty, so it cannot be judged (${rule})`,
    splitFail: (where: string, said: string, n: number, rule: string) =>
      `${where}: as the run-together digits were split, ${said}, but ${n} of them were split out by rule and an empty cell may have left no trace, so it cannot be judged (${rule})`,
    decoded: (where: string, rule: string) => `${where}: this rule was used to split run-together digits, so it cannot check them (${rule})`,
    splitPass: (where: string, said: string, rule: string) => `${where}: ${said}, they agree, but the digits were split out of a run, so this confirms nothing (${rule})`,
    shared: (cell: string, n: number) => `${cell}: one number affects ${n} checks`,
    duplicate: (year: string, kept: string) => `${year}: another page is also this year's report, with other tables; the checks across years use ${kept} (${enRules['series.duplicate']})`,
    gap: (year: string) => `no report for ${year}: the checks across years cannot run (${enRules['series.gap']})`,
  },
};

export type SentenceStrings = typeof zh & { rules: typeof zhRules };
/** The words of the sentences, for a UI that shows them beside its own (the panel's i18n). */
export const SENTENCE_STRINGS: Record<Lang, SentenceStrings> = { zh: { ...zh, rules: zhRules }, en: { ...en, rules: enRules } };

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
  const zhUi = ctx.lang === 'zh';
  const rowL = shortLabel(zhUi ? d.rowLabel : d.rowLabelEn);
  const colL = zhUi ? d.columnLabel : d.columnLabelEn;
  const where = table === 'applications' ? `${colL}·${rowL}` : `${rowL}·${colL}`;
  return year === null ? where : `${SENTENCE_STRINGS[ctx.lang].inYear(year)} ${where}`;
}

/** The row, column or group a check runs along, in the format's words. */
export function scopeLabel(ctx: FindingContext, c: Check): string {
  const tables = specOf(ctx.rec).tables;
  const zhUi = ctx.lang === 'zh';
  const pick = (o: { label: string; labelEn: string }) => shortLabel(zhUi ? o.label : o.labelEn);
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
  const f = SENTENCE_STRINGS[ctx.lang].find;
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
  const rules = SENTENCE_STRINGS[lang].rules;
  return Object.hasOwn(rules, id) ? rules[id as keyof typeof rules] : rules.generic;
}

/** One sentence per check: where, the numbers, the difference or the reason it cannot be judged, the rule. */
export function sentence(ctx: FindingContext, c: Check): string {
  // prose against table: the parser's words, the page's sentence quoted
  if (c.id.startsWith('narrative.')) return narrativeSentence(c, ctx.lang);
  const s = SENTENCE_STRINGS[ctx.lang];
  // a body's series as a whole: a second page of one year, a missing year (no cells, no sides)
  if (c.id === 'series.duplicate') return s.find.duplicate(c.scope, c.reports?.[0]?.url ?? '—');
  if (c.id === 'series.gap') return s.find.gap(c.scope);
  const where = scopeLabel(ctx, c);
  const rule = ruleWords(ctx.lang, c.id);
  const said = statement(ctx, c);
  switch (checkKind(ctx.rec, c)) {
    case 'fail':
    case 'soft':
      return s.find.fails(where, said, num(diff(c.left!, c.right!)), rule);
    case 'blank':
      return s.find.blank(where, c.assumed.map((p) => cellLabel(ctx, p)), said, num(diff(c.left!, c.right!)), rule);
    case 'unreadable': {
      const unreadable = c.cells.filter((p) => { const x = cellOf(ctx.rec, p, ctx.prev); return !x || (x.status !== 'ok' && x.status !== 'blank'); });
      return s.find.unreadable(where, unreadable.map((p) => cellLabel(ctx, p)), rule);
    }
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

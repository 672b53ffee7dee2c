/**
 * The official formats as data: tables, rows, columns, their identifiers, the label variants seen
 * on real pages, and the arithmetic rules (勾稽关系). Readers, checks, CSV headers and the
 * extension's panel all read this module; no label or rule is written anywhere else.
 *
 * Label patterns run on folded text (see normalize.ts): no whitespace, no quotes, half-width
 * digits and brackets, and 、．。 folded to '.'.
 */

export type FormatId = '2021' | '2019' | 'legacy' | 'unknown';
export type StandardFormat = '2021' | '2019';
export type TableKey = 'active' | 'applications' | 'review_litigation';
export const TABLE_KEYS: readonly TableKey[] = ['active', 'applications', 'review_litigation'];

export type ValueKind = 'count' | 'amount' | 'signed';

export interface ColumnDef {
  id: string;
  label: string;
  labelEn: string;
  kind: ValueKind;
  /** The unit the format fixes for the column's values (a value written in another is converted). */
  unit?: string;
}

export interface RowDef {
  id: string;
  label: string;
  labelEn: string;
  columns: readonly ColumnDef[];
}

export interface TableDef {
  key: TableKey;
  title: string;
  titleEn: string;
  rows: readonly RowDef[];
}

/** A cell of the record: `<table>.<row>.<column>`. */
export type CellPath = `${TableKey}.${string}.${string}`;

/**
 * One stretch of page text that holds values: the cells it fills, in page order, and the rules
 * that tie them (used to split digit runs). 表三 has one per row; 表四 is a single stretch of 15.
 */
export interface ValueLine {
  id: string;
  table: TableKey;
  cells: readonly { row: string; column: string }[];
  /** Index groups: the last index is the total of the others. */
  sums: readonly (readonly number[])[];
}

/** A label that can be found on the page, in template order. */
export interface AnchorDef {
  id: string;
  pattern: RegExp;
  /** Item numbers that may stand before the label (folded), absorbed so they are not read as digits. */
  prefixes?: readonly string[];
  /** The label alone is too common: only count it with one of its prefixes. */
  requirePrefix?: boolean;
  table?: TableKey;
  /** The value line whose text follows this anchor. */
  line?: string;
  weight?: number;
}

export interface Equation {
  check: CheckId;
  scope: string;
  left: readonly CellPath[];
  right: readonly CellPath[];
}

export interface FormatSpec {
  id: StandardFormat;
  tables: Record<TableKey, TableDef>;
  lines: readonly ValueLine[];
  anchors: readonly AnchorDef[];
  /** Header phrases that carry no value: removed from value text wherever they stand. */
  noise: readonly RegExp[];
  /** A 2021 report that kept the 2019 template's one （六）其他处理 row (FORMAT_2021_ONE_OTHER_ROW). */
  oneOtherRow?: boolean;
}

// ---------- shared pieces ----------

const count = (id: string, label: string, labelEn: string): ColumnDef => ({ id, label, labelEn, kind: 'count' });

const APPLICANT_COLUMNS: readonly ColumnDef[] = [
  count('natural_person', '自然人', 'Natural persons'),
  count('commercial_enterprise', '商业企业', 'Commercial enterprises'),
  count('research_institution', '科研机构', 'Research institutions'),
  count('social_welfare_org', '社会公益组织', 'Social welfare organisations'),
  count('legal_service_org', '法律服务机构', 'Legal service organisations'),
  count('other_org', '其他', 'Other organisations'),
  count('total', '总计', 'Total'),
];

const REVIEW_COLUMNS: readonly ColumnDef[] = [
  count('upheld', '结果维持', 'Upheld'),
  count('corrected', '结果纠正', 'Corrected'),
  count('other', '其他结果', 'Other result'),
  count('pending', '尚未审结', 'Pending'),
  count('total', '总计', 'Total'),
];

const CN_NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Item-number prefixes: `1.` `1、` `(1)` for digits, `(一)` `一、` for Chinese numerals. */
function itemPrefixes(n: number, style: 'digit' | 'paren-cn' | 'cn'): string[] {
  if (style === 'digit') return [`${n}.`, `(${n})`, `${n}`];
  const cn = CN_NUM[n - 1];
  if (style === 'paren-cn') return [`(${cn})`, `${cn}.`];
  return [`${cn}.`, `(${cn})`];
}

interface AppRow {
  id: string;
  label: string;
  labelEn: string;
  pattern: RegExp;
  prefixes: string[];
  requirePrefix?: boolean;
  /** group heading anchor that precedes this row (三、本年度办理结果, （三）不予公开 …) */
  heading?: AnchorDef;
}

const heading = (id: string, pattern: RegExp, prefixes: string[] = []): AnchorDef => ({
  id,
  pattern,
  prefixes,
  table: 'applications',
  weight: 4,
});

function applicationRows(format: StandardFormat, oneOtherRow = false): AppRow[] {
  const rows: AppRow[] = [
    { id: 'new_received', label: '一、本年新收政府信息公开申请数量', labelEn: 'I. New applications received this year', pattern: /本年新收(到)?(的)?政府信息公开申请(数量|数|件数)?/, prefixes: itemPrefixes(1, 'cn') },
    { id: 'carried_over', label: '二、上年结转政府信息公开申请数量', labelEn: 'II. Applications carried over from last year', pattern: /上年(度)?结转(的)?政府信息公开申请(数量|数|件数)?/, prefixes: itemPrefixes(2, 'cn') },
    { id: 'granted', label: '（一）予以公开', labelEn: '(1) Disclosed', pattern: /予以公开/, prefixes: itemPrefixes(1, 'paren-cn'),
      heading: heading('applications.h.results', /本年度?办理结果/, itemPrefixes(3, 'cn')) },
    { id: 'partially_granted', label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', labelEn: '(2) Partially disclosed', pattern: /部分公开(\([^)]{0,30}\))?/, prefixes: itemPrefixes(2, 'paren-cn') },
    { id: 'denied_state_secret', label: '（三）不予公开 1.属于国家秘密', labelEn: '(3) Not disclosed: 1. state secret', pattern: /属于国家秘密/, prefixes: itemPrefixes(1, 'digit'),
      heading: heading('applications.h.denied', /不予公开/, itemPrefixes(3, 'paren-cn')) },
    { id: 'denied_prohibited_by_law', label: '2.其他法律行政法规禁止公开', labelEn: '2. prohibited by other laws', pattern: /其他法律行政(法规)?禁?止公开/, prefixes: itemPrefixes(2, 'digit') },
    { id: 'denied_security_stability', label: '3.危及“三安全一稳定”', labelEn: '3. endangers security or stability', pattern: /危及三安全一稳定/, prefixes: itemPrefixes(3, 'digit') },
    { id: 'denied_third_party', label: '4.保护第三方合法权益', labelEn: "4. protects a third party's rights", pattern: /保护第三方合法权益/, prefixes: itemPrefixes(4, 'digit') },
    { id: 'denied_internal_affairs', label: '5.属于三类内部事务信息', labelEn: '5. internal affairs', pattern: /属于三类内部事务信息/, prefixes: itemPrefixes(5, 'digit') },
    { id: 'denied_process_information', label: '6.属于四类过程性信息', labelEn: '6. process information', pattern: /属于四类过程性信息/, prefixes: itemPrefixes(6, 'digit') },
    { id: 'denied_enforcement_files', label: '7.属于行政执法案卷', labelEn: '7. enforcement case files', pattern: /属于行政执法案卷/, prefixes: itemPrefixes(7, 'digit') },
    { id: 'denied_administrative_query', label: '8.属于行政查询事项', labelEn: '8. administrative query matters', pattern: /属于行政查询事项/, prefixes: itemPrefixes(8, 'digit') },
    { id: 'unable_not_held', label: '（四）无法提供 1.本机关不掌握相关政府信息', labelEn: '(4) Unable to provide: 1. not held', pattern: /本机关不掌握(相关)?(的)?政府信息/, prefixes: itemPrefixes(1, 'digit'),
      heading: heading('applications.h.unable', /无法提供/, itemPrefixes(4, 'paren-cn')) },
    { id: 'unable_needs_creation', label: '2.没有现成信息需要另行制作', labelEn: '2. would need to be created', pattern: /没有现成信息需要另行制作/, prefixes: itemPrefixes(2, 'digit') },
    { id: 'unable_unclear', label: '3.补正后申请内容仍不明确', labelEn: '3. unclear after correction', pattern: /补正后申请内容仍不明确/, prefixes: itemPrefixes(3, 'digit') },
    { id: 'rejected_petition', label: '（五）不予处理 1.信访举报投诉类申请', labelEn: '(5) Not processed: 1. petitions and complaints', pattern: /信访举报投诉类申请/, prefixes: itemPrefixes(1, 'digit'),
      heading: heading('applications.h.rejected', /不予处理/, itemPrefixes(5, 'paren-cn')) },
    { id: 'rejected_duplicate', label: '2.重复申请', labelEn: '2. duplicate applications', pattern: /重复申请/, prefixes: itemPrefixes(2, 'digit') },
    { id: 'rejected_publication', label: '3.要求提供公开出版物', labelEn: '3. requests for publications', pattern: /要求提供公开出版物/, prefixes: itemPrefixes(3, 'digit') },
    { id: 'rejected_excessive', label: '4.无正当理由大量反复申请', labelEn: '4. excessive repeated applications', pattern: /无正当理由大量反复申请/, prefixes: itemPrefixes(4, 'digit') },
    { id: 'rejected_confirmation', label: '5.要求行政机关确认或重新出具已获取信息', labelEn: '5. confirmation of information already held', pattern: /要求行政机关确认或重新出具已获取(的)?信息/, prefixes: itemPrefixes(5, 'digit') },
  ];
  if (format === '2021' && !oneOtherRow) {
    rows.push(
      { id: 'other_no_correction', label: '（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', labelEn: '(6) Other: 1. no correction in time', pattern: /申请人无正当理由逾期不补正([,.]?行政机关不再处理其政府信息公开申请)?/, prefixes: itemPrefixes(1, 'digit'),
        heading: heading('applications.h.other', /其他处理/, itemPrefixes(6, 'paren-cn')) },
      { id: 'other_fee_unpaid', label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', labelEn: '2. fee not paid in time', pattern: /申请人逾期未按收费通知要求缴纳费用([,.]?行政机关不再处理其政府信息公开申请)?/, prefixes: itemPrefixes(2, 'digit') },
      { id: 'other_other', label: '3.其他', labelEn: '3. other', pattern: /其他/, prefixes: ['3.', '(3)'], requirePrefix: true },
    );
  } else {
    rows.push({ id: 'other', label: '（六）其他处理', labelEn: '(6) Other handling', pattern: /其他处理/, prefixes: itemPrefixes(6, 'paren-cn') });
  }
  rows.push(
    { id: 'results_total', label: '（七）总计', labelEn: '(7) Total', pattern: /总计/, prefixes: itemPrefixes(7, 'paren-cn'), requirePrefix: true },
    { id: 'carried_forward', label: '四、结转下年度继续办理', labelEn: 'IV. Carried forward to next year', pattern: /结转下(一)?年度?继续办理/, prefixes: itemPrefixes(4, 'cn') },
  );
  return rows;
}

interface ActiveRowSpec {
  id: string;
  label: string;
  labelEn: string;
  pattern: RegExp;
  columns: readonly ColumnDef[];
  requirePrefix?: boolean;
}

function activeRows(format: StandardFormat): ActiveRowSpec[] {
  if (format === '2021') {
    const docs: ColumnDef[] = [
      count('issued', '本年制发件数', 'Issued this year'),
      count('repealed', '本年废止件数', 'Repealed this year'),
      count('in_force', '现行有效件数', 'In force'),
    ];
    const decisions = [count('decisions', '本年处理决定数量', 'Decisions this year')];
    return [
      { id: 'regulations', label: '规章', labelEn: 'Regulations', pattern: /规章/, columns: docs },
      { id: 'normative_documents', label: '行政规范性文件', labelEn: 'Normative documents', pattern: /(行政)?规范性文件/, columns: docs },
      { id: 'licensing', label: '行政许可', labelEn: 'Administrative licensing', pattern: /行政许可/, columns: decisions },
      { id: 'penalty', label: '行政处罚', labelEn: 'Administrative penalties', pattern: /行政处罚/, columns: decisions },
      { id: 'enforcement', label: '行政强制', labelEn: 'Administrative enforcement', pattern: /行政强制/, columns: decisions },
      { id: 'fees', label: '行政事业性收费', labelEn: 'Administrative fees', pattern: /行政事业性收费/,
        columns: [{ id: 'amount', label: '本年收费金额（单位：万元）', labelEn: 'Fees collected (10k yuan)', kind: 'amount', unit: '万元' }] },
    ];
  }
  const docs: ColumnDef[] = [
    count('new_made', '本年新制作数量', 'Newly made'),
    count('new_published', '本年新公开数量', 'Newly published'),
    count('total_published', '对外公开总数量', 'Total published'),
  ];
  const items: ColumnDef[] = [
    count('prev_items', '上一年项目数量', 'Items last year'),
    { id: 'change', label: '本年增/减', labelEn: 'Change this year', kind: 'signed' },
    count('decisions', '处理决定数量', 'Decisions'),
  ];
  return [
    { id: 'regulations', label: '规章', labelEn: 'Regulations', pattern: /规章/, columns: docs },
    { id: 'normative_documents', label: '规范性文件', labelEn: 'Normative documents', pattern: /(行政)?规范性文件/, columns: docs },
    { id: 'licensing', label: '行政许可', labelEn: 'Administrative licensing', pattern: /行政许可/, columns: items },
    { id: 'other_services', label: '其他对外管理服务事项', labelEn: 'Other public services', pattern: /其他对外管理服务事项/, columns: items },
    { id: 'penalty', label: '行政处罚', labelEn: 'Administrative penalties', pattern: /行政处罚/, columns: items },
    { id: 'enforcement', label: '行政强制', labelEn: 'Administrative enforcement', pattern: /行政强制/, columns: items },
    { id: 'fees', label: '行政事业性收费', labelEn: 'Administrative fees', pattern: /行政事业性收费/, columns: items.slice(0, 2) },
    { id: 'procurement', label: '政府集中采购', labelEn: 'Centralised procurement', pattern: /政府集中采购/,
      columns: [count('items', '采购项目数量', 'Procurement items'), { id: 'amount', label: '采购总金额', labelEn: 'Procurement amount', kind: 'amount' }] },
  ];
}

const REVIEW_GROUPS = [
  { id: 'review', label: '行政复议', labelEn: 'Administrative review' },
  { id: 'litigation_direct', label: '行政诉讼·未经复议直接起诉', labelEn: 'Litigation without prior review' },
  { id: 'litigation_after_review', label: '行政诉讼·复议后起诉', labelEn: 'Litigation after review' },
] as const;

/** One format's spec, built from its rows: the tables, the value lines, the labels to find, the noise. */
function buildFormat(id: StandardFormat, oneOtherRow = false): FormatSpec {
  const act = activeRows(id);
  const app = applicationRows(id, oneOtherRow);
  const spec: FormatSpec = { id, tables: buildTables(act, app), lines: buildLines(act, app), anchors: buildAnchors(act, app), noise: buildNoise(id) };
  if (oneOtherRow) spec.oneOtherRow = true;
  return spec;
}

function buildTables(act: ActiveRowSpec[], app: AppRow[]): Record<TableKey, TableDef> {
  const tables: Record<TableKey, TableDef> = {
    active: {
      key: 'active', title: '主动公开政府信息情况', titleEn: 'Proactive disclosure',
      rows: act.map(({ id: rid, label, labelEn, columns }) => ({ id: rid, label, labelEn, columns })),
    },
    applications: {
      key: 'applications', title: '收到和处理政府信息公开申请情况', titleEn: 'Applications received and handled',
      rows: app.map(({ id: rid, label, labelEn }) => ({ id: rid, label, labelEn, columns: APPLICANT_COLUMNS })),
    },
    review_litigation: {
      key: 'review_litigation', title: '政府信息公开行政复议、行政诉讼情况', titleEn: 'Administrative review and litigation',
      rows: REVIEW_GROUPS.map((g) => ({ ...g, columns: REVIEW_COLUMNS })),
    },
  };
  return tables;
}

/** The lines of values that follow a row label: one per row of 表二 and 表三, one for all of 表四. */
function buildLines(act: ActiveRowSpec[], app: AppRow[]): ValueLine[] {
  const lines: ValueLine[] = [
    ...act.map((r) => ({
      id: `active.${r.id}`, table: 'active' as const,
      cells: r.columns.map((c) => ({ row: r.id, column: c.id })), sums: [],
    })),
    ...app.map((r) => ({
      id: `applications.${r.id}`, table: 'applications' as const,
      cells: APPLICANT_COLUMNS.map((c) => ({ row: r.id, column: c.id })),
      sums: [[0, 1, 2, 3, 4, 5, 6]],
    })),
    {
      id: 'review_litigation', table: 'review_litigation',
      cells: REVIEW_GROUPS.flatMap((g) => REVIEW_COLUMNS.map((c) => ({ row: g.id, column: c.id }))),
      sums: [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [10, 11, 12, 13, 14]],
    },
  ];
  return lines;
}

/** The labels to find on the page, in page order: section headings, row labels, column headers. */
function buildAnchors(act: ActiveRowSpec[], app: AppRow[]): AnchorDef[] {
  const anchors: AnchorDef[] = [
    { id: 'section.active', pattern: /主动公开政府信息(的)?情况/, prefixes: itemPrefixes(2, 'cn'), weight: 3 },
  ];
  for (const r of act) anchors.push({ id: `active.row.${r.id}`, pattern: r.pattern, table: 'active', line: `active.${r.id}`, weight: 10 });
  anchors.push({ id: 'section.applications', pattern: /收到和处理政府信息公开申请(的)?情况/, prefixes: itemPrefixes(3, 'cn'), weight: 3 });
  const col = (cid: string, pattern: RegExp): AnchorDef => ({ id: `applications.col.${cid}`, pattern, table: 'applications', weight: 4 });
  anchors.push(
    col('applicant', /申请人情况/),
    col('natural_person', /自然人/),
    col('organisations', /法人或(者)?其他组织/),
    col('total_early', /总计/),
    col('commercial_enterprise', /商业企业/),
    col('research_institution', /科研机构/),
    col('social_welfare_org', /社会公益组织/),
    col('legal_service_org', /法律服务机构/),
    col('other_org', /其他/),
    col('total_late', /总计/),
  );
  for (const r of app) {
    if (r.heading) anchors.push(r.heading);
    anchors.push({
      id: `applications.row.${r.id}`, pattern: r.pattern, prefixes: r.prefixes, requirePrefix: r.requirePrefix,
      table: 'applications', line: `applications.${r.id}`, weight: 10,
    });
  }
  const rl = (aid: string, pattern: RegExp, weight = 4): AnchorDef => ({
    id: `review_litigation.${aid}`, pattern, table: 'review_litigation', line: 'review_litigation', weight,
  });
  anchors.push(
    { id: 'section.review_litigation', pattern: /(政府信息公开|申请)?(提起)?行政法?复议.{0,12}行政诉讼(的)?情况/, prefixes: itemPrefixes(4, 'cn'), table: 'review_litigation', weight: 3 },
    rl('h.review', /行政法?复议/),
    rl('h.litigation', /行政诉讼/),
  );
  const groupHeads: Record<string, RegExp | null> = {
    review: null,
    litigation_direct: /未经复议直接起诉/,
    litigation_after_review: /复议后起诉/,
  };
  // Page order of 表四's header: the review group's five columns, then the two litigation
  // group headings, then their five columns each.
  for (const c of REVIEW_COLUMNS) anchors.push(rl(`review.${c.id}`, reviewColumnPattern(c.id)));
  anchors.push(rl('h.litigation_direct', groupHeads.litigation_direct!), rl('h.litigation_after_review', groupHeads.litigation_after_review!));
  for (const g of ['litigation_direct', 'litigation_after_review']) {
    for (const c of REVIEW_COLUMNS) anchors.push(rl(`${g}.${c.id}`, reviewColumnPattern(c.id)));
  }
  anchors.push(
    { id: 'section.problems', pattern: /存在的?主要问题(及|和)?改进情况/, prefixes: itemPrefixes(5, 'cn'), weight: 3 },
    { id: 'section.other', pattern: /其他需要报告的事项|其它需要报告的(事项|情况)/, prefixes: itemPrefixes(6, 'cn'), weight: 2 },
  );
  return anchors;
}

function buildNoise(id: StandardFormat): RegExp[] {
  const noise: RegExp[] = [
    /第二十条第\([一二三四五六七八九十]+\)项/,
    /信息内容/,
    /\(?本列数据的勾稽关系为[^)]{0,40}\)?/,
    /(本年)?(单位:?)?(万元)?\)/,
    ...(id === '2021'
      ? [/本年制发件数/, /本年废止件数/, /现行有效件?数?/, /本年处理决定数量?/, /本年收费金额(\(单位:?万元\))?/]
      : [/本年新制?作数量?/, /本年新公开数量?/, /对外公开总数量?/, /上一年项目数量?/, /本年增\/?减?/, /处理决定数量?/, /采购项目数量?/, /采购总金额/]),
    /申请人情况/, /法人或(者)?其他组织/, /本年度?办理结果/,
  ];
  return noise;
}

function reviewColumnPattern(column: string): RegExp {
  switch (column) {
    case 'upheld': return /结果维持/;
    case 'corrected': return /结果纠正/;
    case 'other': return /其他结果/;
    case 'pending': return /尚未审结/;
    default: return /总计/;
  }
}

export const FORMATS: Record<StandardFormat, FormatSpec> = {
  '2021': buildFormat('2021'),
  '2019': buildFormat('2019'),
};

/**
 * The 2021 format as some templates print it: the 2021 headings with the 2019 table's one
 * （六）其他处理 row (`other`) in place of its three sub-rows, which such a record does not hold.
 */
export const FORMAT_2021_ONE_OTHER_ROW: FormatSpec = buildFormat('2021', true);

/** Whether a record's 表三 is the 2021 format with one （六）其他处理 row. */
export function hasOneOtherRow(format: string, tables: { applications?: Record<string, unknown> }): boolean {
  return format === '2021' && tables.applications?.other !== undefined;
}

/** The rules of the report format (../shared/spec/report-format.md, outside this repo) that one report allows, as equations over record cells. */
const equationCache = new Map<string, Equation[]>();

export function equations(format: StandardFormat, hasTotalColumn = true, oneOtherRow = false): Equation[] {
  const key = `${format}|${hasTotalColumn}|${oneOtherRow && format === '2021'}`;
  let eqs = equationCache.get(key);
  if (!eqs) equationCache.set(key, (eqs = buildEquations(oneOtherRow && format === '2021' ? FORMAT_2021_ONE_OTHER_ROW : FORMATS[format], hasTotalColumn)));
  return eqs;
}

function buildEquations(spec: FormatSpec, hasTotalColumn: boolean): Equation[] {
  const out: Equation[] = [];
  const app = spec.tables.applications;
  const cols = APPLICANT_COLUMNS.map((c) => c.id);
  const parts = cols.slice(0, 6);
  if (hasTotalColumn) {
    for (const row of app.rows) {
      out.push({
        check: 'applications.row_total', scope: row.id,
        left: [`applications.${row.id}.total`],
        right: parts.map((c) => `applications.${row.id}.${c}` as CellPath),
      });
    }
  }
  const resultRows = app.rows.map((r) => r.id).filter((r) => RESULT_ROW.test(r));
  for (const c of hasTotalColumn ? cols : parts) {
    out.push({
      check: 'applications.results_total', scope: c,
      left: [`applications.results_total.${c}`],
      right: resultRows.map((r) => `applications.${r}.${c}` as CellPath),
    });
  }
  for (const c of hasTotalColumn ? cols : parts) {
    out.push({
      check: 'applications.balance', scope: c,
      left: [`applications.new_received.${c}`, `applications.carried_over.${c}`],
      right: [`applications.results_total.${c}`, `applications.carried_forward.${c}`],
    });
  }
  for (const g of REVIEW_GROUPS) {
    out.push({
      check: 'review_litigation.total', scope: g.id,
      left: [`review_litigation.${g.id}.total`],
      right: ['upheld', 'corrected', 'other', 'pending'].map((c) => `review_litigation.${g.id}.${c}` as CellPath),
    });
  }
  return out;
}

/** Rows of 表三 that add up to （七）总计. */
const RESULT_ROW = /^(granted|partially_granted|denied_|unable_|rejected_|other)/;

/**
 * Checks over a body's run of years: two need two consecutive reports (parser/checks/series.ts);
 * the scraper's series rows add a missing year (`gap`) and a year reported twice (`duplicate`).
 */
export const SERIES_CHECKS = {
  carry: 'series.carry',
  inForce: 'series.in_force',
  gap: 'series.gap',
  duplicate: 'series.duplicate',
} as const satisfies Record<string, CheckId>;

/**
 * Every check id a record may hold, said once: an equation or a series row with another id fails
 * type-checking. (Strings, not SERIES_CHECKS' fields, so that a bundle that needs neither drops both.)
 */
export const CHECK_IDS = [
  'applications.row_total',
  'applications.results_total',
  'applications.balance',
  'review_litigation.total',
  'series.carry',
  'series.in_force',
  'series.gap',
  'series.duplicate',
  /** a page's tables against its report file's (parser/checks/agree.ts) */
  'source.agree',
  'narrative.new_received',
  'narrative.carried_over',
  'narrative.granted',
  'narrative.granted_or_partial',
  'narrative.partially_granted',
  'narrative.denied',
  'narrative.carried_forward',
  'narrative.review',
  'narrative.litigation',
  'narrative.normative_in_force',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/**
 * Soft checks: a `fail` is a finding to look at, never a hard failure of the report — series.in_force
 * (a cleanup of documents legitimately breaks it) and narrative.* (prose may count another scope).
 */
export function isSoftCheck(c: { id: string; soft?: boolean }): boolean {
  return c.soft === true || c.id === 'series.in_force' || c.id.startsWith('narrative.');
}

export const APPLICANT_COLUMN_IDS = APPLICANT_COLUMNS.map((c) => c.id);

/** Labels for a cell path, for CSV and display. */
export function describeCell(format: StandardFormat, table: TableKey, row: string, column: string) {
  const r = FORMATS[format].tables[table].rows.find((x) => x.id === row) ?? (format === '2021' ? FORMAT_2021_ONE_OTHER_ROW.tables[table].rows.find((x) => x.id === row) : undefined);
  const c = r?.columns.find((x) => x.id === column);
  return { rowLabel: r?.label ?? row, rowLabelEn: r?.labelEn ?? row, columnLabel: c?.label ?? column, columnLabelEn: c?.labelEn ?? column, kind: c?.kind ?? 'count' };
}

/**
 * Table-driven: the variants real reports use (issue 12), one small page of our own per case
 * (tests/variants/build.ts), with the cells, checks and identity each must give. Every record
 * also keeps every promise the fuzz suite checks (tests/fuzz/invariants.ts): a `fail` only where
 * no value of the blanks and no reading of the digits repairs the rule.
 */
import { describe, expect, it } from 'vitest';
import { parseReport, type ReportRecord } from '../parser/index.js';
import { verifyRecord } from './fuzz/invariants.js';
import { htmlPage, textPage, type Row } from './variants/build.js';

interface Case {
  /** the issue's item */
  item: number;
  name: string;
  page: string;
  cells?: Record<string, number | null>;
  statuses?: Record<string, string>;
  raws?: Record<string, string>;
  /** the unit kept beside the value */
  units?: Record<string, string>;
  /** `check id|scope` → status */
  checks?: Record<string, 'pass' | 'fail' | 'uncertain'>;
  notes?: Record<string, RegExp>;
  meta?: Partial<Pick<ReportRecord, 'entity' | 'year' | 'publishedAt' | 'format'>> & { publishedAtSource?: unknown };
  /** rows the record must not hold at all (absent, not missing) */
  absentRows?: string[];
  /** a pattern the entity must not match */
  notEntity?: RegExp;
  /** issue codes (with path) the record must hold, and must not */
  issues?: string[];
  noIssues?: string[];
}

/** A 表三 row with its number in 自然人 (and 其他), other applicant columns given as `rest`. */
const np = (n: number | string, total: number | string, rest: number | string = ''): Row => [n, rest, rest, rest, rest, rest, total];
/** A 表三 row with every zero written. */
const z = (n: number, total = n, other = 0): Row => [n, 0, 0, 0, 0, other, total];
const runTogether = (r: Row) => r.join('');
/** Every cell two lines after the one before, a blank an empty line; three lines to the next row. */
const onGrid = (r: Row) => `\n\n${r.map(String).join('\n\n')}\n\n\n`;
/** One cell per line, runs of identical lines collapsed into one. */
const mergedLines = (r: Row) => `\n${r.filter((x, i) => i === 0 || x !== r[i - 1]).join('\n')}\n`;

const CASES: Case[] = [
  {
    item: 1, name: 'blanks beside a printed number that already exceeds the total: fail; blanks that could repair: uncertain',
    page: htmlPage({ app: { new_received: np(30, 30), granted: np(27, 26), partially_granted: np(3, ''), results_total: np(30, 30) } }),
    checks: {
      'applications.row_total|granted': 'fail',
      'applications.row_total|partially_granted': 'uncertain',
      'applications.results_total|total': 'uncertain',
      'applications.results_total|natural_person': 'pass',
      'applications.balance|total': 'pass',
    },
    notes: {
      'applications.row_total|granted': /26 ≠ 27.*no value ≥ 0 of its blank cells repairs it/,
      'applications.row_total|partially_granted': /a value of them could repair it/,
    },
  },
  {
    item: 1, name: 'blanks on the left side of the balance, its printed cells already larger: fail',
    page: htmlPage({ app: { new_received: [0, 5, '', '', '', '', 5], carried_over: [0, '', '', '', '', '', ''], results_total: [0, 2, '', '', '', '', 2], carried_forward: [0, 1, '', '', '', '', 1], granted: [0, 2, '', '', '', '', 2] } }),
    checks: { 'applications.balance|commercial_enterprise': 'fail', 'applications.balance|total': 'fail', 'applications.balance|natural_person': 'pass' },
    notes: { 'applications.balance|commercial_enterprise': /5 ≠ 3.*left side already exceed/ },
  },
  {
    item: 1, name: 'blanks on both sides of a broken rule: uncertain',
    page: htmlPage({ app: { new_received: [4, '', '', '', '', '', 4], carried_over: ['', '', '', '', '', '', ''], results_total: [1, '', '', '', '', '', 1], carried_forward: ['', '', '', '', '', '', ''], granted: [1, '', '', '', '', '', 1] } }),
    checks: { 'applications.balance|natural_person': 'uncertain' },
  },
  {
    item: 1, name: 'run-together digits whose every reading breaks the results rule the same way: fail (the sub-rows add up to more than （七）总计)',
    page: textPage({ app: { new_received: z(20, 21, 1), granted: z(6, 7, 1), partially_granted: z(6), unable_not_held: z(4), unable_unclear: z(3), rejected_duplicate: z(3), other_other: z(4), results_total: z(20, 21, 1) } }, runTogether),
    cells: { 'applications.results_total.natural_person': 20, 'applications.granted.natural_person': 6 },
    checks: { 'applications.results_total|natural_person': 'fail', 'applications.results_total|total': 'fail', 'applications.balance|natural_person': 'pass' },
    notes: { 'applications.results_total|natural_person': /20 ≠ 26 as read; every reading of the run-together digits/ },
  },
  {
    item: 1, name: 'the same numbers with every row consistent: no fail (the bounds never make a consistent page fail)',
    page: textPage({ app: { new_received: z(26, 27, 1), granted: z(6, 7, 1), partially_granted: z(6), unable_not_held: z(4), unable_unclear: z(3), rejected_duplicate: z(3), other_other: z(4), results_total: z(26, 27, 1) } }, runTogether),
    checks: { 'applications.results_total|natural_person': 'pass', 'applications.results_total|total': 'pass' },
  },
  {
    item: 2, name: 'a 2021 report with one （六）其他处理 row: read as `other`, the results rule adds it, the sub-rows absent',
    page: htmlPage({ oneOtherRow: true, app: { new_received: z(5, 6, 1), granted: z(2), other: z(3, 4, 1), results_total: z(5, 6, 1) } }),
    meta: { format: '2021' },
    cells: { 'applications.other.natural_person': 3, 'applications.other.total': 4 },
    checks: { 'applications.results_total|natural_person': 'pass', 'applications.results_total|total': 'pass', 'applications.row_total|other': 'pass' },
    absentRows: ['applications.other_no_correction', 'applications.other_fee_unpaid', 'applications.other_other'],
    issues: ['ONE_OTHER_ROW applications.other'],
    noIssues: ['ROW_NOT_FOUND'],
  },
  {
    item: 2, name: 'the same run together; a report whose one row breaks the results rule fails it',
    page: textPage({ oneOtherRow: true, app: { new_received: z(5, 6, 1), granted: z(2), other: z(4, 5, 1), results_total: z(5, 6, 1) } }, runTogether),
    cells: { 'applications.other.natural_person': 4 },
    checks: { 'applications.results_total|natural_person': 'fail', 'applications.results_total|total': 'fail' },
    issues: ['ONE_OTHER_ROW applications.other'],
  },
  {
    item: 2, name: 'a 2021 report with its three sub-rows has no `other` row',
    page: htmlPage({ app: { other_other: z(1), new_received: z(1), results_total: z(1) } }),
    cells: { 'applications.other_other.natural_person': 1 },
    absentRows: ['applications.other'],
    noIssues: ['ONE_OTHER_ROW'],
  },
  {
    item: 3, name: 'one cell per line, a blank cell an empty line on a regular grid: placed, blanks included',
    page: textPage({ app: { new_received: [3, '', '', '', '', 1, 4], granted: [3, '', '', '', '', 1, 4], results_total: [3, '', '', '', '', 1, 4] } }, onGrid),
    cells: { 'applications.new_received.natural_person': 3, 'applications.new_received.other_org': 1, 'applications.new_received.total': 4, 'applications.results_total.total': 4 },
    statuses: { 'applications.new_received.commercial_enterprise': 'blank', 'applications.granted.legal_service_org': 'blank' },
    checks: { 'applications.row_total|granted': 'pass', 'applications.results_total|other_org': 'pass', 'applications.balance|total': 'pass' },
    issues: ['BLANKS_FROM_LINES applications.granted'],
    noIssues: ['CELLS_MISSING'],
  },
  {
    item: 3, name: 'the same rows without their empty lines (blanks vanished, rows spaced): not regular, not read',
    page: textPage({ app: { new_received: [3, '', '', '', '', 1, 4], granted: [3, '', '', '', '', 1, 4], results_total: [3, '', '', '', '', 1, 4] } }, (r) => `\n${r.filter((x) => x !== '').join('\n')}\n\n`),
    statuses: { 'applications.new_received.natural_person': 'ambiguous' },
    issues: ['CELLS_MISSING applications.new_received'],
    noIssues: ['BLANKS_FROM_LINES'],
  },
  {
    item: 4, name: 'runs of identical lines merged: 3 / 0 / 3 rebuilt as 3 0 0 0 0 0 3 where the rule allows one way, an all-zero row from one 0',
    page: textPage({ app: { new_received: [3, 0, 0, 0, 0, 1, 4], granted: [2, 0, 0, 0, 0, 1, 3], partially_granted: [1, 0, 0, 0, 0, 0, 1], results_total: [3, 0, 0, 0, 0, 1, 4] }, review: [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] }, mergedLines),
    cells: { 'applications.new_received.natural_person': 3, 'applications.new_received.research_institution': 0, 'applications.new_received.other_org': 1, 'applications.new_received.total': 4, 'applications.carried_over.total': 0, 'applications.partially_granted.total': 1, 'review_litigation.review.total': 1, 'review_litigation.litigation_direct.upheld': 0 },
    checks: { 'applications.results_total|natural_person': 'pass', 'applications.balance|total': 'pass', 'review_litigation.total|review': 'pass' },
    issues: ['ROWS_MERGED applications.new_received', 'ROWS_MERGED review_litigation'],
  },
  {
    item: 4, name: 'merged lines that the rule spreads in two ways: not read',
    page: textPage({ app: { new_received: [3, 0, 0, 0, 0, 1, 4], granted: [2, 0, 0, 0, 0, 1, 3], partially_granted: [1, 0, 0, 0, 0, 0, 1], unable_not_held: [1, 0, 1, 0, 0, 0, 2], results_total: [3, 0, 0, 0, 0, 1, 4] } }, mergedLines),
    statuses: { 'applications.unable_not_held.natural_person': 'ambiguous' },
    cells: { 'applications.new_received.natural_person': 3 },
  },
  {
    item: 4, name: 'an ordinary one-cell-per-line page (its zeros repeat) is not taken for a merged one',
    page: textPage({ app: { new_received: [3, 0, 0, 0, 0, 1, 4], granted: [2, 0, 0, 0, 0, 1, 3], results_total: [3, 0, 0, 0, 0, 1, 4] } }, (r) => `\n${r.join('\n')}\n`),
    cells: { 'applications.new_received.total': 4 },
    noIssues: ['ROWS_MERGED', 'BLANKS_FROM_LINES'],
  },
  {
    item: 5, name: 'printed typos: 其他法律行政止公开 (a row), 本年新作数量 (a 2019 column header)',
    page: htmlPage({ labels: { denied_prohibited_by_law: '2.其他法律行政止公开' }, app: { denied_prohibited_by_law: z(2), new_received: z(2) , results_total: z(2) } }),
    cells: { 'applications.denied_prohibited_by_law.natural_person': 2, 'applications.denied_state_secret.total': 0 },
    noIssues: ['ROW_NOT_FOUND', 'EXTRA_VALUES'],
  },
  {
    item: 5, name: 'headings and labels already read: the 2019 表四 heading in a 2021 report, half-width brackets, labels broken over lines',
    page: textPage({
      reviewHeading: '四、因政府信息公开工作被申请行政复议、提起行政诉讼情况',
      labels: { granted: '(一)予以公开', partially_granted: '(二)部分公开(区分处理的,只计这一情形,不计其他情形)', denied_state_secret: '(三)不予公开\n1.\n属于国家秘密', denied_security_stability: '3.危及\n“\n三安全一稳定\n”' },
      app: { new_received: z(5), granted: z(2), partially_granted: z(1), denied_state_secret: z(1), denied_security_stability: z(1), results_total: z(5) },
      review: [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    }, (r) => `\n${r.join('\n')}`),
    cells: { 'applications.granted.natural_person': 2, 'applications.denied_state_secret.total': 1, 'applications.denied_security_stability.natural_person': 1, 'review_litigation.review.upheld': 1 },
    checks: { 'applications.results_total|natural_person': 'pass', 'review_litigation.total|review': 'pass' },
    noIssues: ['ROW_NOT_FOUND', 'TABLE_NOT_FOUND'],
  },
  {
    item: 5, name: 'a stray later section heading (四、…行政复议、行政诉讼情况) printed before 表三: the tables are still read',
    page: htmlPage({ app: { new_received: z(2), granted: z(2), results_total: z(2) } }).replace('<p>三、收到和处理', '<p>四、政府信息公开行政复议、行政诉讼情况</p><p>五、存在的主要问题及改进情况</p><p>三、收到和处理'),
    cells: { 'applications.new_received.total': 2, 'applications.granted.natural_person': 2, 'review_litigation.review.total': 0 },
    checks: { 'applications.balance|total': 'pass' },
    noIssues: ['ROW_NOT_FOUND', 'TABLE_NOT_FOUND'],
  },
  {
    item: 6, name: '表四 as one sentence: 15 cells 0 with status note, the sentence as raw',
    page: htmlPage({ review: '本年度未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。' }),
    cells: { 'review_litigation.review.upheld': 0, 'review_litigation.litigation_after_review.total': 0 },
    statuses: { 'review_litigation.review.total': 'note', 'review_litigation.litigation_direct.pending': 'note' },
    raws: { 'review_litigation.review.total': '本年度未发生因政府信息公开被申请行政复议、提起行政诉讼的情况' },
    issues: ['REVIEW_AS_SENTENCE review_litigation'],
    noIssues: ['TABLE_NOT_FOUND'],
  },
  {
    item: 6, name: 'the sentence in a text page, under the 2019 heading',
    page: textPage({ review: '2022年度，我镇没有因政府信息公开申请行政复议、提起行政诉讼的情况。', reviewHeading: '四、因政府信息公开工作被申请行政复议、提起行政诉讼情况' }),
    statuses: { 'review_litigation.review.total': 'note' },
    issues: ['REVIEW_AS_SENTENCE review_litigation'],
  },
  {
    item: 6, name: 'a sentence that says there were cases is no table: 表四 not found',
    page: htmlPage({ review: '本年度发生因政府信息公开被申请行政复议2起、提起行政诉讼1起。' }),
    statuses: { 'review_litigation.review.total': 'missing' },
    issues: ['TABLE_NOT_FOUND review_litigation'],
  },
  {
    item: 7, name: 'no title: the opening sentence names the body and the report',
    page: textPage({ title: '', before: '根据《中华人民共和国政府信息公开条例》规定，现公布河北省青禾厅2023年政府信息公开工作年度报告。本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。' }),
    meta: { entity: '河北省青禾厅', year: 2023, format: '2021' },
  },
  {
    item: 7, name: 'no title, the body says 我厅: no name, the year from 统计期限',
    page: textPage({ title: '', before: '我厅认真贯彻落实《中华人民共和国政府信息公开条例》，编制了本报告。本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。' }),
    meta: { entity: null, year: 2023 },
  },
  {
    item: 7, name: 'a year broken over lines (20 / 20年…) is read from 统计期限, never as the body',
    page: textPage({ format: '2019', title: '青禾县20\n20年政府信息公开工作年度报告', before: '本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。' }),
    meta: { year: 2020, format: '2019' },
    notEntity: /^\d|年/,
  },
  {
    item: 8, name: '2019 本年增/减 with its sign (+1, -15, a typographic −2); 采购总金额 keeps the unit the page wrote',
    page: htmlPage({ format: '2019', active: { licensing: [10, '+1', 5], penalty: [20, '-15', 3], fees: [3, '−2'], procurement: [4, '251000元'] } }),
    cells: { 'active.licensing.change': 1, 'active.penalty.change': -15, 'active.fees.change': -2, 'active.procurement.amount': 251000 },
    statuses: { 'active.fees.change': 'ok' },
    noIssues: ['UNIT_CONVERTED'],
  },
  {
    item: 8, name: 'the same as one cell per line',
    page: textPage({ format: '2019', active: { licensing: [10, '+1', 5], penalty: [20, '-15', 3], fees: [3, '−2'] } }, (r) => `\n${r.join('\n')}`),
    cells: { 'active.licensing.change': 1, 'active.penalty.change': -15, 'active.fees.change': -2 },
  },
  {
    item: 8, name: 'run together: 35-15 is 35 and −15; 12-15 may leave 本年增/减 −1 or −15 (an empty cell that left no trace): not read',
    page: textPage({ format: '2019', active: { fees: [35, '-15'], licensing: [12, '-1', 5], penalty: [2648, '-18', 538] } }, runTogether),
    cells: { 'active.fees.prev_items': 35, 'active.fees.change': -15, 'active.licensing.prev_items': 12, 'active.penalty.prev_items': 2648 },
    statuses: { 'active.licensing.change': 'ambiguous', 'active.licensing.decisions': 'ambiguous', 'active.penalty.change': 'ambiguous' },
    raws: { 'active.fees.change': '-15' },
  },
  {
    item: 8, name: '2021 收费金额 in 元 is converted to the column’s 万元, the unit kept',
    page: htmlPage({ active: { fees: ['251000元'] } }),
    cells: { 'active.fees.amount': 25.1 },
    units: { 'active.fees.amount': '元' },
    issues: ['UNIT_CONVERTED active.fees.amount'],
  },
  {
    item: 8, name: '2021 收费金额 in 万元 stays as written',
    page: htmlPage({ active: { fees: ['225253.168万元'] } }),
    cells: { 'active.fees.amount': 225253.168 },
    units: { 'active.fees.amount': '万元' },
    noIssues: ['UNIT_CONVERTED'],
  },
  {
    item: 9, name: "a saved page in a crawler's wrapper: the article's 公开日期, not the later 采集时间 or the site header's today",
    page: htmlPage({
      before: '<div class="wrapper"><div>标题：青禾镇2022年政府信息公开工作年度报告</div><div>采集时间：2025-12-30T21:37:37+08:00</div></div>'
        + '<div class="top"><span id="utime">2025年12月30日 星期二</span></div>'
        + '<table class="meta"><tr><td>发布机构</td><td>青禾镇人民政府</td><td>公开日期</td><td><publishtime>2023-01-17</publishtime></td></tr></table>',
    }),
    meta: { publishedAt: '2023-01-17', publishedAtSource: { kind: 'label', key: '公开日期' } },
  },
  {
    item: 9, name: 'a <meta> date comes first and says so; a page with only wrapper dates has none',
    page: htmlPage({ before: '<div>更新时间：2025-01-01</div>' }).replace('<head>', '<head><meta name="PubDate" content="2023-02-01 09:30">'),
    meta: { publishedAt: '2023-02-01', publishedAtSource: { kind: 'meta', key: 'pubdate' } },
  },
  {
    item: 9, name: 'only dates that are not the article’s: none',
    page: htmlPage({ before: '<div>采集时间：2025-12-30</div><div>页面生成时间：2024-05-28 15:46:43</div>' }),
    meta: { publishedAt: null, publishedAtSource: null },
  },
];

describe.each(CASES)('item $item: $name', (c) => {
  const rec = parseReport(c.page, { file: 'variant' });

  it('keeps every promise of the record', () => {
    verifyRecord(rec);
  });

  it('reads the expected cells and identity', () => {
    for (const [path, v] of Object.entries(c.cells ?? {})) expect(cellAt(rec, path)?.value, path).toBe(v);
    for (const [path, s] of Object.entries(c.statuses ?? {})) expect(cellAt(rec, path)?.status, path).toBe(s);
    for (const [path, u] of Object.entries(c.units ?? {})) expect(cellAt(rec, path)?.unit, path).toBe(u);
    for (const [path, r] of Object.entries(c.raws ?? {})) expect(cellAt(rec, path)?.raw, path).toBe(r);
    for (const [k, v] of Object.entries(c.meta ?? {})) expect((rec as unknown as Record<string, unknown>)[k], k).toEqual(v);
    for (const path of c.absentRows ?? []) {
      const [t, r] = path.split('.');
      expect((rec.tables as Record<string, Record<string, unknown>>)[t]?.[r], path).toBeUndefined();
    }
    if (c.notEntity) expect(rec.entity ?? '').not.toMatch(c.notEntity);
  });

  it('gives the expected checks', () => {
    for (const [key, status] of Object.entries(c.checks ?? {})) expect(checkOf(rec, key)?.status, key).toBe(status);
    for (const [key, re] of Object.entries(c.notes ?? {})) expect(checkOf(rec, key)?.note, key).toMatch(re);
  });

  it('says what it met', () => {
    const codes = rec.issues.map((i) => (i.path ? `${i.code} ${i.path}` : i.code));
    for (const code of c.issues ?? []) expect(codes, code).toContain(code);
    for (const code of c.noIssues ?? []) expect(codes.filter((x) => x.startsWith(code)), code).toEqual([]);
  });
});

function cellAt(rec: ReportRecord, path: string) {
  const [t, r, col] = path.split('.');
  return (rec.tables as Record<string, Record<string, Record<string, { value: number | null; status: string; unit?: string; raw: string | null }>>>)[t]?.[r]?.[col];
}

function checkOf(rec: ReportRecord, key: string) {
  const [id, scope] = key.split('|');
  return rec.checks.find((c) => c.id === id && c.scope === scope);
}


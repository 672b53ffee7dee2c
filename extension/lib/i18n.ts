/**
 * The panel's and popup's own words, Chinese by default and English when the browser's language
 * is not Chinese. Table, row and column labels are not here: they come from parser/format/spec.ts.
 * The Chinese UI shows no internal id or English code: checks, issues and notes all have words here.
 */
import { SENTENCE_STRINGS, type FormatId, type IssueCode, type Lang, type ReportRecord } from '../../parser/index.js';
import type { Provenance } from './cite.js';
import type { FigureId } from './figures.js';

export type { Lang };

export function pickLang(languages: readonly string[] | undefined, language?: string): Lang {
  const first = languages?.[0] ?? language ?? 'zh';
  return /^zh\b/i.test(first) ? 'zh' : 'en';
}

const zh = {
  panelTitle: 'gongkai 年报核对',
  body: '主体', year: '年度', format: '格式', layout: '版式', published: '发布', accessed: '访问',
  checks: '勾稽关系核对', findings: '需要注意', issues: '解析提示', tables: '统计表', legendTitle: '图例',
  collapse: '收起', expand: '展开', moveSide: '移到另一侧', close: '关闭',
  exportCsv: '导出 CSV', exportJson: '导出 JSON', save: '保存到资料库', saved: '已保存', saveFailed: '保存失败',
  copyCitation: '复制引用', copied: '已复制', copyFailed: '请手动复制下方文字', downloadReport: '下载核对报告',
  library: '资料库', noReport: '此页面未找到政府信息公开年报的统计表。', noChecks: '没有可核对的规则。',
  pass: '通过', fail: '不符', uncertain: '无法判断',
  unresolved: (n: number) => `${n} 个单元格无法在页面上定位`,
  passedChecks: (n: number) => `${n} 项已核对`,
  verdict: { fail: '✗ 有对不上的数字', unconfirmed: '? 未能全部确认', pass: '✓ 全部核对通过' },
  counts: {
    fail: (n: number) => `✗ ${n} 处对不上`,
    soft: (n: number) => `△ ${n} 项可解释的不符`,
    blank: (n: number) => `? ${n} 项无法判断（报告留空）`,
    unreadable: (n: number) => `? ${n} 项无法判断（数字读不准）`,
    split: (n: number) => `≡ ${n} 项依赖拆分的连写数字`,
    prose: (n: number) => `✎ ${n} 处文字与表格不一致`,
    pass: (n: number) => `✓ ${n} 项已核对`,
    ambiguousCells: (n: number) => `${n} 个数字有多种读法`,
    none: '没有可核对的规则',
  },
  legend: [
    '✓ 已核对：报告所印的数字相符',
    '✗ 对不上：报告自己的数字不符',
    '? 无法判断：数字留空或读不准',
    '≡ 数字是按规则从连写中拆出的，不能算核对',
    '△ 可解释的不符（如清理文件）',
    '黄底虚线 = 有多种读法的数字',
  ],
  readings: (n: number) => `${n} 种读法`,
  // the finding sentences, the rules in words and a year: the parser's (parser/checks/sentences.ts)
  ...SENTENCE_STRINGS.zh,
  issueCodes: {
    YEAR_NOT_FOUND: '标题和正文中未找到报告年度',
    NO_TOTAL_COLUMN: '没有“总计”栏，无法核对行合计',
    ROW_NOT_FOUND: '页面上未找到这一行',
    EXTRA_TEXT: '数字旁的文字已忽略',
    EXTRA_VALUES: '数字多于单元格，无法判断哪个数属于哪一格',
    SPLIT_TOO_COMPLEX: '连写数字的读法太多，无法一一列出',
    CELLS_MISSING: '数字少于单元格，无法判断哪些格留空',
    NO_CONSISTENT_READING: '连写数字没有一种读法满足“各项之和等于总计”（报告本身可能不符，或空格没有留下痕迹）',
    TABLE_NOT_FOUND: '页面上未找到此表',
    AMBIGUOUS_SPLIT: '连写数字有多种读法都满足规则，无法确定',
    FORMAT_YEAR_MISMATCH: '报告年度与表格版本不一致（以表格标签为准）',
    INPUT_TRUNCATED: '页面过大，只读取了前一部分',
    INTERNAL_ERROR: '解析出错',
    NO_REPORT: '此页面未找到年报统计表',
    NO_STANDARD_TABLES: '2019 年以前的报告，没有可核对的标准统计表',
    UNIT_CONVERTED: '金额按该栏规定的单位（万元）换算',
    REVIEW_AS_SENTENCE: '表四以一句话说明无复议诉讼，各格记为 0',
    ONE_OTHER_ROW: '表三“其他处理”只有一行（沿用 2019 年版），按一行读取',
    BLANKS_FROM_LINES: '空行即空格：按每格固定行距定位',
    ROWS_MERGED: '此页合并了相同的连续行，按规则唯一可能的方式还原',
    SCANNED_NO_TEXT: '扫描件：PDF 没有文字层，未读取任何数字',
    PDF_PAGES_CUT: 'PDF 页数超过读取上限，后面的页未读',
  } satisfies Record<IssueCode, string>,
  issueOther: '其他解析提示',
  formats: { '2021': '2021 年版', '2019': '2019 年版', legacy: '2019 年以前', unknown: '未知' } satisfies Record<FormatId, string>,
  layouts: { table: '表格', lines: '每格一行', concatenated: '数字连写', mixed: '混合' } satisfies Record<NonNullable<ReportRecord['layout']>, string>,
  /** where the access time comes from (Provenance.accessedFrom) */
  dateFrom: { archive: '网页存档时间', now: '本次读取时间' } satisfies Record<Provenance['accessedFrom'], string>,
  /** where the publication date was found (record.publishedAtSource) */
  dateSource: {
    label: (key: string) => `页面“${key}”`,
    meta: (key: string) => `网页元数据“${key}”`,
    unknown: '来源不明',
  },
  cite: {
    title: '标题', body: '主体', url: '网址', original: '原始网址', archived: '存档网址', published: '发布日期', accessed: '访问时间',
    finding: '核对结果', verdict: '结论', unknown: '未知', sha256: '网页 SHA-256', tool: '工具', file: '附件网址',
  },
  attachment: {
    read: (name: string) => `读取附件：${name}`, reading: '正在读取附件…', failed: (why: string) => `未能读取附件（${why}）`,
    from: '以下内容读自附件', inFile: '此页面没有统计表，报告在附件中。',
  },
  report: { heading: '政府信息公开年报核对报告', provenance: '来源', checks: '全部核对', generated: '生成时间' },
  series: {
    title: '与上一年对照', other: '上一年报告', loading: '正在读取上一年报告…', failed: '未能读取上一年报告',
    figure: '项目', change: '变化',
    figures: { new_received: '新收申请', granted: '予以公开', denied: '不予公开', review: '行政复议', litigation: '行政诉讼' } satisfies Record<FigureId, string>,
  },
  // popup
  readThisPage: '读取此页面', readThisFile: '读取此文件', readFailed: '无法读取此页面', empty: '资料库为空。', open: '打开', delete: '删除',
  exportAll: '导出全部 CSV', unknownBody: '（未知主体）', unknownYear: '（未知年度）', savedAt: '保存于',
};

const en: typeof zh = {
  panelTitle: 'gongkai report check',
  body: 'Body', year: 'Year', format: 'Format', layout: 'Layout', published: 'Published', accessed: 'Accessed',
  checks: 'Arithmetic checks', findings: 'Needs attention', issues: 'Parser notes', tables: 'Tables', legendTitle: 'Legend',
  collapse: 'Collapse', expand: 'Expand', moveSide: 'Move to the other side', close: 'Close',
  exportCsv: 'Export CSV', exportJson: 'Export JSON', save: 'Save to library', saved: 'Saved', saveFailed: 'Save failed',
  copyCitation: 'Copy citation', copied: 'Copied', copyFailed: 'Copy the text below by hand', downloadReport: 'Download check report',
  library: 'Library', noReport: 'No annual-report tables were found on this page.', noChecks: 'No rules to check.',
  pass: 'pass', fail: 'fail', uncertain: 'cannot tell',
  unresolved: (n: number) => `${n} cells could not be found on the page`,
  passedChecks: (n: number) => `${n} checked`,
  verdict: { fail: "✗ Numbers don't add up", unconfirmed: '? Not all confirmed', pass: '✓ Every check passed' },
  counts: {
    fail: (n: number) => `✗ ${n} don't add up`,
    soft: (n: number) => `△ ${n} explainable mismatch${n === 1 ? '' : 'es'}`,
    blank: (n: number) => `? ${n} can't be judged (left blank)`,
    unreadable: (n: number) => `? ${n} can't be judged (digits unclear)`,
    split: (n: number) => `≡ ${n} rest on split digits`,
    prose: (n: number) => `✎ ${n} prose statements differ from the tables`,
    pass: (n: number) => `✓ ${n} checked`,
    ambiguousCells: (n: number) => `${n} number${n === 1 ? '' : 's'} with several readings`,
    none: 'no rules to check',
  },
  legend: [
    '✓ checked: the printed numbers agree',
    "✗ doesn't add up: the report's own numbers disagree",
    '? cannot tell: a number is blank or unclear',
    '≡ the digits were split by the rules themselves, so they confirm nothing',
    '△ a mismatch with innocent explanations (e.g. a cleanup of documents)',
    'yellow, dashed = a number with several readings',
  ],
  readings: (n: number) => `${n} readings`,
  // the finding sentences, the rules in words and a year: the parser's (parser/checks/sentences.ts)
  ...SENTENCE_STRINGS.en,
  issueCodes: {
    YEAR_NOT_FOUND: 'the year reported on was not found in the title or text',
    NO_TOTAL_COLUMN: 'no Total column: row totals cannot be checked',
    ROW_NOT_FOUND: 'this row was not found on the page',
    EXTRA_TEXT: 'text beside the numbers was ignored',
    EXTRA_VALUES: 'more numbers than cells: which belongs where cannot be told',
    SPLIT_TOO_COMPLEX: 'the run-together digits allow too many readings to list',
    CELLS_MISSING: 'fewer numbers than cells: which cells are empty cannot be told',
    NO_CONSISTENT_READING: 'no reading of the run-together digits satisfies total = sum of parts (the report may break the rule, or empty cells left no trace)',
    TABLE_NOT_FOUND: 'this table was not found on the page',
    AMBIGUOUS_SPLIT: 'several readings of the run-together digits satisfy every rule',
    FORMAT_YEAR_MISMATCH: "the report's year and its table template disagree (the labels decide)",
    INPUT_TRUNCATED: 'the page is very large: only its first part was read',
    INTERNAL_ERROR: 'the parser failed',
    NO_REPORT: 'no annual-report tables on this page',
    NO_STANDARD_TABLES: 'a report from before 2019: no standard tables to check',
    UNIT_CONVERTED: "an amount converted to its column's unit (10k yuan)",
    REVIEW_AS_SENTENCE: 'table 4 is a sentence saying there was no case: its cells are 0',
    ONE_OTHER_ROW: "table 3 has one 'other handling' row (the 2019 template): read as one row",
    BLANKS_FROM_LINES: 'empty lines are blank cells: placed by the page’s fixed line spacing',
    ROWS_MERGED: 'this page merges identical consecutive lines: rebuilt in the one way the rule allows',
    SCANNED_NO_TEXT: 'scanned: the PDF has no text layer, no number was read',
    PDF_PAGES_CUT: 'the PDF has more pages than are read; the rest was not read',
  },
  issueOther: 'other parser note',
  formats: { '2021': '2021 template', '2019': '2019 template', legacy: 'before 2019', unknown: 'unknown' },
  layouts: { table: 'table', lines: 'one cell per line', concatenated: 'digits run together', mixed: 'mixed' },
  dateFrom: { archive: 'archive capture time', now: 'time of this reading' },
  dateSource: {
    label: (key: string) => `the page's ${key} label`,
    meta: (key: string) => `the page's "${key}" meta tag`,
    unknown: 'source unknown',
  },
  cite: {
    title: 'Title', body: 'Body', url: 'URL', original: 'Original URL', archived: 'Archived copy', published: 'Published', accessed: 'Accessed',
    finding: 'Finding', verdict: 'Verdict', unknown: 'unknown', sha256: 'Page SHA-256', tool: 'Tool', file: 'Attachment URL',
  },
  attachment: {
    read: (name: string) => `Read the attachment: ${name}`, reading: 'Reading the attachment…', failed: (why: string) => `Could not read the attachment (${why})`,
    from: 'Read from the attachment', inFile: 'This page has no tables; the report is in its attachment.',
  },
  report: { heading: 'Information-disclosure annual report: check report', provenance: 'Provenance', checks: 'All checks', generated: 'Generated' },
  series: {
    title: 'Last year beside this year', other: "last year's report", loading: "reading last year's report…", failed: "could not read last year's report",
    figure: 'Figure', change: 'Change',
    figures: { new_received: 'New applications', granted: 'Disclosed', denied: 'Not disclosed', review: 'Administrative review', litigation: 'Litigation' },
  },
  readThisPage: 'Read this page', readThisFile: 'Read this file', readFailed: 'Cannot read this page', empty: 'The library is empty.', open: 'Open', delete: 'Delete',
  exportAll: 'Export all as CSV', unknownBody: '(unknown body)', unknownYear: '(unknown year)', savedAt: 'saved',
};

export type Strings = typeof zh;
export const STRINGS: Record<Lang, Strings> = { zh, en };

/**
 * The panel's and popup's own words, Chinese by default and English when the browser's language
 * is not Chinese. Table, row and column labels are not here: they come from parser/format/spec.ts.
 */
export type Lang = 'zh' | 'en';

export function pickLang(languages: readonly string[] | undefined, language?: string): Lang {
  const first = languages?.[0] ?? language ?? 'zh';
  return /^zh\b/i.test(first) ? 'zh' : 'en';
}

const zh = {
  panelTitle: 'gongkai 年报核对',
  body: '主体', year: '年度', format: '格式', layout: '版式', published: '发布',
  checks: '勾稽关系核对', issues: '解析提示', tables: '统计表',
  collapse: '收起', expand: '展开', moveSide: '移到另一侧', close: '关闭',
  exportCsv: '导出 CSV', exportJson: '导出 JSON', save: '保存到资料库', saved: '已保存', saveFailed: '保存失败',
  library: '资料库', noReport: '此页面未找到政府信息公开年报的统计表。', noChecks: '没有可核对的规则。',
  pass: '通过', fail: '不符', uncertain: '无法确定', decoded: '已用于拆分数字，不能再作核对',
  unresolved: (n: number) => `${n} 个单元格无法在页面上定位`,
  failSummary: (f: number, n: number) => `${n} 项核对中 ${f} 项不符`,
  okSummary: (n: number) => `${n} 项核对全部通过`,
  passedChecks: (n: number) => `${n} 项通过`,
  checkNames: {
    'applications.row_total': '行合计', 'applications.results_total': '办理结果合计',
    'applications.balance': '收结平衡（新收+结转=办结+结转下年）', 'review_litigation.total': '复议诉讼合计',
  } as Record<string, string>,
  formats: { '2021': '2021 年版', '2019': '2019 年版', legacy: '2019 年以前', unknown: '未知' } as Record<string, string>,
  layouts: { table: '表格', lines: '每格一行', concatenated: '数字连写', mixed: '混合' } as Record<string, string>,
  // popup
  readThisPage: '读取此页面', readFailed: '无法读取此页面', empty: '资料库为空。', open: '打开', delete: '删除',
  exportAll: '导出全部 CSV', unknownBody: '（未知主体）', unknownYear: '（未知年度）', savedAt: '保存于',
};

const en: typeof zh = {
  panelTitle: 'gongkai report check',
  body: 'Body', year: 'Year', format: 'Format', layout: 'Layout', published: 'Published',
  checks: 'Arithmetic checks', issues: 'Parser notes', tables: 'Tables',
  collapse: 'Collapse', expand: 'Expand', moveSide: 'Move to the other side', close: 'Close',
  exportCsv: 'Export CSV', exportJson: 'Export JSON', save: 'Save to library', saved: 'Saved', saveFailed: 'Save failed',
  library: 'Library', noReport: 'No annual-report tables were found on this page.', noChecks: 'No rules to check.',
  pass: 'pass', fail: 'fail', uncertain: 'uncertain', decoded: 'used to split digits, so it cannot confirm them',
  unresolved: (n: number) => `${n} cells could not be found on the page`,
  failSummary: (f: number, n: number) => `${f} of ${n} checks fail`,
  okSummary: (n: number) => `all ${n} checks pass`,
  passedChecks: (n: number) => `${n} passed`,
  checkNames: {
    'applications.row_total': 'Row total', 'applications.results_total': 'Results total',
    'applications.balance': 'Balance (new + carried over = handled + carried forward)', 'review_litigation.total': 'Review/litigation total',
  },
  formats: { '2021': '2021 template', '2019': '2019 template', legacy: 'before 2019', unknown: 'unknown' },
  layouts: { table: 'table', lines: 'one cell per line', concatenated: 'digits run together', mixed: 'mixed' },
  readThisPage: 'Read this page', readFailed: 'Cannot read this page', empty: 'The library is empty.', open: 'Open', delete: 'Delete',
  exportAll: 'Export all as CSV', unknownBody: '(unknown body)', unknownYear: '(unknown year)', savedAt: 'saved',
};

export type Strings = typeof zh;
export const STRINGS: Record<Lang, Strings> = { zh, en };

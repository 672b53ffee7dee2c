/**
 * Our own report pages for the extension tests, modelled on the layout of real pages (the
 * Word-exported 2021-template tables of /work/shared/real, the one-cell-per-line text of
 * /work/shared/samples). Numbers are ours. `cells` gives every value cell so tests can say
 * which `<table>.<row>.<column>` must be marked.
 */
export type AppValues = Record<string, number[]>; // row id → 7 values (six applicant columns + total)

const APP_COLS = ['natural_person', 'commercial_enterprise', 'research_institution', 'social_welfare_org', 'legal_service_org', 'other_org', 'total'];

/** A 2021-template report whose numbers pass every rule. */
export function passingValues(): AppValues {
  const v: AppValues = {};
  const row = (id: string, np: number, ce: number) => (v[id] = [np, ce, 0, 0, 0, 0, np + ce]);
  row('new_received', 10, 2);
  row('carried_over', 1, 0);
  row('granted', 5, 1);
  row('partially_granted', 2, 0);
  for (const id of ['denied_state_secret', 'denied_prohibited_by_law', 'denied_security_stability']) row(id, 0, 0);
  row('denied_third_party', 1, 0);
  for (const id of ['denied_internal_affairs', 'denied_process_information', 'denied_enforcement_files', 'denied_administrative_query']) row(id, 0, 0);
  row('unable_not_held', 2, 1);
  for (const id of ['unable_needs_creation', 'unable_unclear', 'rejected_petition', 'rejected_duplicate', 'rejected_publication', 'rejected_excessive', 'rejected_confirmation', 'other_no_correction', 'other_fee_unpaid']) row(id, 0, 0);
  row('other_other', 1, 0);
  row('results_total', 11, 2);
  row('carried_forward', 0, 0);
  return v;
}

/** The same report with one more application carried forward than came in: breaks applications.balance. */
export function unbalancedValues(): AppValues {
  const v = passingValues();
  v.carried_forward = [1, 0, 0, 0, 0, 0, 1];
  return v;
}

type Row = (string | { text: string; colspan?: number; rowspan?: number })[];

/** The same report with one printed number changed: （一）予以公开 of 自然人 reads 8 instead of 5. */
export function changedCellValues(): AppValues {
  const v = passingValues();
  v.granted = [8, 1, 0, 0, 0, 0, 6];
  return v;
}

function applicationRows(v: AppValues, blankTotals = false): Row[] {
  const vals = (id: string) => v[id].map((x, i) => (blankTotals && i === 6 ? '' : String(x)));
  const rows: Row[] = [
    [{ text: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', colspan: 3, rowspan: 3 }, { text: '申请人情况', colspan: 7 }],
    [{ text: '自然人', rowspan: 2 }, { text: '法人或其他组织', colspan: 5 }, { text: '总计', rowspan: 2 }],
    ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'],
    [{ text: '一、本年新收政府信息公开申请数量', colspan: 3 }, ...vals('new_received')],
    [{ text: '二、上年结转政府信息公开申请数量', colspan: 3 }, ...vals('carried_over')],
    [{ text: '三、本年度办理结果', rowspan: 22 }, { text: '（一）予以公开', colspan: 2 }, ...vals('granted')],
    [{ text: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', colspan: 2 }, ...vals('partially_granted')],
  ];
  const group = (head: string, items: [string, string][]) =>
    items.forEach(([id, label], i) => rows.push([...(i === 0 ? [{ text: head, rowspan: items.length }] : []), label, ...vals(id)]));
  group('（三）不予公开', [
    ['denied_state_secret', '1.属于国家秘密'], ['denied_prohibited_by_law', '2.其他法律行政法规禁止公开'],
    ['denied_security_stability', '3.危及“三安全一稳定”'], ['denied_third_party', '4.保护第三方合法权益'],
    ['denied_internal_affairs', '5.属于三类内部事务信息'], ['denied_process_information', '6.属于四类过程性信息'],
    ['denied_enforcement_files', '7.属于行政执法案卷'], ['denied_administrative_query', '8.属于行政查询事项'],
  ]);
  group('（四）无法提供', [['unable_not_held', '1.本机关不掌握相关政府信息'], ['unable_needs_creation', '2.没有现成信息需要另行制作'], ['unable_unclear', '3.补正后申请内容仍不明确']]);
  group('（五）不予处理', [
    ['rejected_petition', '1.信访举报投诉类申请'], ['rejected_duplicate', '2.重复申请'], ['rejected_publication', '3.要求提供公开出版物'],
    ['rejected_excessive', '4.无正当理由大量反复申请'], ['rejected_confirmation', '5.要求行政机关确认或重新出具已获取信息'],
  ]);
  group('（六）其他处理', [
    ['other_no_correction', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'],
    ['other_fee_unpaid', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'], ['other_other', '3.其他'],
  ]);
  rows.push([{ text: '（七）总计', colspan: 2 }, ...vals('results_total')]);
  rows.push([{ text: '四、结转下年度继续办理', colspan: 3 }, ...vals('carried_forward')]);
  return rows;
}

const ACTIVE_ROWS: Row[] = [
  [{ text: '第二十条第（一）项', colspan: 4 }], ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'],
  ['规章', '0', '0', '0'], ['行政规范性文件', '3', '1', '42'],
  [{ text: '第二十条第（五）项', colspan: 4 }], ['信息内容', { text: '本年处理决定数量', colspan: 3 }], ['行政许可', { text: '120', colspan: 3 }],
  [{ text: '第二十条第（六）项', colspan: 4 }], ['信息内容', { text: '本年处理决定数量', colspan: 3 }], ['行政处罚', { text: '35', colspan: 3 }], ['行政强制', { text: '2', colspan: 3 }],
  [{ text: '第二十条第（八）项', colspan: 4 }], ['信息内容', { text: '本年收费金额（单位：万元）', colspan: 3 }], ['行政事业性收费', { text: '0', colspan: 3 }],
];

const REVIEW_ROWS: Row[] = [
  [{ text: '行政复议', colspan: 5 }, { text: '行政诉讼', colspan: 10 }],
  [{ text: '结果维持', rowspan: 2 }, { text: '结果纠正', rowspan: 2 }, { text: '其他结果', rowspan: 2 }, { text: '尚未审结', rowspan: 2 }, { text: '总计', rowspan: 2 }, { text: '未经复议直接起诉', colspan: 5 }, { text: '复议后起诉', colspan: 5 }],
  ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计'],
  ['1', '0', '0', '0', '1', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0'],
];

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function renderTable(rows: Row[]): string {
  const cell = (c: Row[number]) => (typeof c === 'string' ? `<td>${esc(c)}</td>` : `<td${c.colspan ? ` colspan="${c.colspan}"` : ''}${c.rowspan ? ` rowspan="${c.rowspan}"` : ''}>${esc(c.text)}</td>`);
  return `<table class="MsoNormalTable" border="1" cellspacing="0"><tbody>\n${rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('\n')}\n</tbody></table>`;
}

/** One cell per line, as a CMS that lost the table shows it. */
function renderLines(rows: Row[]): string {
  return rows.flat().map((c) => `<p>${esc(typeof c === 'string' ? c : c.text)}</p>`).join('\n');
}

/** Each row in one paragraph, its digits run together (as a crawl's text of a lost table reads). */
function renderRunTogether(rows: Row[]): string {
  return rows.map((r) => `<p>${esc(r.map((c) => (typeof c === 'string' ? c : c.text)).join(''))}</p>`).join('\n');
}

export interface ReportPage {
  entity?: string;
  year?: number;
  values?: AppValues;
  layout?: 'table' | 'lines' | 'concatenated';
  /** extra prose (page text, escaped) inserted in 一、总体情况 */
  prose?: string;
  /** page size in bytes (UTF-8) to reach with extra page chrome (bench) */
  padTo?: number;
  /** the 总计 column of 表三 left empty (as some bodies print it) */
  blankTotals?: boolean;
  /** the page's 上一篇/下一篇 links (href, title) */
  nav?: { prev?: [string, string]; next?: [string, string] };
}

export function reportPage(p: ReportPage = {}): string {
  const entity = p.entity ?? '示例镇';
  const year = p.year ?? 2023;
  const title = `${entity}${year}年政府信息公开工作年度报告`;
  const render = p.layout === 'lines' ? renderLines : p.layout === 'concatenated' ? renderRunTogether : renderTable;
  let html = `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}_政府信息公开年报</title>
<meta name="ArticleTitle" content="${esc(title)}"><meta name="PubDate" content="${year + 1}-01-20 09:00">
<style>body{font-family:serif;margin:0 auto;max-width:900px} table{border-collapse:collapse} td{border:1px solid #999;padding:2px 4px}</style>
</head><body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年报</div>
<div class="article"><h1>${esc(title)}</h1><p class="info">发布时间：${year + 1}-01-20</p>
<div class="TRS_Editor">
<p>本报告根据《中华人民共和国政府信息公开条例》编制。</p>
<p><strong>一、总体情况</strong></p><p>${esc(p.prose ?? `${year}年，${entity}认真落实政务公开工作要求。`)}</p>
<p><strong>二、主动公开政府信息情况</strong></p>
${render(ACTIVE_ROWS)}
<p><strong>三、收到和处理政府信息公开申请情况</strong></p>
${render(applicationRows(p.values ?? passingValues(), p.blankTotals))}
<p><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>
${render(REVIEW_ROWS)}
<p><strong>五、存在的主要问题及改进情况</strong></p><p>无。</p>
<p><strong>六、其他需要报告的事项</strong></p><p>本年度未收取信息处理费。</p>
</div>${navLinks(p.nav)}</div>
`;
  if (p.padTo) {
    // page chrome of the size real CMS pages carry (menus, footers), before the closing tags
    const item = '<li><a href="/zwgk/xxgk/202401/t20240101_1.htm">关于印发某某工作方案的通知</a><span>2024-01-01</span></li>\n';
    const itemBytes = Buffer.byteLength(item);
    let bytes = Buffer.byteLength(html);
    let pad = '<ul class="related">\n';
    for (; bytes < p.padTo; bytes += itemBytes) pad += item;
    html += pad + '</ul>\n';
  }
  return html + '<div class="footer">主办单位：示例镇人民政府</div>\n</body></html>\n';
}

function navLinks(nav: ReportPage['nav']): string {
  if (!nav) return '';
  const link = (label: string, l?: [string, string]) => `<p>${label}：${l ? `<a href="${esc(l[0])}">${esc(l[1])}</a>` : '没有了'}</p>`;
  return `\n<div class="pagenav">${link('上一篇', nav.prev)}${link('下一篇', nav.next)}</div>`;
}

/**
 * A page whose article arrives by script after load (as on sites that fill a template from an
 * API): a generic title, the report kept in a <template> and inserted 300 ms after load.
 */
export function lateReportPage(entity = '迟到镇'): string {
  const full = reportPage({ entity });
  const article = full.slice(full.indexOf('<div class="article">'), full.indexOf('<div class="footer">'));
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>详情</title></head>
<body><div id="content">加载中……</div><template id="late">${article}</template>
<script>addEventListener('load', () => setTimeout(() => {
  const c = document.getElementById('content');
  c.replaceChildren(document.getElementById('late').content.cloneNode(true));
}, 300));</script></body></html>`;
}

export function notReportPage(): string {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>示例镇人民政府门户网站</title></head>
<body><h1>示例镇人民政府</h1><p>欢迎访问。这里是新闻动态。</p><table><tr><td>通知</td><td>2024-01-01</td></tr><tr><td>公告</td><td>12</td></tr></table></body></html>`;
}

export { APP_COLS };

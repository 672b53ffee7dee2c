/**
 * Our own report pages for the extension's tests and bench, drawn by the sites' report builder
 * (sites/report.ts) in a CMS's page chrome: a 2021-template report of a town whose numbers pass
 * every rule, the same with the balance broken, a report that arrives by script, and a page that
 * is not a report. Numbers are ours.
 */
import { escapeHtml } from './html.js';
import { blocksHtml, reportBlocks, type PageLayout, type PrintedNumbers } from './report.js';

export type AppValues = Record<string, number[]>; // row id → 7 values (six applicant columns + total)

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

/** The same report with one printed number changed: （一）予以公开 of 自然人 reads 8 instead of 5. */
export function changedCellValues(): AppValues {
  const v = passingValues();
  v.granted = [8, 1, 0, 0, 0, 0, 6];
  return v;
}

/** 表二 and 表四 of the pages: fixed numbers of a town. */
const ACTIVE: Record<string, Record<string, number>> = {
  regulations: { issued: 0, repealed: 0, in_force: 0 },
  normative_documents: { issued: 3, repealed: 1, in_force: 42 },
  licensing: { decisions: 120 },
  penalty: { decisions: 35 },
  enforcement: { decisions: 2 },
  fees: { amount: 0 },
};
const REVIEW = [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

function printed(v: AppValues, blankTotals = false): PrintedNumbers {
  return {
    format: '2021',
    active: (row, col) => String(ACTIVE[row][col]),
    applications: (row) => v[row].map((x, i) => (blankTotals && i === 6 ? '' : String(x))),
    review: REVIEW.map(String),
  };
}

export interface ReportPage {
  entity?: string;
  year?: number;
  values?: AppValues;
  layout?: PageLayout;
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
  const blocks = reportBlocks(printed(p.values ?? passingValues(), p.blankTotals), {
    intro: ['本报告根据《中华人民共和国政府信息公开条例》编制。'],
    overview: p.prose ?? `${year}年，${entity}认真落实政务公开工作要求。`,
    problems: '无。',
    other: '本年度未收取信息处理费。',
  });
  // the run-together layout as a crawl's text of a lost table reads: each row one paragraph
  const body = blocksHtml(blocks, p.layout ?? 'table', { paragraphPerRow: true });
  const html = `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}_政府信息公开年报</title>
<meta name="ArticleTitle" content="${escapeHtml(title)}"><meta name="PubDate" content="${year + 1}-01-20 09:00">
<style>body{font-family:serif;margin:0 auto;max-width:900px} table{border-collapse:collapse} td{border:1px solid #999;padding:2px 4px}</style>
</head><body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年报</div>
<div class="article"><h1>${escapeHtml(title)}</h1><p class="info">发布时间：${year + 1}-01-20</p>
<div class="TRS_Editor">
${body}
</div>${navLinks(p.nav)}</div>
`;
  return html + (p.padTo ? chrome(html, p.padTo) : '') + '<div class="footer">主办单位：示例镇人民政府</div>\n</body></html>\n';
}

function navLinks(nav: ReportPage['nav']): string {
  if (!nav) return '';
  const link = (label: string, l?: [string, string]) => `<p>${label}：${l ? `<a href="${escapeHtml(l[0])}">${escapeHtml(l[1])}</a>` : '没有了'}</p>`;
  return `\n<div class="pagenav">${link('上一篇', nav.prev)}${link('下一篇', nav.next)}</div>`;
}

/** Page chrome of the size real CMS pages carry (menus, footers), to bring `html` to `bytes`. */
function chrome(html: string, bytes: number): string {
  const item = '<li><a href="/zwgk/xxgk/202401/t20240101_1.htm">关于印发某某工作方案的通知</a><span>2024-01-01</span></li>\n';
  const itemBytes = Buffer.byteLength(item);
  let pad = '<ul class="related">\n';
  for (let n = Buffer.byteLength(html); n < bytes; n += itemBytes) pad += item;
  return pad + '</ul>\n';
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

/**
 * A short page that publishes the report as a file: titled as the report, a sentence, and the
 * 附件 link (as CMS pages print it: 附件：name.pdf). No tables: the report is the file.
 */
export function attachmentPage(p: { entity?: string; year?: number; href: string; name?: string }): string {
  const entity = p.entity ?? '示例镇';
  const year = p.year ?? 2023;
  const title = `${entity}${year}年政府信息公开工作年度报告`;
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}_政府信息公开年报</title></head><body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年报</div>
<div class="article"><h1>${escapeHtml(title)}</h1><p class="info">发布时间：${year + 1}-01-20</p>
<p>现将${escapeHtml(entity)}${year}年政府信息公开工作年度报告予以公布，详见附件。</p>
<p>附件：<a href="${escapeHtml(p.href)}">${escapeHtml(p.name ?? `${title}.pdf`)}</a></p>
</div><div class="footer">主办单位：${escapeHtml(entity)}人民政府</div></body></html>
`;
}

/**
 * Report and news pages of invented bodies, built from numbers: the demo site and the crawler's
 * test sites serve them. Each report can be drawn in any of the three layouts real sites use
 * (a real `<table>`, one cell per line, cells run together) and in either official format, with
 * 上一篇/下一篇 links as static HTML or drawn by script.
 */
import { APPLICANT_COLUMN_IDS, FORMATS, type StandardFormat } from '../parser/index.js';

export type PageLayout = 'table' | 'lines' | 'concatenated';

export interface NavTarget {
  href: string;
  title: string;
}

export interface PageNav {
  prev: NavTarget | null;
  next: NavTarget | null;
  /** label pair: 上一篇/下一篇 or 上一条/下一条 */
  labels?: 'pian' | 'tiao';
  /** draw the links with a script (static HTML then has no navigation) */
  drawnByScript?: boolean;
}

export interface ReportData {
  entity: string;
  year: number;
  format: StandardFormat;
  layout: PageLayout;
  published: string;
  /** 表二: row id → column id → value (a string stands as written, e.g. a note) */
  active: Record<string, Record<string, number | string | null>>;
  /** 表三: row id → the six applicant columns (the total column is their sum) */
  applications: Record<string, number[]>;
  /** 表四: three groups × four numbers (the total is their sum) */
  review: number[][];
}

export const SITE_NAME = '青岚县人民政府';

export function reportTitle(entity: string, year: number): string {
  return `${entity}${year}年政府信息公开工作年度报告`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The seven numbers of one 表三 row: six applicant columns and their total. */
function appRow(d: ReportData, row: string): number[] {
  const six = d.applications[row] ?? [0, 0, 0, 0, 0, 0];
  return [...six, six.reduce((a, b) => a + b, 0)];
}

function reviewRow(d: ReportData): number[] {
  return d.review.flatMap((g) => [...g, g.reduce((a, b) => a + b, 0)]);
}

function activeValue(d: ReportData, row: string, col: string): string {
  const v = d.active[row]?.[col];
  return v === null || v === undefined ? '' : String(v);
}

// ---------- 表二 ----------

interface ActiveBlock {
  heading: string;
  columns: { id: string; label: string }[];
  rows: { id: string; label: string }[];
}

function activeBlocks(format: StandardFormat): ActiveBlock[] {
  const t = FORMATS[format].tables.active;
  const row = (id: string) => t.rows.find((r) => r.id === id)!;
  const block = (heading: string, ids: string[]): ActiveBlock => ({
    heading,
    columns: row(ids[0]).columns.map((c) => ({ id: c.id, label: c.label.replace(/（/g, '(').replace(/）/g, ')') })),
    rows: ids.map((id) => ({ id, label: row(id).label })),
  });
  if (format === '2021') {
    return [
      block('第二十条第（一）项', ['regulations', 'normative_documents']),
      block('第二十条第（五）项', ['licensing']),
      block('第二十条第（六）项', ['penalty', 'enforcement']),
      block('第二十条第（八）项', ['fees']),
    ];
  }
  return [
    block('第二十条第（一）项', ['regulations', 'normative_documents']),
    block('第二十条第（五）项', ['licensing', 'other_services']),
    block('第二十条第（六）项', ['penalty', 'enforcement']),
    block('第二十条第（八）项', ['fees']),
    block('第二十条第（九）项', ['procurement']),
  ];
}

// ---------- 表三 row labels, grouped as the official table draws them ----------

interface AppGroup {
  /** the spanning label (三、本年度办理结果 / （三）不予公开 …), or null for a row that stands alone */
  outer: string | null;
  inner: string | null;
  rows: { id: string; label: string }[];
}

function appLabel(format: StandardFormat, id: string): string {
  const l = FORMATS[format].tables.applications.rows.find((r) => r.id === id)!.label;
  // the record's labels carry their group heading before a space: keep the row's own part
  return l.includes(' ') ? l.slice(l.lastIndexOf(' ') + 1) : l;
}

function appRowIds(format: StandardFormat): string[] {
  return FORMATS[format].tables.applications.rows.map((r) => r.id);
}

// ---------- layouts ----------

function tableLayout(d: ReportData): { active: string; applications: string; review: string } {
  const f = d.format;
  let active = '<table class="MsoNormalTable" border="1">';
  for (const b of activeBlocks(f)) {
    const span = b.columns.length + 1;
    active += `<tr><td colspan="${span}"><p>${b.heading}</p></td></tr>`;
    active += `<tr><td><p>信息内容</p></td>${b.columns.map((c) => `<td><p>${esc(c.label)}</p></td>`).join('')}</tr>`;
    for (const r of b.rows) active += `<tr><td><p>${esc(r.label)}</p></td>${b.columns.map((c) => `<td><p>${esc(activeValue(d, r.id, c.id))}</p></td>`).join('')}</tr>`;
  }
  active += '</table>';

  const ids = appRowIds(f);
  const cells = (id: string) => appRow(d, id).map((v) => `<td><p>${v}</p></td>`).join('');
  let app = '<table class="MsoNormalTable" border="1">';
  app += '<tr><td colspan="3" rowspan="3"><p>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</p></td><td colspan="7"><p>申请人情况</p></td></tr>';
  app += '<tr><td rowspan="2"><p>自然人</p></td><td colspan="5"><p>法人或其他组织</p></td><td rowspan="2"><p>总计</p></td></tr>';
  app += '<tr><td><p>商业企业</p></td><td><p>科研机构</p></td><td><p>社会公益组织</p></td><td><p>法律服务机构</p></td><td><p>其他</p></td></tr>';
  const resultIds = ids.filter((id) => !['new_received', 'carried_over', 'carried_forward'].includes(id));
  const groupOf = (id: string): string | null =>
    id.startsWith('denied_') ? '（三）不予公开' : id.startsWith('unable_') ? '（四）无法提供' : id.startsWith('rejected_') ? '（五）不予处理' : id.startsWith('other_') ? '（六）其他处理' : null;
  app += `<tr><td colspan="3"><p>一、本年新收政府信息公开申请数量</p></td>${cells('new_received')}</tr>`;
  app += `<tr><td colspan="3"><p>二、上年结转政府信息公开申请数量</p></td>${cells('carried_over')}</tr>`;
  let first = true;
  for (let i = 0; i < resultIds.length; i++) {
    const id = resultIds[i];
    let tr = '<tr>';
    if (first) tr += `<td rowspan="${resultIds.length}"><p>三、本年度办理结果</p></td>`;
    first = false;
    const g = groupOf(id);
    if (g === null) tr += `<td colspan="2"><p>${esc(appLabel(f, id))}</p></td>`;
    else {
      const members = resultIds.filter((x) => groupOf(x) === g);
      if (members[0] === id) tr += `<td rowspan="${members.length}"><p>${g}</p></td>`;
      tr += `<td><p>${esc(appLabel(f, id))}</p></td>`;
    }
    app += `${tr}${cells(id)}</tr>`;
  }
  app += `<tr><td colspan="3"><p>四、结转下年度继续办理</p></td>${cells('carried_forward')}</tr>`;
  app += '</table>';

  const heads = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
  let review = '<table class="MsoNormalTable" border="1">';
  review += '<tr><td colspan="5" rowspan="2"><p>行政复议</p></td><td colspan="10"><p>行政诉讼</p></td></tr>';
  review += '<tr><td colspan="5"><p>未经复议直接起诉</p></td><td colspan="5"><p>复议后起诉</p></td></tr>';
  review += `<tr>${[...heads, ...heads, ...heads].map((h) => `<td><p>${h}</p></td>`).join('')}</tr>`;
  review += `<tr>${reviewRow(d).map((v) => `<td><p>${v}</p></td>`).join('')}</tr>`;
  review += '</table>';
  return { active, applications: app, review };
}

/** Each table flattened to one cell per line; header labels split as real pages split them. */
function lineLayout(d: ReportData): { active: string; applications: string; review: string } {
  const f = d.format;
  const p = (s: string) => `<p>${esc(s)}</p>`;
  let active = '';
  for (const b of activeBlocks(f)) {
    active += p(b.heading) + p('信息内容') + b.columns.map((c) => p(c.label)).join('');
    for (const r of b.rows) {
      active += p(r.label);
      // an empty cell vanishes from the flattened text
      for (const c of b.columns) if (activeValue(d, r.id, c.id) !== '') active += p(activeValue(d, r.id, c.id));
    }
  }
  let app = p('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）');
  app += ['申请人情况', '自然人', '法人或其他组织', '总计', '商业', '企业', '科研', '机构', '社会公益组织', '法律服务机构', '其他'].map(p).join('');
  for (const id of appRowIds(f)) {
    if (id === 'granted') app += p('三、本年度办理结果');
    if (id === 'denied_state_secret') app += p('（三）不予公开');
    if (id === 'unable_not_held') app += p('（四）无法提供');
    if (id === 'rejected_petition') app += p('（五）不予处理');
    if (id === 'other_no_correction') app += p('（六）其他处理');
    app += p(appLabel(f, id)) + appRow(d, id).map((v) => p(String(v))).join('');
  }
  let review = ['行政复议', '行政诉讼', '结果维持', '结果', '纠正', '其他', '结果', '尚未', '审结', '总计', '未经复议直接起诉', '复议后起诉'].map(p).join('');
  review += ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计'].map(p).join('');
  review += reviewRow(d).map((v) => p(String(v))).join('');
  return { active, applications: app, review };
}

/** Each table's text run together with no separator, as some sites' pages (and text crawls) hold it. */
function concatenatedLayout(d: ReportData): { active: string; applications: string; review: string } {
  const f = d.format;
  let active = '';
  for (const b of activeBlocks(f)) {
    active += b.heading + '信息内容' + b.columns.map((c) => c.label).join('');
    for (const r of b.rows) active += r.label + b.columns.map((c) => activeValue(d, r.id, c.id)).join('');
  }
  let app = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他';
  for (const id of appRowIds(f)) {
    if (id === 'granted') app += '三、本年度办理结果';
    if (id === 'denied_state_secret') app += '（三）不予公开';
    if (id === 'unable_not_held') app += '（四）无法提供';
    if (id === 'rejected_petition') app += '（五）不予处理';
    if (id === 'other_no_correction') app += '（六）其他处理';
    app += appLabel(f, id) + appRow(d, id).join('');
  }
  const review = '行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计 ' + reviewRow(d).join(' ');
  return { active: `<p>${esc(active)}</p>`, applications: `<p>${esc(app)}</p>`, review: `<p>${esc(review)}</p>` };
}

// ---------- whole pages ----------

export function navHtml(nav: PageNav): string {
  const [up, down] = nav.labels === 'tiao' ? ['上一条', '下一条'] : ['上一篇', '下一篇'];
  const link = (label: string, t: NavTarget | null) =>
    t ? `<p>${label}：<a href="${esc(t.href)}" title="${esc(t.title)}">${esc(t.title)}</a></p>` : `<p>${label}：没有了</p>`;
  if (!nav.drawnByScript) return `<div class="pager">${link(up, nav.prev)}${link(down, nav.next)}</div>`;
  // the site's script fills the pager from data once the page has loaded
  const data = JSON.stringify({ prev: nav.prev, next: nav.next, up, down }).replace(/</g, '\\u003c');
  return `<div class="pager" id="pager"></div>
<script>
(function () {
  var d = ${data};
  function item(label, t) {
    var p = document.createElement('p');
    p.appendChild(document.createTextNode(label + '：'));
    if (!t) { p.appendChild(document.createTextNode('没有了')); return p; }
    var a = document.createElement('a');
    a.href = t.href; a.title = t.title; a.textContent = t.title;
    p.appendChild(a);
    return p;
  }
  window.addEventListener('DOMContentLoaded', function () {
    var box = document.getElementById('pager');
    box.appendChild(item(d.up, d.prev));
    box.appendChild(item(d.down, d.next));
  });
})();
</script>`;
}

function shell(title: string, body: string, nav: PageNav, charset: string, published: string, source: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="${charset}"><title>${esc(title)}_${SITE_NAME}</title>
<meta name="ArticleTitle" content="${esc(title)}"><meta name="PubDate" content="${published}">
<script>var siteId = "qinglan";</script></head>
<body><div class="header">${SITE_NAME}</div>
<div class="crumb">首页 &gt; 政府信息公开 &gt; 政府信息公开年报</div>
<div class="article"><h1>${esc(title)}</h1>
<div class="info">发布时间：${published}　来源：${esc(source)}</div>
<div class="content">${body}</div></div>
${navHtml(nav)}
<div class="footer">主办：${SITE_NAME}办公室</div></body></html>`;
}

export function reportPage(d: ReportData, nav: PageNav, charset = 'utf-8'): string {
  const title = reportTitle(d.entity, d.year);
  const t = d.layout === 'table' ? tableLayout(d) : d.layout === 'lines' ? lineLayout(d) : concatenatedLayout(d);
  const total = appRow(d, 'new_received')[6];
  const body = `<p>根据《中华人民共和国政府信息公开条例》规定，现公布${esc(d.entity)}${d.year}年政府信息公开工作年度报告。本报告统计期限自${d.year}年1月1日起至${d.year}年12月31日止。</p>
<p>一、总体情况</p><p>${d.year}年，${esc(d.entity)}共收到政府信息公开申请${total}件，均已按时答复。</p>
<p>二、主动公开政府信息情况</p>${t.active}
<p>三、收到和处理政府信息公开申请情况</p>${t.applications}
<p>四、政府信息公开行政复议、行政诉讼情况</p>${t.review}
<p>五、存在的主要问题及改进情况</p><p>信息公开的及时性仍需提高，下一步将加强培训。</p>
<p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。</p>`;
  return shell(title, body, nav, charset, d.published, d.entity);
}

export function newsPage(title: string, published: string, paragraphs: string[], nav: PageNav): string {
  return shell(title, paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n'), nav, 'utf-8', published, SITE_NAME);
}

/**
 * A page built from a text sample (one cell per line, like tests/fixtures/yipinglang-2022.txt):
 * each line a paragraph; its own trailing 上一条/下一条 lines are replaced by the given links.
 */
export function textSamplePage(text: string, nav: PageNav): string {
  const lines = text.split(/\r?\n/).filter((l) => !/^(上一[条篇]|下一[条篇])\s*[:：]/.test(l.trim()));
  const title = lines.find((l) => /政府信息公开.*报告/.test(l))?.trim() ?? 'report';
  const body = lines.map((l) => (l.trim() === '' ? '' : `<p>${esc(l)}</p>`)).join('\n');
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title></head>
<body><div class="content">${body}</div>
${navHtml({ labels: 'tiao', ...nav })}</body></html>`;
}

// ---------- numbers ----------

/** The 2019-format 表二 holds different rows from the 2021 one; both are filled from one seed. */
function activeFor(format: StandardFormat, year: number, inForce: { regulations: number; normative_documents: number }, issued: number, repealed: number): ReportData['active'] {
  if (format === '2021') {
    return {
      regulations: { issued: 0, repealed: 0, in_force: inForce.regulations },
      normative_documents: { issued, repealed, in_force: inForce.normative_documents },
      licensing: { decisions: 100 + (year % 7) * 13 },
      penalty: { decisions: 20 + (year % 5) },
      enforcement: { decisions: year % 3 },
      fees: { amount: Number((12.5 + (year % 4) * 1.25).toFixed(2)) },
    };
  }
  return {
    regulations: { new_made: 0, new_published: 0, total_published: inForce.regulations },
    normative_documents: { new_made: issued, new_published: issued, total_published: inForce.normative_documents },
    licensing: { prev_items: 40, change: -(year % 3), decisions: 90 + (year % 7) * 11 },
    other_services: { prev_items: 12, change: 1, decisions: 30 },
    penalty: { prev_items: 8, change: 0, decisions: 15 + (year % 5) },
    enforcement: { prev_items: 3, change: 0, decisions: year % 3 },
    fees: { prev_items: 2, change: 0 },
    procurement: { items: 4, amount: 86.5 },
  };
}

export interface SeriesYear {
  year: number;
  format: StandardFormat;
  layout: PageLayout;
}

/**
 * Consistent yearly numbers for one body: each year's carried-over applications equal the
 * previous year's carried-forward ones, and 现行有效件数 follows issued and repealed documents,
 * so that the series checks pass unless a test breaks them on purpose.
 */
export function makeSeries(entity: string, years: SeriesYear[]): ReportData[] {
  const out: ReportData[] = [];
  let carry = [0, 0, 0, 0, 0, 0];
  const inForce = { regulations: 2, normative_documents: 10 };
  for (const y of [...years].sort((a, b) => a.year - b.year)) {
    const k = y.year % 10;
    const received = [10 + k * 3, 2 + (k % 3), 0, 1, 0, 0];
    const available = received.map((v, i) => v + carry[i]);
    // most granted, a few partial and not-held, one or two carried forward
    const forward = available.map((v, i) => (i === 0 ? Math.min(v, 1 + (k % 2)) : 0));
    const left = available.map((v, i) => v - forward[i]);
    const partial = left.map((v, i) => (i === 0 ? Math.min(v, 2) : 0));
    const notHeld = left.map((v, i) => (i === 0 ? Math.min(v - partial[i], 3) : 0));
    const granted = left.map((v, i) => v - partial[i] - notHeld[i]);
    const apps: Record<string, number[]> = {};
    const f = y.format;
    for (const id of FORMATS[f].tables.applications.rows.map((r) => r.id)) apps[id] = [0, 0, 0, 0, 0, 0];
    apps.new_received = received;
    apps.carried_over = carry;
    apps.granted = granted;
    apps.partially_granted = partial;
    apps.unable_not_held = notHeld;
    apps.results_total = left;
    apps.carried_forward = forward;
    const issued = 1 + (k % 3);
    const repealed = k % 2;
    if (y.year > years[0].year) inForce.normative_documents += issued - repealed;
    out.push({
      entity,
      year: y.year,
      format: f,
      layout: y.layout,
      published: `${y.year + 1}-01-${String(10 + k).padStart(2, '0')}`,
      active: activeFor(f, y.year, { ...inForce }, issued, repealed),
      applications: apps,
      review: [[1 + (k % 2), 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0]],
    });
    carry = forward;
  }
  return out;
}

/** The applicant columns' ids in page order, for tests that read values back. */
export const APPLICANT_COLUMNS = APPLICANT_COLUMN_IDS;

/**
 * Report and news pages of invented bodies, built from numbers: the demo site and the crawler's
 * test sites serve them. Each report can be drawn in any of the three layouts real sites use
 * (a real `<table>`, one cell per line, cells run together) and in either official format, with
 * 上一篇/下一篇 links as static HTML or drawn by script.
 */
import { APPLICANT_COLUMN_IDS, FORMATS, type StandardFormat } from '../parser/index.js';
import { escapeHtml } from './html.js';
import { blocksHtml, reportBlocks, type PageLayout, type PrintedNumbers } from './report.js';

export type { PageLayout };

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

/** How the demo's pages print their numbers: as they stand, an absent 表二 cell left empty. */
function printed(d: ReportData): PrintedNumbers {
  return {
    format: d.format,
    active: (row, col) => {
      const v = d.active[row]?.[col];
      return v === null || v === undefined ? '' : String(v);
    },
    applications: (row) => appRow(d, row).map(String),
    review: d.review.flatMap((g) => [...g, g.reduce((a, b) => a + b, 0)]).map(String),
  };
}

/** The seven numbers of one 表三 row: six applicant columns and their total. */
function appRow(d: ReportData, row: string): number[] {
  const six = d.applications[row] ?? [0, 0, 0, 0, 0, 0];
  return [...six, six.reduce((a, b) => a + b, 0)];
}

// ---------- whole pages ----------

export function navHtml(nav: PageNav): string {
  const [up, down] = nav.labels === 'tiao' ? ['上一条', '下一条'] : ['上一篇', '下一篇'];
  const link = (label: string, t: NavTarget | null) =>
    t ? `<p>${label}：<a href="${escapeHtml(t.href)}" title="${escapeHtml(t.title)}">${escapeHtml(t.title)}</a></p>` : `<p>${label}：没有了</p>`;
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
<html lang="zh-CN"><head><meta charset="${charset}"><title>${escapeHtml(title)}_${SITE_NAME}</title>
<meta name="ArticleTitle" content="${escapeHtml(title)}"><meta name="PubDate" content="${published}">
<script>var siteId = "qinglan";</script></head>
<body><div class="header">${SITE_NAME}</div>
<div class="crumb">首页 &gt; 政府信息公开 &gt; 政府信息公开年报</div>
<div class="article"><h1>${escapeHtml(title)}</h1>
<div class="info">发布时间：${published}　来源：${escapeHtml(source)}</div>
<div class="content">${body}</div></div>
${navHtml(nav)}
<div class="footer">主办：${SITE_NAME}办公室</div></body></html>`;
}

export function reportPage(d: ReportData, nav: PageNav, charset = 'utf-8'): string {
  const title = reportTitle(d.entity, d.year);
  const total = appRow(d, 'new_received')[6];
  const blocks = reportBlocks(printed(d), {
    intro: [`根据《中华人民共和国政府信息公开条例》规定，现公布${d.entity}${d.year}年政府信息公开工作年度报告。本报告统计期限自${d.year}年1月1日起至${d.year}年12月31日止。`],
    overview: `${d.year}年，${d.entity}共收到政府信息公开申请${total}件，均已按时答复。`,
    problems: '信息公开的及时性仍需提高，下一步将加强培训。',
    other: '本年度未收取信息处理费。',
  });
  return shell(title, blocksHtml(blocks, d.layout, { splitHeaders: true }), nav, charset, d.published, d.entity);
}

export function newsPage(title: string, published: string, paragraphs: string[], nav: PageNav): string {
  return shell(title, paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n'), nav, 'utf-8', published, SITE_NAME);
}

/**
 * A page built from a text sample (one cell per line, like sites/samples/yipinglang-2022.txt):
 * each line a paragraph; its own trailing 上一条/下一条 lines are replaced by the given links.
 */
export function textSamplePage(text: string, nav: PageNav): string {
  const lines = text.split(/\r?\n/).filter((l) => !/^(上一[条篇]|下一[条篇])\s*[:：]/.test(l.trim()));
  const title = lines.find((l) => /政府信息公开.*报告/.test(l))?.trim() ?? 'report';
  const body = lines.map((l) => (l.trim() === '' ? '' : `<p>${escapeHtml(l)}</p>`)).join('\n');
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
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

/** The layouts of a column's years in turn, as the demo column has them. */
const COLUMN_LAYOUTS: PageLayout[] = ['table', 'lines', 'concatenated', 'table', 'lines', 'table', 'lines'];

/** Years `from`–`to` of one body: the 2019 format until 2020, the 2021 one after; `layouts` in turn. */
export function seriesYears(from: number, to: number, layouts: PageLayout[] = COLUMN_LAYOUTS): SeriesYear[] {
  return Array.from({ length: to - from + 1 }, (_, i) => ({ year: from + i, format: from + i <= 2020 ? '2019' : '2021', layout: layouts[i % layouts.length] }));
}

/**
 * The report as published with a slip real reports have: `extra` new applications counted in
 * 表三's first row (natural persons) and nowhere else, so applications.balance fails for
 * natural_person and total.
 */
export function breakBalance(d: ReportData, extra: number): void {
  d.applications.new_received = [...d.applications.new_received];
  d.applications.new_received[0] += extra;
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

/**
 * A report published as a file: the page titled as the report, a sentence, and the 附件 link
 * (as CMS pages print it); no tables. `href` may point at another host of the site.
 */
export function attachmentNoticePage(d: Pick<ReportData, 'entity' | 'year' | 'published'>, file: { href: string; name: string }, nav: PageNav): string {
  const title = reportTitle(d.entity, d.year);
  const body = `<p>现将${escapeHtml(title)}予以公布，详见附件。</p>\n<p>附件：<a href="${escapeHtml(file.href)}">${escapeHtml(file.name)}</a></p>`;
  return shell(title, body, nav, 'utf-8', d.published, d.entity);
}

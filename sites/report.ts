/**
 * The one builder of report pages for every site of the project (the demo site, the crawler's
 * test sites, the fuzzer and the benches, the extension's tests): the three statistical tables
 * as the official templates draw them, with labels taken from the format's own data
 * (parser/format/spec.ts) so that a relabelled format shows up here too, and the three ways real
 * sites publish them:
 *   - `table`: an HTML `<table>` with rowspan/colspan;
 *   - `lines`: one cell per line (a CMS that lost the table), an empty cell vanishing;
 *   - `concatenated`: the cells' text run together with no separator.
 * Callers give the numbers as the text a page prints (zero styles, full-width digits and units
 * are theirs), the prose, and the page around the body.
 */
import { FORMATS, type StandardFormat } from '../parser/index.js';
import { escapeHtml } from './html.js';

export type PageLayout = 'table' | 'lines' | 'concatenated';
export const LAYOUTS: readonly PageLayout[] = ['table', 'lines', 'concatenated'];

export interface Cell {
  text: string;
  rowspan?: number;
  colspan?: number;
  /** a value cell (decorated differently from a label) */
  value?: boolean;
}
export type Rows = Cell[][];

/** A page body as blocks: paragraphs, and tables of cells. */
export type Block = { kind: 'p'; text: string } | { kind: 'table'; rows: Rows };

/** What a page prints in each value cell of the three tables. */
export interface PrintedNumbers {
  format: StandardFormat;
  /** 表二: row id, column id → the cell's text ('' for an empty cell) */
  active: (row: string, column: string) => string;
  /** 表三: row id → its seven cells (six applicant columns, then the total) */
  applications: (row: string) => string[];
  /** 表四: fifteen cells, three groups of five (the last of each is the group's total) */
  review: string[];
}

/** 表二's groups as the official templates print them: the item of 第二十条 and its rows. */
function activeGroups(format: StandardFormat): { item: string; rows: string[] }[] {
  const groups = [
    { item: '（一）', rows: ['regulations', 'normative_documents'] },
    { item: '（五）', rows: format === '2021' ? ['licensing'] : ['licensing', 'other_services'] },
    { item: '（六）', rows: ['penalty', 'enforcement'] },
    { item: '（八）', rows: ['fees'] },
  ];
  return format === '2021' ? groups : [...groups, { item: '（九）', rows: ['procurement'] }];
}

/** 表二: per group a heading row, a header row and the value rows, four cells wide. */
export function activeRows(n: PrintedNumbers): Rows {
  const byId = new Map(FORMATS[n.format].tables.active.rows.map((r) => [r.id, r]));
  // a row of fewer than three columns stretches its last cell to the table's width
  const span = (i: number, count: number) => (i === count - 1 ? 4 - count : 1);
  const rows: Rows = [];
  for (const g of activeGroups(n.format)) {
    rows.push([{ text: `第二十条第${g.item}项`, colspan: 4 }]);
    const cols = byId.get(g.rows[0])!.columns;
    rows.push([{ text: '信息内容' }, ...cols.map((c, i) => ({ text: c.label, colspan: span(i, cols.length) }))]);
    for (const id of g.rows) {
      const r = byId.get(id)!;
      rows.push([{ text: r.label }, ...r.columns.map((c, i) => ({ text: n.active(id, c.id), value: true, colspan: span(i, r.columns.length) }))]);
    }
  }
  return rows;
}

/** Row ids of 表三 that add up to （七）总计. */
export function resultRowIds(format: StandardFormat): string[] {
  return FORMATS[format].tables.applications.rows.map((r) => r.id).filter((id) => /^(granted|partially_granted|denied_|unable_|rejected_|other)/.test(id));
}

/** The spanning label of a 表三 result row's group, or null for a row that stands alone. */
function applicationGroup(id: string): string | null {
  if (id.startsWith('denied_')) return '（三）不予公开';
  if (id.startsWith('unable_')) return '（四）无法提供';
  if (id.startsWith('rejected_')) return '（五）不予处理';
  if (id.startsWith('other_')) return '（六）其他处理';
  return null;
}

const APPLICATION_HEAD: Rows = [
  [{ text: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', colspan: 3, rowspan: 3 }, { text: '申请人情况', colspan: 7 }],
  [{ text: '自然人', rowspan: 2 }, { text: '法人或其他组织', colspan: 5 }, { text: '总计', rowspan: 2 }],
  [{ text: '商业企业' }, { text: '科研机构' }, { text: '社会公益组织' }, { text: '法律服务机构' }, { text: '其他' }],
];

/** The label cells that open one 表三 row: its own label, after its group's spanning cells. */
function applicationLabels(id: string, label: string, results: string[], seen: Set<string>): Cell[] {
  if (!results.includes(id) && id !== 'results_total') return [{ text: label, colspan: 3 }];
  const cells: Cell[] = [];
  if (id === results[0]) cells.push({ text: '三、本年度办理结果', rowspan: results.length + 1 });
  const g = applicationGroup(id);
  if (g === null) return [...cells, { text: label, colspan: 2 }];
  if (!seen.has(g)) {
    seen.add(g);
    cells.push({ text: g, rowspan: results.filter((x) => applicationGroup(x) === g).length });
  }
  // the spec's label carries the group heading before a space: the row prints its own part
  return [...cells, { text: label.slice(label.lastIndexOf(' ') + 1) }];
}

/** 表三: the applicant header, then every row of the format with its seven value cells. */
export function applicationRows(n: PrintedNumbers): Rows {
  const results = resultRowIds(n.format);
  const seen = new Set<string>();
  const rows: Rows = APPLICATION_HEAD.map((r) => r.map((c) => ({ ...c })));
  for (const r of FORMATS[n.format].tables.applications.rows) {
    rows.push([...applicationLabels(r.id, r.label, results, seen), ...n.applications(r.id).map((text) => ({ text, value: true }))]);
  }
  return rows;
}

/** 表四: 行政复议 and the two kinds of 行政诉讼, five columns each, one row of values. */
export function reviewRows(n: PrintedNumbers): Rows {
  const cols = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'].map((text) => ({ text }));
  return [
    [{ text: '行政复议', colspan: 5 }, { text: '行政诉讼', colspan: 10 }],
    [...cols.map((c) => ({ ...c, rowspan: 2 })), { text: '未经复议直接起诉', colspan: 5 }, { text: '复议后起诉', colspan: 5 }],
    [...cols, ...cols],
    n.review.map((text) => ({ text, value: true })),
  ];
}

export interface ReportProse {
  /** paragraphs before 一、总体情况 */
  intro?: string[];
  overview: string;
  problems: string;
  other: string;
}

/** The body of a report: the six sections the regulation asks for, the three tables among them. */
export function reportBlocks(n: PrintedNumbers, prose: ReportProse): Block[] {
  const p = (text: string): Block => ({ kind: 'p', text });
  return [
    ...(prose.intro ?? []).map(p),
    p('一、总体情况'),
    p(prose.overview),
    p('二、主动公开政府信息情况'),
    { kind: 'table', rows: activeRows(n) },
    p('三、收到和处理政府信息公开申请情况'),
    { kind: 'table', rows: applicationRows(n) },
    p('四、政府信息公开行政复议、行政诉讼情况'),
    { kind: 'table', rows: reviewRows(n) },
    p('五、存在的主要问题及改进情况'),
    p(prose.problems),
    p('六、其他需要报告的事项'),
    p(prose.other),
  ];
}

// ---------- the three layouts ----------

export interface LayoutStyle {
  /** table: wrap cell text in <p><span> padded with &nbsp;, as Word exports do */
  decorate?: boolean;
  /** lines: break the two-word applicant labels over two lines (商业 / 企业), as real pages do */
  splitHeaders?: boolean;
  /** concatenated: each table row in its own paragraph rather than the whole table in one */
  paragraphPerRow?: boolean;
}

function cellHtml(c: Cell, style: LayoutStyle): string {
  const attrs = `${c.rowspan && c.rowspan > 1 ? ` rowspan="${c.rowspan}"` : ''}${c.colspan && c.colspan > 1 ? ` colspan="${c.colspan}"` : ''}`;
  let inner = escapeHtml(c.text);
  if (style.decorate) inner = c.value ? `<p style="text-align:center"><span>&nbsp;${inner}&nbsp;</span></p>` : `<p><span style="font-family:宋体">${inner}</span></p>`;
  return `<td${attrs}>${inner}</td>`;
}

export function tableHtml(rows: Rows, style: LayoutStyle = {}): string {
  return `<table class="MsoNormalTable" border="1" cellspacing="0"><tbody>\n${rows.map((r) => `<tr>${r.map((c) => cellHtml(c, style)).join('')}</tr>`).join('\n')}\n</tbody></table>`;
}

const SPLITTABLE = new Set(['商业企业', '科研机构', '社会公益组织', '法律服务机构']);

/** A table flattened to one cell per line, in reading order. */
export function tableLines(rows: Rows, style: LayoutStyle = {}): string[] {
  const out: string[] = [];
  for (const c of rows.flat()) {
    if (c.text === '') continue; // an empty cell vanishes when a table is flattened
    if (style.splitHeaders && SPLITTABLE.has(c.text)) out.push(c.text.slice(0, 2), c.text.slice(2));
    else out.push(c.text);
  }
  return out;
}

/** A table's text run together: one string per paragraph (the whole table, or each row). */
export function tableRuns(rows: Rows, style: LayoutStyle = {}): string[] {
  const runs = rows.map((r) => r.map((c) => c.text).join(''));
  return style.paragraphPerRow ? runs : [runs.join('')];
}

/** The body as HTML: paragraphs as <p>, each table drawn in the layout. */
export function blocksHtml(blocks: Block[], layout: PageLayout, style: LayoutStyle = {}): string {
  const p = (s: string) => `<p>${escapeHtml(s)}</p>`;
  return blocks
    .map((b) => {
      if (b.kind === 'p') return p(b.text);
      if (layout === 'table') return tableHtml(b.rows, style);
      return (layout === 'lines' ? tableLines(b.rows, style) : tableRuns(b.rows, style)).map(p).join('\n');
    })
    .join('\n');
}

/** The body as plain text (a text crawl of the page): lines apart by a blank line, or runs. */
export function blocksText(blocks: Block[], layout: Exclude<PageLayout, 'table'>, style: LayoutStyle = {}): string {
  const lines = blocks.flatMap((b) => (b.kind === 'p' ? [b.text] : layout === 'lines' ? tableLines(b.rows, style) : tableRuns(b.rows, style)));
  return lines.join(layout === 'lines' ? '\n\n' : '\n') + '\n';
}

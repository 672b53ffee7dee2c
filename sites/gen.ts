/**
 * Generated annual-report pages for the property tests and the benchmark.
 *
 * A report is first built as numbers that satisfy every rule of the official format (../shared/spec/report-format.md; row totals,
 * column totals, the balance, 表四's group totals), then laid out as a page in one of the three
 * ways real sites publish it: an HTML <table> with rowspan/colspan, one cell per line of text, or
 * the tables' text run together. Labels come from the format's own data (parser/format/spec.ts)
 * where the page prints them as they stand, so a relabelled format shows up here too.
 */
import fc from 'fast-check';
import { APPLICANT_COLUMN_IDS, FORMATS, type StandardFormat } from '../parser/index.js';

export type GenLayout = 'table' | 'lines' | 'concatenated';
export const LAYOUTS: readonly GenLayout[] = ['table', 'lines', 'concatenated'];

/** How a zero is written: most pages write 0, some leave the cell empty or mark it. */
export type ZeroStyle = '0' | '' | '/' | '无' | '——';

export interface GenValues {
  format: StandardFormat;
  year: number;
  entity: string;
  /** active table: row → column → value (numbers; `amount` may be a decimal, `change` may be negative) */
  active: Record<string, Record<string, number>>;
  /** applications table: row → the six applicant columns then the total */
  applications: Record<string, number[]>;
  /** 表四: 15 numbers, three groups of five (last of each = total) */
  review: number[];
}

export interface GenPage {
  values: GenValues;
  layout: GenLayout;
  text: string;
  /** how to hand it to parseReport */
  as: 'html' | 'text';
}

const ENTITIES = ['一平浪镇', '彩云镇', '平潭综合实验区', '上海市人民政府办公厅', '沭阳县发展和改革局', '金山街道办事处'];

/** Counts as real reports have them: mostly 0 or small, now and then large. */
export const countArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 9 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 999 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 200_000 }) },
);

/** Counts of a small body (a town, a bureau): what most concatenated pages hold. */
export const smallCountArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 9 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 99 }) },
);

/** Row ids of 表三 that add up to （七）总计 (../shared/spec/report-format.md). */
export function resultRowIds(format: StandardFormat): string[] {
  return FORMATS[format].tables.applications.rows.map((r) => r.id).filter((id) => /^(granted|partially_granted|denied_|unable_|rejected_|other)/.test(id));
}

/** Numbers for one report that satisfy every rule the format states. */
export function valuesArb(format?: StandardFormat, counts: fc.Arbitrary<number> = countArb): fc.Arbitrary<GenValues> {
  const formatArb = format ? fc.constant(format) : fc.constantFrom<StandardFormat>('2021', '2019');
  return formatArb.chain((f) => {
    const results = resultRowIds(f);
    const six = fc.array(counts, { minLength: 6, maxLength: 6 });
    return fc
      .record({
        year: f === '2021' ? fc.integer({ min: 2021, max: 2025 }) : fc.integer({ min: 2019, max: 2020 }),
        entity: fc.constantFrom(...ENTITIES),
        results: fc.array(six, { minLength: results.length, maxLength: results.length }),
        carriedForward: six,
        carriedOver: six,
        review: fc.array(fc.array(counts, { minLength: 4, maxLength: 4 }), { minLength: 3, maxLength: 3 }),
        activeCounts: fc.array(counts, { minLength: 24, maxLength: 24 }),
        change: fc.array(fc.integer({ min: -300, max: 300 }), { minLength: 6, maxLength: 6 }),
        amountCents: fc.integer({ min: 0, max: 99_999_999 }),
      })
      .map((r) => buildValues(f, r));
  });
}

interface RawDraw {
  year: number;
  entity: string;
  results: number[][];
  carriedForward: number[];
  carriedOver: number[];
  review: number[][];
  activeCounts: number[];
  change: number[];
  amountCents: number;
}

function buildValues(format: StandardFormat, r: RawDraw): GenValues {
  const results = resultRowIds(format);
  const withTotal = (six: number[]) => [...six, six.reduce((a, b) => a + b, 0)];
  const applications: Record<string, number[]> = {};
  const resultsTotal = [0, 0, 0, 0, 0, 0];
  results.forEach((id, i) => {
    applications[id] = withTotal(r.results[i]);
    r.results[i].forEach((v, c) => (resultsTotal[c] += v));
  });
  applications.results_total = withTotal(resultsTotal);
  applications.carried_forward = withTotal(r.carriedForward);
  // new + carried over = results total + carried forward, with carried over no larger than the right side
  const over = r.carriedOver.map((v, c) => Math.min(v, resultsTotal[c] + r.carriedForward[c]));
  applications.carried_over = withTotal(over);
  applications.new_received = withTotal(over.map((v, c) => resultsTotal[c] + r.carriedForward[c] - v));

  const review = r.review.flatMap((g) => [...g, g.reduce((a, b) => a + b, 0)]);

  const active: Record<string, Record<string, number>> = {};
  let k = 0;
  const amount = r.amountCents / 100;
  for (const row of FORMATS[format].tables.active.rows) {
    active[row.id] = {};
    for (const col of row.columns) {
      active[row.id][col.id] = col.kind === 'amount' ? amount : col.kind === 'signed' ? r.change[k++ % r.change.length] : r.activeCounts[k++ % r.activeCounts.length];
    }
  }
  return { format, year: r.year, entity: r.entity, active, applications, review };
}

const REVIEW_GROUP_IDS = ['review', 'litigation_direct', 'litigation_after_review'];
const REVIEW_COLUMN_IDS = ['upheld', 'corrected', 'other', 'pending', 'total'];

/** The number a generated page prints for a record cell `table.row.column` (undefined: not in the format). */
export function truthOf(v: GenValues, path: string): number | undefined {
  const [t, row, col] = path.split('.');
  if (t === 'active') return v.active[row]?.[col];
  if (t === 'applications') return v.applications[row]?.[APPLICANT_COLUMN_IDS.indexOf(col)];
  const g = REVIEW_GROUP_IDS.indexOf(row);
  const c = REVIEW_COLUMN_IDS.indexOf(col);
  return g < 0 || c < 0 ? undefined : v.review[g * 5 + c];
}

// ---------- the page as blocks: paragraphs and tables of cells ----------

interface CellSpec {
  text: string;
  rowspan?: number;
  colspan?: number;
  /** a value cell (decorations differ) */
  value?: boolean;
}
type Block = { kind: 'p'; text: string } | { kind: 'table'; rows: CellSpec[][] };

export interface RenderOptions {
  /** how zeros are written (per page); '' leaves the cell empty */
  zero: ZeroStyle;
  /**
   * When set, each zero picks its own style from ZERO_STYLES by this seed: a page that writes 0
   * in one row and leaves another row's cell empty, as real pages do.
   */
  mixZeros?: number | null;
  /** leave this one applications cell empty when it is 0 (row id, column index): one vanished blank */
  vanish?: { row: string; col: number } | null;
  /** wrap cell text in <p><span> and pad with &nbsp; (table layout) */
  decorate: boolean;
  /** break some header labels over two lines (商业 / 企业) in the lines layout */
  splitHeaders: boolean;
  /** write digits full-width (０-９) */
  fullWidth: boolean;
}

export const ZERO_STYLES: readonly ZeroStyle[] = ['0', '', '/', '无', '——'];

export const renderOptionsArb: fc.Arbitrary<RenderOptions> = fc.record({
  zero: fc.constantFrom<ZeroStyle>('0', '0', '0', '', '/', '无', '——'),
  mixZeros: fc.option(fc.nat({ max: 1_000_000 }), { freq: 3 }),
  decorate: fc.boolean(),
  splitHeaders: fc.boolean(),
  fullWidth: fc.boolean(),
});

/** Zeros written so far on the page being rendered (drives mixZeros). */
let zeroCount = 0;

function zeroText(o: RenderOptions): string {
  if (o.mixZeros === null || o.mixZeros === undefined) return o.zero;
  // a small integer hash of (seed, position): deterministic, no shared random state
  const h = Math.imul((o.mixZeros + zeroCount++) ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  return h % 3 === 0 ? ZERO_STYLES[1 + (h >>> 8) % (ZERO_STYLES.length - 1)] : '0';
}

function num(v: number, o: RenderOptions): string {
  const s = v === 0 ? zeroText(o) : String(v);
  return o.fullWidth ? toFullWidthDigits(s) : s;
}

export function toFullWidthDigits(s: string): string {
  return s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
}

function blocks(v: GenValues, o: RenderOptions): Block[] {
  zeroCount = 0;
  const out: Block[] = [];
  const title = `${v.entity}${v.year}年政府信息公开工作年度报告`;
  out.push({ kind: 'p', text: title });
  out.push({ kind: 'p', text: `一、总体情况` });
  out.push({ kind: 'p', text: `${v.year}年，${v.entity}认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息，依法办理政府信息公开申请。` });
  out.push({ kind: 'p', text: '二、主动公开政府信息情况' });
  out.push({ kind: 'table', rows: activeRows(v, o) });
  out.push({ kind: 'p', text: '三、收到和处理政府信息公开申请情况' });
  out.push({ kind: 'table', rows: applicationRows(v, o) });
  out.push({ kind: 'p', text: '四、政府信息公开行政复议、行政诉讼情况' });
  out.push({ kind: 'table', rows: reviewRows(v, o) });
  out.push({ kind: 'p', text: '五、存在的主要问题及改进情况' });
  out.push({ kind: 'p', text: '政府信息公开工作仍存在一些不足，下一步将进一步加强。' });
  out.push({ kind: 'p', text: '六、其他需要报告的事项' });
  out.push({ kind: 'p', text: '本年度未收取信息处理费。' });
  return out;
}

function activeRows(v: GenValues, o: RenderOptions): CellSpec[][] {
  const rows: CellSpec[][] = [];
  const spec = FORMATS[v.format].tables.active.rows;
  const byId = Object.fromEntries(spec.map((r) => [r.id, r]));
  const val = (row: string, col: string): CellSpec => ({ text: num(v.active[row][col], o), value: true });
  // groups as the official templates print them: item of 第二十条, header row, value rows
  const groups: { item: string; rows: string[] }[] =
    v.format === '2021'
      ? [
          { item: '（一）', rows: ['regulations', 'normative_documents'] },
          { item: '（五）', rows: ['licensing'] },
          { item: '（六）', rows: ['penalty', 'enforcement'] },
          { item: '（八）', rows: ['fees'] },
        ]
      : [
          { item: '（一）', rows: ['regulations', 'normative_documents'] },
          { item: '（五）', rows: ['licensing', 'other_services'] },
          { item: '（六）', rows: ['penalty', 'enforcement'] },
          { item: '（八）', rows: ['fees'] },
          { item: '（九）', rows: ['procurement'] },
        ];
  for (const g of groups) {
    rows.push([{ text: `第二十条第${g.item}项`, colspan: 4 }]);
    const cols = byId[g.rows[0]].columns;
    const span = cols.length === 1 ? 3 : undefined;
    rows.push([{ text: '信息内容' }, ...cols.map((c, i) => ({ text: c.label, colspan: span ?? (i === cols.length - 1 ? 4 - cols.length : 1) }))]);
    for (const id of g.rows) {
      const r = byId[id];
      rows.push([{ text: r.label }, ...r.columns.map((c, i) => {
        const cell = val(id, c.id);
        if (c.kind === 'amount' && v.format === '2019' && v.active[id][c.id] !== 0) cell.text += '万元';
        return { ...cell, colspan: span ?? (i === r.columns.length - 1 ? 4 - r.columns.length : 1) };
      })]);
    }
  }
  return rows;
}

function applicationRows(v: GenValues, o: RenderOptions): CellSpec[][] {
  const app = FORMATS[v.format].tables.applications.rows;
  const values = (id: string): CellSpec[] =>
    v.applications[id].map((n, i) => ({ text: n === 0 && o.vanish?.row === id && o.vanish.col === i ? '' : num(n, o), value: true }));
  const rows: CellSpec[][] = [
    [{ text: '申请人情况', colspan: 3, rowspan: 3 }, { text: '申请人情况', colspan: 7 }],
    [{ text: '自然人', rowspan: 2 }, { text: '法人或其他组织', colspan: 5 }, { text: '总计', rowspan: 2 }],
    [{ text: '商业企业' }, { text: '科研机构' }, { text: '社会公益组织' }, { text: '法律服务机构' }, { text: '其他' }],
  ];
  const results = resultRowIds(v.format);
  const groupOf = (id: string) => (/^denied_/.test(id) ? '（三）不予公开' : /^unable_/.test(id) ? '（四）无法提供' : /^rejected_/.test(id) ? '（五）不予处理' : /^other_/.test(id) ? '（六）其他处理' : null);
  const groupSize = (g: string) => results.filter((id) => groupOf(id) === g).length;
  const seen = new Set<string>();
  for (const r of app) {
    const cells: CellSpec[] = [];
    if (r.id === 'new_received' || r.id === 'carried_over' || r.id === 'carried_forward') {
      cells.push({ text: r.label, colspan: 3 });
    } else {
      if (r.id === 'granted') cells.push({ text: '三、本年度办理结果', rowspan: results.length + 1 });
      const g = groupOf(r.id);
      if (g === null) {
        cells.push({ text: r.label.replace(/^三、本年度办理结果/, ''), colspan: 2 });
      } else {
        if (!seen.has(g)) {
          seen.add(g);
          cells.push({ text: g, rowspan: groupSize(g) });
        }
        // the sub-row's own label: the spec label without its group heading
        cells.push({ text: r.label.replace(/^（[一二三四五六]）\S+?\s+/, '') });
      }
    }
    rows.push([...cells, ...values(r.id)]);
  }
  return rows;
}

function reviewRows(v: GenValues, o: RenderOptions): CellSpec[][] {
  const cols = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'].map((text) => ({ text }));
  return [
    [{ text: '行政复议', colspan: 5 }, { text: '行政诉讼', colspan: 10 }],
    [...cols.map((c) => ({ ...c, rowspan: 2 })), { text: '未经复议直接起诉', colspan: 5 }, { text: '复议后起诉', colspan: 5 }],
    [...cols, ...cols],
    v.review.map((n) => ({ text: num(n, o), value: true })),
  ];
}

// ---------- layouts ----------

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function renderHtml(bs: Block[], v: GenValues, o: RenderOptions): string {
  const title = `${v.entity}${v.year}年政府信息公开工作年度报告`;
  const parts: string[] = [`<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><div class="article"><h1>${escapeHtml(title)}</h1>`];
  const cellHtml = (c: CellSpec) => {
    const attrs = `${c.rowspan ? ` rowspan="${c.rowspan}"` : ''}${c.colspan && c.colspan > 1 ? ` colspan="${c.colspan}"` : ''}`;
    let inner = escapeHtml(c.text);
    if (o.decorate) inner = c.value ? `<p style="text-align:center"><span>&nbsp;${inner}&nbsp;</span></p>` : `<p><span style="font-family:宋体">${inner}</span></p>`;
    return `<td${attrs}>${inner}</td>`;
  };
  for (const b of bs.slice(1)) {
    if (b.kind === 'p') parts.push(`<p>${escapeHtml(b.text)}</p>`);
    else parts.push(`<table border="1" cellspacing="0"><tbody>${b.rows.map((r) => `<tr>${r.map(cellHtml).join('')}</tr>`).join('\n')}</tbody></table>`);
  }
  parts.push('<div class="nav"><p>上一篇：<a href="/a/1.html">没有了</a></p></div></div></body></html>');
  return parts.join('\n');
}

const SPLITTABLE = new Set(['商业企业', '科研机构', '社会公益组织', '法律服务机构']);

function renderLines(bs: Block[], o: RenderOptions): string {
  const lines: string[] = [];
  for (const b of bs) {
    if (b.kind === 'p') {
      lines.push(b.text, '');
      continue;
    }
    for (const r of b.rows) {
      for (const c of r) {
        if (c.text === '') continue; // an empty cell vanishes when a table is flattened to lines
        if (o.splitHeaders && SPLITTABLE.has(c.text)) lines.push(c.text.slice(0, 2), '', c.text.slice(2), '');
        else lines.push(c.text, '');
      }
    }
    lines.push('');
  }
  return lines.join('\n');
}

function renderConcatenated(bs: Block[]): string {
  return bs.map((b) => (b.kind === 'p' ? b.text : b.rows.map((r) => r.map((c) => c.text).join('')).join(''))).join('\n');
}

export function renderPage(v: GenValues, layout: GenLayout, o: RenderOptions): GenPage {
  const bs = blocks(v, o);
  if (layout === 'table') return { values: v, layout, text: renderHtml(bs, v, o), as: 'html' };
  if (layout === 'lines') return { values: v, layout, text: renderLines(bs, o), as: 'text' };
  return { values: v, layout, text: renderConcatenated(bs), as: 'text' };
}

/** A generated page: any format, any layout, numbers of any size. */
export const pageArb: fc.Arbitrary<GenPage> = fc
  .tuple(valuesArb(), fc.constantFrom(...LAYOUTS), renderOptionsArb)
  .map(([v, layout, o]) => renderPage(v, layout, o));

/** A generated page of a small body (counts below 100). */
export const smallPageArb: fc.Arbitrary<GenPage> = fc
  .tuple(valuesArb(undefined, smallCountArb), fc.constantFrom(...LAYOUTS), renderOptionsArb)
  .map(([v, layout, o]) => renderPage(v, layout, o));

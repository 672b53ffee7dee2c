/**
 * Generated annual-report pages for the fuzzer, the property tests and the parser bench.
 *
 * A report is first drawn as numbers that satisfy every rule of the format (row totals, column
 * totals, the balance, 表四's group totals: ../shared/spec/report-format.md), then printed as real
 * pages print numbers (zeros written 0, left empty or marked; full-width digits; 万元) and laid
 * out by the sites' one report builder (sites/report.ts) in any of the three layouts: an HTML
 * page for `table`, the text of a page for `lines` and `concatenated`.
 */
import fc from 'fast-check';
import { APPLICANT_COLUMN_IDS, FORMATS, type StandardFormat } from '../parser/index.js';
import { escapeHtml } from './html.js';
import { blocksHtml, blocksText, LAYOUTS, reportBlocks, resultRowIds, type PageLayout, type PrintedNumbers } from './report.js';

export type GenLayout = PageLayout;
export { LAYOUTS, resultRowIds };

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

// ---------- numbers as printed, then the page ----------

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

export function toFullWidthDigits(s: string): string {
  return s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
}

/** How one page prints its numbers; zeros are counted in the order the page prints them (mixZeros). */
function printed(v: GenValues, o: RenderOptions): PrintedNumbers {
  let zeros = 0;
  const zeroText = (): string => {
    if (o.mixZeros === null || o.mixZeros === undefined) return o.zero;
    // a small integer hash of (seed, position): deterministic, no shared random state
    const h = Math.imul((o.mixZeros + zeros++) ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
    return h % 3 === 0 ? ZERO_STYLES[1 + (h >>> 8) % (ZERO_STYLES.length - 1)] : '0';
  };
  const num = (n: number) => {
    const s = n === 0 ? zeroText() : String(n);
    return o.fullWidth ? toFullWidthDigits(s) : s;
  };
  const kinds = new Map(FORMATS[v.format].tables.active.rows.flatMap((r) => r.columns.map((c) => [`${r.id}.${c.id}`, c.kind] as const)));
  return {
    format: v.format,
    active: (row, col) => {
      const n = v.active[row][col];
      // the 2019 template's amount is often written with its unit
      return num(n) + (kinds.get(`${row}.${col}`) === 'amount' && v.format === '2019' && n !== 0 ? '万元' : '');
    },
    applications: (row) => v.applications[row].map((n, i) => (n === 0 && o.vanish?.row === row && o.vanish.col === i ? '' : num(n))),
    review: v.review.map(num),
  };
}

export function renderPage(v: GenValues, layout: GenLayout, o: RenderOptions): GenPage {
  const title = `${v.entity}${v.year}年政府信息公开工作年度报告`;
  const blocks = reportBlocks(printed(v, o), {
    // a text page starts with its title; an HTML page carries it in <title> and <h1>
    intro: layout === 'table' ? [] : [title],
    overview: `${v.year}年，${v.entity}认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息，依法办理政府信息公开申请。`,
    problems: '政府信息公开工作仍存在一些不足，下一步将进一步加强。',
    other: '本年度未收取信息处理费。',
  });
  if (layout !== 'table') return { values: v, layout, text: blocksText(blocks, layout, o), as: 'text' };
  const t = escapeHtml(title);
  const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${t}</title></head><body><div class="article"><h1>${t}</h1>
${blocksHtml(blocks, 'table', o)}
<div class="nav"><p>上一篇：<a href="/a/1.html">没有了</a></p></div></div></body></html>`;
  return { values: v, layout, text: html, as: 'html' };
}

/** A generated page: any format, any layout, numbers of any size. */
export const pageArb: fc.Arbitrary<GenPage> = fc
  .tuple(valuesArb(), fc.constantFrom(...LAYOUTS), renderOptionsArb)
  .map(([v, layout, o]) => renderPage(v, layout, o));

/** A generated page of a small body (counts below 100). */
export const smallPageArb: fc.Arbitrary<GenPage> = fc
  .tuple(valuesArb(undefined, smallCountArb), fc.constantFrom(...LAYOUTS), renderOptionsArb)
  .map(([v, layout, o]) => renderPage(v, layout, o));

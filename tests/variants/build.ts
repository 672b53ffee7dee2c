/**
 * Small report pages of our own for the variant cases (tests/variants.test.ts): an invented body's
 * 2021- or 2019-format tables as an HTML `<table>` page, as one cell per line, or run together,
 * from a few numbers. Only the rows a case names get numbers; every other cell is written 0.
 */
import { APPLICANT_COLUMN_IDS, FORMAT_2021_ONE_OTHER_ROW, FORMATS, type StandardFormat } from '../../parser/index.js';

/** One row of 表三: seven cells (six applicant kinds, 总计); '' is a blank cell. */
export type Row = (number | string)[];

export interface PageSpec {
  format?: StandardFormat;
  title?: string;
  /** text before the tables (prose, a date line, a wrapper) */
  before?: string;
  /** 表三 rows by id; absent rows are all 0 */
  app?: Record<string, Row>;
  /** 表三 labels replaced (a variant label for a row id) */
  labels?: Record<string, string>;
  /** a 2021 表三 with the 2019 table's one （六）其他处理 row */
  oneOtherRow?: boolean;
  /** 表三 rows left out of the page */
  omit?: string[];
  /** 表四: fifteen cells, or a sentence in place of the table */
  review?: Row | string;
  /** 表四's section heading */
  reviewHeading?: string;
  /** 表二: row id → its cells */
  active?: Record<string, Row>;
}

const zeros = (n: number): Row => Array.from({ length: n }, () => 0);

function appRows(s: PageSpec): [string, string, Row][] {
  const f = s.oneOtherRow ? FORMAT_2021_ONE_OTHER_ROW : FORMATS[s.format ?? '2021'];
  return f.tables.applications.rows
    .filter((r) => !(s.omit ?? []).includes(r.id))
    .map((r) => [r.id, s.labels?.[r.id] ?? r.label, s.app?.[r.id] ?? zeros(APPLICANT_COLUMN_IDS.length)]);
}

function activeRows(s: PageSpec): [string, Row][] {
  const f = FORMATS[s.format ?? '2021'];
  return f.tables.active.rows.map((r) => [r.label, s.active?.[r.id] ?? zeros(r.columns.length)]);
}

const REVIEW_HEAD = ['行政复议', '行政诉讼', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '未经复议直接起诉', '复议后起诉',
  ...Array.from({ length: 2 }, () => ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']).flat()];

function title(s: PageSpec): string {
  return s.title ?? `青禾镇${(s.format ?? '2021') === '2021' ? 2022 : 2020}年政府信息公开工作年度报告`;
}

const td = (x: number | string) => `<td>${x}</td>`;

/** The page as an HTML document with real tables. */
export function htmlPage(s: PageSpec): string {
  const act = activeRows(s).map(([label, cells]) => `<tr>${td(label)}${cells.map(td).join('')}</tr>`).join('');
  const app = appRows(s).map(([, label, cells]) => `<tr>${td(label)}${cells.map(td).join('')}</tr>`).join('');
  const head = `<tr>${td('申请人情况')}${td('自然人')}${td('法人或其他组织')}${td('总计')}</tr><tr>${['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'].map(td).join('')}</tr>`;
  const review = typeof s.review === 'string'
    ? `<p>${s.review}</p>`
    : `<table><tr>${REVIEW_HEAD.map(td).join('')}</tr><tr>${(s.review ?? zeros(15)).map(td).join('')}</tr></table>`;
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title(s)}</title></head><body><h1>${title(s)}</h1>
${s.before ?? ''}<p>一、总体情况</p><p>本年度我镇认真落实政府信息公开工作。</p>
<p>二、主动公开政府信息情况</p><table>${act}</table>
<p>三、收到和处理政府信息公开申请情况</p><table>${head}${app}</table>
<p>${s.reviewHeading ?? '四、政府信息公开行政复议、行政诉讼情况'}</p>${review}
<p>五、存在的主要问题及改进情况</p><p>一是……</p><p>六、其他需要报告的事项</p><p>无。</p></body></html>`;
}

/** The page as plain text; `cells` joins one row's cells (run together: ''). */
export function textPage(s: PageSpec, cells: (row: Row) => string = (r) => r.join('')): string {
  const act = activeRows(s).map(([label, c]) => `${label}${cells(c)}`).join('');
  const app = appRows(s).map(([, label, c]) => `${label}${cells(c)}`).join('');
  const review = typeof s.review === 'string' ? s.review : `${REVIEW_HEAD.join('')}${cells(s.review ?? zeros(15))}`;
  return [
    title(s),
    s.before ?? '',
    '一、总体情况本年度我镇认真落实政府信息公开工作。',
    `二、主动公开政府信息情况${act}`,
    `三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他${app}`,
    `${s.reviewHeading ?? '四、政府信息公开行政复议、行政诉讼情况'}${review}`,
    '五、存在的主要问题及改进情况一是……六、其他需要报告的事项无。',
  ].join('\n');
}

/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The panel's downloads with their provenance: a CSV of the cells and the checks (each check
 * with its sentence, printed value, sum and difference), written with parser/export/csv.ts's
 * helpers; and a self-contained HTML check report (printable to PDF) with the raw page's sha256.
 */
import { BOM, csvLine, longRows, LONG_HEADER, PROVENANCE_HEADER } from '../../parser/index.js';
import { PARSER_VERSION, scopeLabel, sentence, type Check, type FindingContext, type ReportRecord } from '../../parser/index.js';
import { publishedText, withParen, type Provenance } from './cite.js';
import { checkKey } from './findings.js';
import { allGrids } from './grids.js';
import { h } from './h.js';
import { STRINGS } from './i18n.js';
import { checkKind, countWords, tally, verdictOf } from './verdict.js';

const PROVENANCE = ['source_url', 'archive_url', 'title', 'entity', 'year', 'published_at', 'published_at_source', 'accessed_at', 'format', 'layout'] as const;
// the cell's own columns: this CSV says the provenance once, in its own words, before them
const CELL = LONG_HEADER.slice(4, LONG_HEADER.length - PROVENANCE_HEADER.length);
const CHECK = ['check', 'scope', 'scope_label', 'check_status', 'finding', 'sentence', 'left', 'right', 'printed', 'sum', 'difference', 'cells', 'other_report_url'] as const;
export const PANEL_CSV_HEADER = ['row_type', ...PROVENANCE, ...CELL, ...CHECK] as const;

/** Rules whose left side is a total printed in the report and right side the sum of its parts. */
const PRINTED_LEFT = new Set(['applications.row_total', 'applications.results_total', 'review_litigation.total']);

export function checkFields(ctx: FindingContext, c: Check): (string | number | null)[] {
  const printed = PRINTED_LEFT.has(c.id) ? c.left : null;
  const sum = PRINTED_LEFT.has(c.id) ? c.right : null;
  const d = c.left !== null && c.right !== null ? Math.round((c.left - c.right) * 1e6) / 1e6 : null;
  const other = c.reports?.find((r) => r.url !== ctx.rec.source.url)?.url ?? null;
  return [c.id, c.scope, scopeLabel(ctx, c), c.status, checkKind(ctx.rec, c), sentence(ctx, c), c.left, c.right, printed, sum, d, c.cells.join(' '), other];
}

/** Where the date was found, as data: "label:公开日期", "meta:pubdate"; empty when unknown. */
const dateSourceField = (rec: ReportRecord) => (rec.publishedAtSource ? `${rec.publishedAtSource.kind}:${rec.publishedAtSource.key}` : null);

export function panelCsv(ctx: FindingContext, prov: Provenance, checks: readonly Check[]): string {
  const rec = ctx.rec;
  const base = [prov.url, prov.archiveUrl, rec.title, rec.entity, rec.year, rec.publishedAt, dateSourceField(rec), prov.accessedAt, rec.format, rec.layout];
  const noCell = CELL.map(() => null);
  const noCheck = CHECK.map(() => null);
  let out = BOM + csvLine(PANEL_CSV_HEADER);
  for (const row of longRows(rec)) out += csvLine(['cell', ...base, ...row.slice(4, row.length - PROVENANCE_HEADER.length), ...noCheck]);
  for (const c of checks) out += csvLine(['check', ...base, ...noCell, ...checkFields(ctx, c)]);
  return out;
}

const REPORT_CSS = `body{font:14px/1.5 system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;max-width:60em;margin:2em auto;color:#1f2328}
h1{font-size:20px}h2{font-size:16px;margin-top:1.5em}h4{font-size:13px}.verdict{font-size:16px;font-weight:600;padding:6px 10px;border-radius:6px}
.fail{background:#ffebe9}.pass{background:#dafbe1}.unconfirmed{background:#fff8c5}
table{border-collapse:collapse;margin:4px 0 10px}th,td{border:1px solid #d0d7de;padding:2px 5px;font-size:12px;text-align:right}th.row,td.s{text-align:left}
dt{font-weight:600}dd{margin:0 0 4px 0;word-break:break-all}@media print{details{display:block}}`;

/** The check report as one HTML file: no script, no outside resource, every page text set as text. */
export function reportHtml(ctx: FindingContext, prov: Provenance, checks: readonly Check[], sha256: string | null, now = new Date()): string {
  const doc = document.implementation.createHTMLDocument(ctx.rec.title ?? 'gongkai');
  const s = STRINGS[ctx.lang];
  const c = s.cite;
  const t = tally(ctx.rec, checks);
  const v = verdictOf(t);
  doc.documentElement.lang = ctx.lang === 'zh' ? 'zh-CN' : 'en';
  doc.head.append(h(doc, 'meta', { charset: 'utf-8' }), h(doc, 'style', {}, REPORT_CSS));
  const rows: [string, string | null][] = [
    [c.title, ctx.rec.title], [c.body, ctx.rec.entity], [prov.archiveUrl ? c.original : c.url, prov.url], [c.archived, prov.archiveUrl],
    [c.file, prov.fileUrl ?? null],
    [c.published, publishedText(ctx.rec, ctx.lang)], [c.accessed, withParen(ctx.lang, prov.accessedAt, s.dateFrom[prov.accessedFrom])],
    [c.sha256, sha256], [c.tool, `gongkai ${PARSER_VERSION}`], [s.report.generated, now.toISOString()],
  ];
  const findings = checks.filter((x) => checkKind(ctx.rec, x) !== 'pass');
  const parts: (HTMLElement | null)[] = [
    h(doc, 'h1', {}, s.report.heading),
    h(doc, 'p', { class: `verdict ${v}`, 'data-verdict': v }, `${s.verdict[v]} — ${countWords(t, s).join(' · ')}`),
    h(doc, 'h2', {}, s.report.provenance),
    h(doc, 'dl', {}, ...rows.filter(([, val]) => val).flatMap(([k, val]) => [h(doc, 'dt', {}, k), h(doc, 'dd', {}, val)])),
    findings.length ? h(doc, 'h2', {}, s.findings) : null,
    findings.length ? h(doc, 'ol', {}, ...findings.map((x) => h(doc, 'li', { 'data-check': checkKey(x) }, sentence(ctx, x)))) : null,
    h(doc, 'h2', {}, s.report.checks),
    h(doc, 'table', {}, h(doc, 'tbody', {}, ...checks.map((x) => h(doc, 'tr', {},
      h(doc, 'td', {}, x.status === 'pass' && checkKind(ctx.rec, x) === 'pass' ? '✓' : x.status === 'fail' ? '✗' : x.status === 'pass' ? '≡' : '?'),
      h(doc, 'td', { class: 's' }, sentence(ctx, x)))))),
    h(doc, 'h2', {}, s.tables),
    ...allGrids(doc, ctx.rec, ctx.lang, checks),
  ];
  doc.body.append(...parts.filter((x): x is HTMLElement => x !== null));
  return `<!DOCTYPE html>\n${doc.documentElement.outerHTML}\n`;
}

/** Hex sha256 with the page's own crypto.subtle, or null where the page is not a secure context. */
export async function sha256Hex(bytes: ArrayBuffer): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const d = new Uint8Array(await subtle.digest('SHA-256', bytes));
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function toBase64(bytes: ArrayBuffer): string {
  const u8 = new Uint8Array(bytes);
  let bin = '';
  for (let i = 0; i < u8.length; i += 0x8000) bin += String.fromCharCode(...u8.subarray(i, i + 0x8000));
  return btoa(bin);
}

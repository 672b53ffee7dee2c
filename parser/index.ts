/**
 * gongkai's parser: a report page (HTML or text) → a checked record. Pure TypeScript: no DOM,
 * no Node APIs, so the scraper (Node) and the extension (browser) run the same code.
 * It never throws on input: problems are data, in the record's `issues`.
 */
import type { DocModel } from './doc/model.js';
import { htmlToModel, looksLikeHtml } from './doc/html.js';
import { textToModel } from './doc/text.js';
import { pdfToModel, type PdfText } from './doc/pdf-layout.js';
import { fold } from './format/normalize.js';
import { FORMAT_2021_ONE_OTHER_ROW, FORMATS, type FormatId, type StandardFormat } from './format/spec.js';
import { extractMeta } from './meta/meta.js';
import { readLegacy } from './read/legacy.js';
import { readStandard, type StandardRead } from './read/standard.js';
import { buildStream, type Stream } from './read/stream.js';
import { toColumnUnits } from './read/units.js';
import { splitBounds } from './read/readings.js';
import { fillReview, reviewSentence } from './read/sentence.js';
import { runChecks } from './checks/rules.js';
import { narrativeChecks } from './checks/narrative.js';
import { SCHEMA_ID } from './record/id.js';
import type { Issue, ReportRecord } from './record/schema.js';
import { PARSER_VERSION } from './version.js';

export interface ParseOptions {
  url?: string | null;
  file?: string | null;
  sha256?: string | null;
  fetchedAt?: string | null;
  /** the page's report file this input is (url is then the page's): kept in source.attachment */
  attachment?: { url: string; kind: 'pdf' | 'docx' | 'doc' } | null;
  /** how to read the input; `auto` tells HTML from text by its markup */
  as?: 'html' | 'text' | 'auto';
}

/** Inputs beyond this are cut (a report page is well under 2 MB); the cut is an issue. */
export const MAX_INPUT_CHARS = 8_000_000;

export function parseReport(input: string, opts: ParseOptions = {}): ReportRecord {
  let page: Page;
  try {
    page = pageModel(input, opts);
  } catch (err) {
    return failedRecord(opts, [internalIssue(err)]);
  }
  return parsePage(page, opts);
}

/** A page's document model, with what had to be done to the input to get it. */
export interface Page {
  doc: DocModel;
  issues: Issue[];
}

/**
 * The first half of parseReport: input → document model (HTML or text, cut to the size bound).
 * The crawler looks at the model's links before the tables are read. May throw; parseReport does not.
 */
export function pageModel(input: string, opts: ParseOptions = {}): Page {
  const issues: Issue[] = [];
  let text = typeof input === 'string' ? input : '';
  if (text.length > MAX_INPUT_CHARS) {
    issues.push({ code: 'INPUT_TRUNCATED', severity: 'warning', message: `input of ${text.length} characters cut to ${MAX_INPUT_CHARS}` });
    text = text.slice(0, MAX_INPUT_CHARS);
  }
  const asHtml = opts.as === 'html' || (opts.as !== 'text' && looksLikeHtml(text));
  return { doc: asHtml ? htmlToModel(text) : textToModel(text), issues };
}

/** The second half of parseReport: document model → record, never throwing. */
export function parsePage(page: Page, opts: ParseOptions = {}): ReportRecord {
  const rec = parseModel(page.doc, opts);
  rec.issues.unshift(...page.issues);
  return rec;
}

/** Fewer characters than this on all pages (page numbers aside) is no text layer. */
const MIN_PDF_TEXT = 20;

/**
 * A PDF's positioned text (read by a PDF adapter outside the parser) → record. A PDF whose pages
 * carry no text (a scan) gets the SCANNED_NO_TEXT issue and no cells: nothing is guessed.
 */
export function parsePdf(pdf: PdfText, opts: ParseOptions = {}): ReportRecord {
  let doc: DocModel;
  try {
    doc = pdfToModel(pdf);
  } catch (err) {
    return failedRecord(opts, [internalIssue(err)]);
  }
  const chars = doc.units.reduce((n, u) => n + u.text.replace(/\s+/g, '').length, 0);
  if (chars < MIN_PDF_TEXT) {
    return failedRecord(opts, [{ code: SCANNED_NO_TEXT, severity: 'error', message: `scanned: no text layer (${pdf.pages.length} page${pdf.pages.length === 1 ? '' : 's'} of images; reading them would need OCR, nothing is guessed)` }]);
  }
  return parseModel(doc, opts);
}

/** The issue of a PDF without a text layer. */
export const SCANNED_NO_TEXT = 'SCANNED_NO_TEXT' as const;

/** The document model of a page (from htmlparser2 or the live DOM) → record. */
export function parseModel(doc: DocModel, opts: ParseOptions = {}): ReportRecord {
  try {
    return parseModelUnsafe(doc, opts);
  } catch (err) {
    return failedRecord(opts, [internalIssue(err)]);
  }
}

function parseModelUnsafe(doc: DocModel, opts: ParseOptions): ReportRecord {
  const issues: Issue[] = [];
  const meta = extractMeta(doc, opts.url ?? null);
  const stream = buildStream(doc.units);
  const format = detectFormat(stream, meta.year);
  const rec: ReportRecord = {
    ...baseRecord(opts),
    title: meta.title,
    entity: meta.entity,
    year: meta.year,
    publishedAt: meta.publishedAt,
    publishedAtSource: meta.publishedAtSource,
    format: 'unknown',
    layout: null,
    nav: meta.nav,
    tables: {},
    checks: [],
    issues,
  };
  if (meta.year === null) issues.push({ code: 'YEAR_NOT_FOUND', severity: 'warning', message: 'the year reported on was not found in the title or text' });

  if (format === '2021' || format === '2019') {
    const read = format === '2021' ? withOneOtherRow(stream, readStandard(stream, FORMATS[format])) : readStandard(stream, FORMATS[format]);
    if (read.found.applications && !read.found.review_litigation) reviewFromSentence(stream, read);
    if (read.found.applications || (read.found.active && read.found.review_litigation)) {
      rec.format = format;
      rec.layout = read.layout;
      toColumnUnits(FORMATS[format], read.tables, issues);
      rec.tables = read.tables;
      rec.checks = [...runChecks(format, read.tables, read.hasTotalColumn, read.decoded, splitBounds(read.runs)), ...narrativeChecks(doc, read.tables)];
      issues.push(...read.issues);
      if (meta.year !== null && expectedFormat(meta.year) !== format) {
        issues.push({ code: 'FORMAT_YEAR_MISMATCH', severity: 'info', message: `a ${meta.year} report in the ${format} format (the tables' labels decide)` });
      }
      return rec;
    }
  }
  const legacy = readLegacy(stream);
  if (legacy) {
    rec.format = 'legacy';
    rec.layout = doc.units.some((u) => u.kind === 'cell') ? 'table' : 'concatenated';
    rec.tables = { legacy };
    issues.push({ code: 'NO_STANDARD_TABLES', severity: 'info', message: 'a pre-2019 report: its 统计表 is read as labelled values; there are no standard tables to check' });
    return rec;
  }
  if (meta.title && /信息公开|政务公开/.test(meta.title) && (meta.year ?? 9999) < 2019) {
    rec.format = 'legacy';
    issues.push({ code: 'NO_STANDARD_TABLES', severity: 'info', message: 'a pre-2019 report without a statistics table: its numbers are in prose only' });
    return rec;
  }
  issues.push({ code: 'NO_REPORT', severity: 'error', message: 'no annual-report tables were found on this page' });
  return rec;
}

/** The three 2021 sub-rows of （六）其他处理. */
const OTHER_SUB_ROWS = ['other_no_correction', 'other_fee_unpaid', 'other_other'];

/**
 * A 2021 report whose template kept the 2019 table's one （六）其他处理 row: when none of the three
 * 2021 sub-rows is on the page and that row is, the page is read with it (the sub-rows are then
 * absent from the record, not missing, and the results rule adds the one row).
 */
function withOneOtherRow(stream: Stream, read: StandardRead): StandardRead {
  const notFound = (row: string, r: StandardRead) => r.issues.some((i) => i.code === 'ROW_NOT_FOUND' && i.path === `applications.${row}`);
  if (!read.found.applications || !OTHER_SUB_ROWS.every((row) => notFound(row, read))) return read;
  const alt = readStandard(stream, FORMAT_2021_ONE_OTHER_ROW);
  if (!alt.found.applications || notFound('other', alt)) return read;
  alt.issues.push({ code: 'ONE_OTHER_ROW', severity: 'info', path: 'applications.other', message: '表三 has one （六）其他处理 row, as in the 2019 format, instead of the three 2021 sub-rows: it is read as the row `other`' });
  return alt;
}

/** 表四 written as a sentence saying there was no case: its cells, in place of TABLE_NOT_FOUND. */
function reviewFromSentence(stream: Stream, read: StandardRead): void {
  const after = stream.folded.lastIndexOf('继续办理');
  const s = reviewSentence(stream, Math.max(0, after));
  if (!s) return;
  fillReview(read.tables.review_litigation, s, read.issues);
  read.found.review_litigation = true;
  read.issues = read.issues.filter((i) => !(i.code === 'TABLE_NOT_FOUND' && i.path === 'review_litigation'));
}

/** The format from the tables' own labels; the year only breaks a tie. */
export function detectFormat(stream: Stream, year: number | null): FormatId {
  const t = stream.folded;
  const score = (res: RegExp[]) => res.reduce((n, re) => n + (re.test(t) ? 1 : 0), 0);
  const s2021 = score([/本年制发件数/, /本年废止件数/, /现行有效件/, /逾期不补正/, /逾期未按收费通知/, /本年收费金额/]);
  const s2019 = score([/本年新制作数量/, /本年新公开数量/, /对外公开总数量/, /政府集中采购/, /上一年项目数量/, /其他对外管理服务事项/]);
  if (s2021 > s2019) return '2021';
  if (s2019 > s2021) return '2019';
  const hasApplications = /本年新收.{0,3}政府信息公开申请|上年结转政府信息公开申请|结转下年度继续办理/.test(t);
  if (s2021 > 0 || hasApplications) return year !== null && year <= 2020 ? '2019' : '2021';
  return year !== null && year < 2019 ? 'legacy' : 'unknown';
}

function expectedFormat(year: number): FormatId {
  return year >= 2021 ? '2021' : year >= 2019 ? '2019' : 'legacy';
}

function baseRecord(opts: ParseOptions) {
  return {
    schema: SCHEMA_ID,
    parserVersion: PARSER_VERSION,
    source: {
      url: opts.url ?? null, file: opts.file ?? null, sha256: opts.sha256 ?? null, fetchedAt: opts.fetchedAt ?? null,
      ...(opts.attachment ? { attachment: { url: opts.attachment.url, kind: opts.attachment.kind } } : {}),
    },
  } as const;
}

function failedRecord(opts: ParseOptions, issues: Issue[]): ReportRecord {
  return {
    ...baseRecord(opts),
    title: null, entity: null, year: null, publishedAt: null,
    format: 'unknown', layout: null, nav: null, tables: {}, checks: [], issues,
  };
}

function internalIssue(err: unknown): Issue {
  return { code: 'INTERNAL_ERROR', severity: 'error', message: `the parser failed on this input: ${err instanceof Error ? err.message : String(err)}` };
}

// ---------- the public face: code outside parser/ imports from here, never from its internals ----------
// Re-exports cost a bundle nothing it does not use: the record's zod schemas are marked free of
// side effects (wxt.config.ts), so a bundle that only parses leaves them and zod out.

export { fold, PARSER_VERSION };
export type { StandardFormat };
// the document model, for callers that build it from their own tree (the extension's live DOM)
export { walkTree } from './doc/walk.js';
export type { DocModel, PageLink, TextPiece, TreeAdapter, Unit } from './doc/model.js';
// the page's prev/next links, which the crawler follows before it reads any table
export { findNav, type Meta } from './meta/meta.js';
// the report files a page links (附件), which the crawler fetches and the extension offers to read
export { reportAttachments, registrableDomain, sameSite, titledAsReport, wantsAttachment, MAX_ATTACHMENTS, type Attachment, type AttachmentKind } from './meta/attachments.js';
// the record contract and the formats' tables, rows, columns and rules
// a PDF's positioned text (read by an adapter outside the parser) and its document model
export type { PdfPageText, PdfText, PdfTextItem } from './doc/pdf-layout.js';
export { pdfToModel };
export * from './record/schema.js';
export * from './format/spec.js';
// the arithmetic checks, within one report and across consecutive years
export { seriesChecks } from './checks/series.js';
// a page's tables against its report file's (source.agree), when both read
export { agreeChecks, SOURCE_AGREE } from './checks/agree.js';
// the one-report checks, and a record cell by its path (the extension's sentences read the cells a check names)
export { cellAt, runChecks } from './checks/rules.js';
export { narrativeChecks, narrativeSentence, NARRATIVE_RULES, overviewText } from './checks/narrative.js';
// the verdict of a report from its checks (the extension's panel, gongkai series and report)
export { cellOf, checkKind, KIND_ORDER, tally, verdictOf, type CheckKind, type Tally, type Verdict } from './checks/verdict.js';
// each finding as a sentence in the reader's language (the panel, gongkai series and report)
export { cellLabel, ruleWords, scopeLabel, sentence, SENTENCE_STRINGS, sharedFailCells, shortLabel, specOf, statement, type FindingContext, type Lang, type RuleId, type SentenceStrings } from './checks/sentences.js';
// the CSV forms of records (long, wide, checks) and their pieces
export * from './export/csv.js';
// one vocabulary across the 2019 and 2021 formats
export { CROSSWALK, crosswalkMarkdown, harmonisedCell, harmonisedColumns, type CrosswalkEntry, type CrosswalkRelation } from './format/crosswalk.js';
// a body's reports as a dataset: body keys, canonical reports, series rows
export { bodyKeys, bodyMatches, bodyName, type BodySource } from './series/body.js';
export { canonicalReports, reportId, tablesFingerprint, type CanonicalReport } from './series/canonical.js';
export { bodySeriesView, FIGURES, figure, yearContext, type BodySeries, type Figure, type SeriesYear } from './series/view.js';
export { bodyDataset, dataset, datasetReport, gapCheck, looseRows, siteOf, type DatasetReport, type SeriesRow } from './series/dataset.js';
// splitting run-together digits by the rules (its own edge cases are tested directly)
export { splitTokens, type Part, type SplitOptions, type SplitResult, type Token } from './read/split.js';

/**
 * The report record (the contract in ../shared/spec/record.md, outside this repo) as zod schemas:
 * the contract between the parser, the scraper's store, the CSV export and the extension. Fields
 * may be added; none is renamed.
 */
import { z } from 'zod';

import { SCHEMA_ID } from './id.js';

export { SCHEMA_ID };

/** Where a cell stands in its source, so that a viewer can point at it. */
export const LocSchema = z.discriminatedUnion('kind', [
  /** A table cell element; `path` is the childNodes index path from the document root ("0.1.4"). */
  z.object({ kind: z.literal('element'), path: z.string() }),
  /** Characters inside HTML text nodes: from (text node path, offset) to (text node path, offset). */
  z.object({
    kind: z.literal('range'),
    start: z.object({ path: z.string(), offset: z.number().int().nonnegative() }),
    end: z.object({ path: z.string(), offset: z.number().int().nonnegative() }),
  }),
  /** Characters of a plain-text source: 1-based line and column, length in characters. */
  z.object({ kind: z.literal('text'), line: z.number().int().positive(), column: z.number().int().positive(), length: z.number().int().nonnegative() }),
  /** A box on a page of a PDF: 1-based page, PDF points from the page's top-left corner. */
  z.object({ kind: z.literal('box'), page: z.number().int().positive(), x: z.number(), y: z.number(), width: z.number().nonnegative(), height: z.number().nonnegative() }),
]);
export type Loc = z.infer<typeof LocSchema>;

export const CellStatusSchema = z.enum(['ok', 'blank', 'note', 'ambiguous', 'missing']);
export type CellStatus = z.infer<typeof CellStatusSchema>;

export const CellSchema = z.object({
  value: z.number().nullable(),
  raw: z.string().nullable(),
  status: CellStatusSchema,
  candidates: z.array(z.number()).optional(),
  loc: LocSchema.nullable(),
  /** Unit written beside the number (元, 万元), kept as the page gives it. */
  unit: z.string().optional(),
  /** The digits were split out of a run by the arithmetic rules (layout `concatenated`). */
  split: z.boolean().optional(),
});
export type Cell = z.infer<typeof CellSchema>;

export const CheckStatusSchema = z.enum(['pass', 'fail', 'uncertain']);
export type CheckStatus = z.infer<typeof CheckStatusSchema>;

export const CheckSchema = z.object({
  id: z.string(),
  scope: z.string(),
  status: CheckStatusSchema,
  left: z.number().nullable(),
  right: z.number().nullable(),
  cells: z.array(z.string()),
  assumed: z.array(z.string()),
  /** The rule was used to split digit runs, so it cannot confirm what it chose. */
  usedToDecode: z.boolean().optional(),
  /** Human-readable reason for `uncertain`, or which side broke. */
  note: z.string().optional(),
  /** A soft rule (series.in_force, narrative.*): its `fail` is a finding, never a hard failure. */
  soft: z.boolean().optional(),
  /** For narrative.* checks: the sentence of the report's prose that states the figure. */
  quote: z.string().optional(),
  /** For series checks: the two reports compared. */
  reports: z.array(z.object({ url: z.string().nullable(), year: z.number().nullable() })).optional(),
});
export type Check = z.infer<typeof CheckSchema>;

/**
 * Every code an Issue may carry, said once (as zod's own issue codes are): a misspelt code fails
 * type-checking, and a reader can switch over them. The strings stand in stored records and tests:
 * add codes, never rename one.
 */
export const ISSUE_CODES = [
  /** the input was longer than the parser reads (MAX_INPUT_CHARS) */
  'INPUT_TRUNCATED',
  /** the parser threw on this input: a bug, reported as data */
  'INTERNAL_ERROR',
  'YEAR_NOT_FOUND',
  'FORMAT_YEAR_MISMATCH',
  /** a pre-2019 report: no standard tables to check */
  'NO_STANDARD_TABLES',
  /** no annual-report tables on the page */
  'NO_REPORT',
  'TABLE_NOT_FOUND',
  'ROW_NOT_FOUND',
  'NO_TOTAL_COLUMN',
  'EXTRA_TEXT',
  'EXTRA_VALUES',
  'CELLS_MISSING',
  'SPLIT_TOO_COMPLEX',
  'NO_CONSISTENT_READING',
  'AMBIGUOUS_SPLIT',
  /** a value written in another unit than the one the format fixes for its column, converted */
  'UNIT_CONVERTED',
  /** 表四 written as a sentence saying there was no case: its cells are 0 with status note */
  'REVIEW_AS_SENTENCE',
  /** a 2021 表三 with the 2019 format's one （六）其他处理 row: read as the row `other` */
  'ONE_OTHER_ROW',
  /** a text page keeps blank cells as empty lines on a regular grid: a short row placed by its lines */
  'BLANKS_FROM_LINES',
  /** a text page merges identical consecutive lines: a short row rebuilt in the one way its rule allows */
  'ROWS_MERGED',
  /** a PDF without a text layer (a scan): no cells, nothing guessed */
  'SCANNED_NO_TEXT',
  /** a PDF longer than the pages read (MAX_PDF_PAGES) */
  'PDF_PAGES_CUT',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

export const IssueSchema = z.object({
  code: z.enum(ISSUE_CODES),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  path: z.string().optional(),
});
export type Issue = z.infer<typeof IssueSchema>;

/** Where `publishedAt` was found: a `<meta>` tag (its name) or a label on the page (公开日期, 发布时间 …). */
export const DateSourceSchema = z.object({ kind: z.enum(['meta', 'label']), key: z.string() });
export type DateSource = z.infer<typeof DateSourceSchema>;

export const NavLinkSchema = z.object({ url: z.string().nullable(), title: z.string().nullable() });
export type NavLink = z.infer<typeof NavLinkSchema>;

const TableSchema = z.record(z.string(), z.record(z.string(), CellSchema));

export const LegacyRowSchema = z.object({
  label: z.string(),
  unit: z.string().nullable(),
  values: z.record(z.string(), CellSchema),
});
export type LegacyRow = z.infer<typeof LegacyRowSchema>;

export const RecordSchema = z.object({
  schema: z.literal(SCHEMA_ID),
  parserVersion: z.string(),
  source: z.object({
    url: z.string().nullable(),
    file: z.string().nullable(),
    sha256: z.string().nullable(),
    fetchedAt: z.string().nullable(),
    /**
     * The report file read for this page (its 附件), when the record comes from it: `url` above is
     * the page, this is the file (sha256 is then the file's). Absent in records read from the page.
     */
    attachment: z.object({ url: z.string(), kind: z.enum(['pdf', 'docx', 'doc']) }).nullable().optional(),
  }),
  title: z.string().nullable(),
  entity: z.string().nullable(),
  year: z.number().int().nullable(),
  publishedAt: z.string().nullable(),
  /** Where publishedAt came from; absent in records of older parser versions. */
  publishedAtSource: DateSourceSchema.nullable().optional(),
  format: z.enum(['2021', '2019', 'legacy', 'unknown']),
  layout: z.enum(['table', 'lines', 'concatenated', 'mixed']).nullable(),
  nav: z.object({ prev: NavLinkSchema.nullable(), next: NavLinkSchema.nullable() }).nullable(),
  tables: z.object({
    active: TableSchema.optional(),
    applications: TableSchema.optional(),
    review_litigation: TableSchema.optional(),
    legacy: z.array(LegacyRowSchema).optional(),
  }),
  checks: z.array(CheckSchema),
  issues: z.array(IssueSchema),
});
export type ReportRecord = z.infer<typeof RecordSchema>;
export type Layout = NonNullable<ReportRecord['layout']>;

/**
 * Every message between the content script, the popup and the background worker, as one set of
 * zod schemas: a receiver parses what it gets and answers a malformed message with an error,
 * never acts on it. Records travel whole and are checked against the parser's RecordSchema.
 */
import { z } from 'zod';
import { KIND_ORDER, RecordSchema, type CheckKind } from '../../parser/index.js';
import { FIGURE_IDS } from './figures.js';

export const SavedReportSchema = z.object({
  url: z.string().min(1).max(4096),
  savedAt: z.string(),
  title: z.string().nullable(),
  entity: z.string().nullable(),
  year: z.number().int().nullable(),
  record: RecordSchema,
});
export type SavedReport = z.infer<typeof SavedReportSchema>;

const count = z.number().int().nonnegative();
/** verdict.ts's Tally: the popup turns it into the verdict and the counts in words with the panel's own functions. */
export const TallySchema = z.object({
  ...(Object.fromEntries([...KIND_ORDER, 'pass'].map((k) => [k, count])) as Record<CheckKind, typeof count>),
  ambiguousCells: count,
  total: count,
});
const FiguresSchema = z.object(Object.fromEntries(FIGURE_IDS.map((id) => [id, z.number().nullable()])) as Record<(typeof FIGURE_IDS)[number], z.ZodNullable<z.ZodNumber>>);

/** A saved report as the library lists it: without its record, with its checks' tally and its main figures. */
export const LibraryEntrySchema = SavedReportSchema.omit({ record: true }).extend({ tally: TallySchema, figures: FiguresSchema });
export type LibraryEntry = z.infer<typeof LibraryEntrySchema>;

export const LibraryGroupSchema = z.object({
  entity: z.string().nullable(),
  years: z.array(z.object({ year: z.number().int().nullable(), reports: z.array(LibraryEntrySchema) })),
});
export type LibraryGroup = z.infer<typeof LibraryGroupSchema>;

const url = z.string().min(1).max(4096).refine((u) => /^(https?|file):/i.test(u), 'an http(s) or file URL');

export const RequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('library.save'), url, record: RecordSchema }),
  z.object({ type: z.literal('library.list') }),
  z.object({ type: z.literal('library.delete'), url }),
  z.object({ type: z.literal('library.exportCsv') }),
  /** open the library page in a tab (from the panel) */
  z.object({ type: z.literal('library.open') }),
  /** open a saved report's page (from the popup) */
  z.object({ type: z.literal('page.open'), url: url.refine((u) => /^https?:/i.test(u), 'an http(s) URL') }),
  /** read the page in this tab (the popup's button; the tab was granted by activeTab) */
  z.object({ type: z.literal('reader.inject'), tabId: z.number().int().nonnegative() }),
  /** read the report file a page links (its 附件): fetched and parsed in the extension's own page, never in the content script */
  z.object({ type: z.literal('attachment.read'), url: url.refine((u) => /^https?:/i.test(u), 'an http(s) URL'), pageUrl: url }),
  /** the sha256 of a page's raw bytes, for pages that are not a secure context (no crypto.subtle there) */
  z.object({ type: z.literal('page.sha256'), base64: z.string().max(40_000_000).regex(/^[A-Za-z0-9+/]*={0,2}$/) }),
]);
export type Request = z.infer<typeof RequestSchema>;
export type RequestType = Request['type'];

const Err = z.object({ ok: z.literal(false), error: z.string(), retryable: z.boolean() });
const Ok = <T extends z.ZodRawShape>(shape: T) => z.union([z.object({ ok: z.literal(true), ...shape }), Err]);

export const ResponseSchemas = {
  'library.save': Ok({ url: z.string() }),
  'library.list': Ok({ groups: z.array(LibraryGroupSchema), count: z.number().int() }),
  'library.delete': Ok({ deleted: z.boolean() }),
  'library.exportCsv': Ok({ csv: z.string(), count: z.number().int() }),
  'library.open': Ok({}),
  'page.open': Ok({}),
  'reader.inject': Ok({}),
  'page.sha256': Ok({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  'attachment.read': Ok({ record: RecordSchema }),
} satisfies Record<RequestType, z.ZodType>;

export type ResponseFor<T extends RequestType> = z.infer<(typeof ResponseSchemas)[T]>;
export type ErrorResponse = z.infer<typeof Err>;

/**
 * The background worker → the reading page (the offscreen document, or the frame that stands in
 * for it in Firefox's background page). `target` keeps every other listener off it, and keeps
 * the reading page off the messages the content scripts send to the worker.
 */
export const FileReadSchema = z.object({
  target: z.literal('gongkai-file-reader'),
  type: z.literal('file.read'),
  url: url.refine((u) => /^https?:/i.test(u), 'an http(s) URL'),
  pageUrl: url.nullable(),
});
export type FileRead = z.infer<typeof FileReadSchema>;
export const FileReadResponseSchema = ResponseSchemas['attachment.read'];

export function errorResponse(error: unknown, retryable = false): ErrorResponse {
  return { ok: false, error: error instanceof Error ? error.message : String(error), retryable };
}

/** Parses a request; a malformed one becomes an error response (not retryable). */
export function parseRequest(msg: unknown): { ok: true; req: Request } | ErrorResponse {
  const r = RequestSchema.safeParse(msg);
  if (r.success) return { ok: true, req: r.data };
  return { ok: false, error: `malformed message: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`, retryable: false };
}

/** Sends a request through `send` (runtime.sendMessage) and checks the answer against its schema. */
export async function request<T extends Request>(send: (m: unknown) => Promise<unknown>, req: T): Promise<ResponseFor<T['type']>> {
  const checked = RequestSchema.parse(req);
  let raw: unknown;
  try {
    raw = await send(checked);
  } catch (err) {
    return errorResponse(err, true) as ResponseFor<T['type']>;
  }
  const r = ResponseSchemas[req.type].safeParse(raw);
  return (r.success ? r.data : errorResponse(`malformed answer to ${req.type}`)) as ResponseFor<T['type']>;
}

/**
 * The crawl's attachment step: a report page (or a page titled as a report with no tables) that
 * links its report as a file (附件：….pdf/.doc/.docx) gets the file fetched — through the same
 * polite fetcher (robots.txt, one request at a time per origin, delays, retries), only from the
 * page's own site (its registrable domain: file.x.gov.cn for www.x.gov.cn), at most
 * MAX_ATTACHMENTS files and MAX_REPORT_FILE_BYTES each — stored as raw bytes and read with the
 * CLI's file reader.
 *
 * - A page without tables: the file's record becomes the page's report, filed under the page's
 *   URL with the file's in `source.attachment` (and the page's links, title, date where the file
 *   lacks them).
 * - A page whose tables read too: the page keeps its own reading and gains the `source.agree`
 *   checks against the file's; the file's reading is kept under the file's URL, not counted as a
 *   second report.
 *
 * Without a fetcher (reparse) only files already in the store are read.
 */
import { agreeChecks, sameSite, type Attachment, type ReportRecord } from '../../parser/index.js';
import { FetchError, type Fetcher } from '../fetch/contract.js';
import { FileError, fileKind, MAX_REPORT_FILE_BYTES } from '../files/kind.js';
import { parseFile } from '../files/read-file.js';
import type { ResponseRow, RowNote, Store } from '../store/contract.js';

export interface AttachmentDeps {
  store: Store;
  /** absent: read only the files the store already holds (reparse, offline) */
  fetcher?: Fetcher;
  onNote?: (msg: string) => void;
}

export interface PageReading {
  /** the page's final URL (the record's url) */
  pageUrl: string;
  rec: ReportRecord;
  /** the report files it links, when its reading asks for them (page-reading.ts) */
  files: Attachment[];
}

export interface AttachmentOutcome {
  /** the record to keep for the page: its own (with source.agree checks), or its file's */
  rec: ReportRecord;
  /** the stored response that record was read from, when it is the file's (null: the page's own) */
  fileResponseId: number | null;
  /** a file read beside the page's own tables: its record, kept under the file's URL */
  beside: { responseId: number; rec: ReportRecord } | null;
  /** what went wrong with a file, for the page's row */
  note: RowNote | null;
}

const hasTables = (rec: ReportRecord) => rec.format === '2021' || rec.format === '2019';

export async function attachmentStep(deps: AttachmentDeps, page: PageReading): Promise<AttachmentOutcome> {
  const out: AttachmentOutcome = { rec: page.rec, fileResponseId: null, beside: null, note: null };
  for (const a of page.files) {
    let read: { resp: ResponseRow; rec: ReportRecord } | null;
    try {
      read = await readAttachment(deps, page, a.url);
    } catch (err) {
      // a file that cannot be had or read is a note on the page; the page's own reading stands
      // (one the server failed to give — a timeout, a 5xx — is asked for again by the next run: retryNoted)
      out.note = { kind: 'attachment', message: `${a.url}: ${(err as Error).message}`, retryable: err instanceof FetchError && err.retryable };
      deps.onNote?.(`${page.pageUrl}: attachment ${out.note.message}`);
      continue;
    }
    if (!read || !hasTables(read.rec)) continue; // not the report (a 政策解读.pdf), or not stored yet (offline)
    if (!hasTables(page.rec)) return { ...out, rec: asPageReport(page, read.rec), fileResponseId: read.resp.id };
    const own = { ...page.rec, checks: [...page.rec.checks, ...agreeChecks(page.rec, read.rec)] };
    const beside = { ...read.rec, source: { ...read.rec.source, url: read.resp.final_url } };
    return { ...out, rec: own, beside: { responseId: read.resp.id, rec: beside } };
  }
  return out;
}

/** The file's stored response (fetched now if it is not stored and a fetcher is given) and its record; null when unavailable offline. */
async function readAttachment(deps: AttachmentDeps, page: PageReading, url: string): Promise<{ resp: ResponseRow; rec: ReportRecord } | null> {
  let resp = await deps.store.response(url, 'static');
  if (!resp) {
    if (!deps.fetcher) return null;
    const res = await deps.fetcher.fetch(url, { acceptFile: true, maxBytes: MAX_REPORT_FILE_BYTES });
    // a redirect may have left the site: that file is not this page's
    if (!sameSite(res.finalUrl, page.pageUrl)) throw new FileError(`redirected off the site to ${res.finalUrl}`);
    resp = await deps.store.saveResponse(url, res, false);
  }
  const bytes = await deps.store.body(resp.sha256);
  const kind = fileKind(bytes);
  if (!kind) throw new FileError('not a PDF or Word file');
  const rec = await parseFile(bytes, kind, { url: page.pageUrl, sha256: resp.sha256, fetchedAt: resp.fetched_at, attachment: { url: resp.final_url, kind } });
  return { resp, rec };
}

/** The file's record as the page's report: the page's links, and its title, body, year and date where the file lacks them. */
function asPageReport(page: PageReading, file: ReportRecord): ReportRecord {
  const p = page.rec;
  return {
    ...file,
    title: file.title ?? p.title,
    entity: file.entity ?? p.entity,
    year: file.year ?? p.year,
    publishedAt: file.publishedAt ?? p.publishedAt,
    publishedAtSource: file.publishedAt ? file.publishedAtSource : p.publishedAtSource,
    nav: p.nav ?? file.nav,
  };
}

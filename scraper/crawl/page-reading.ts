/**
 * One page read for the crawl: the record, and what the walk needs from the page's document model
 * besides — the 上一条/下一条 URLs to ask for early, and the report files it links. A pure function
 * of the page and options (parser/ and a decoder), so it runs the same in a worker thread
 * (parse-pool.ts) as on the main thread, and the model itself never has to leave the thread that
 * built it. A page just fetched comes as its bytes and their encoding and is decoded here: its
 * text is never made on the main thread.
 */
import { findNav, pageModel, parsePage, parseReport, reportAttachments, wantsAttachment, type Attachment, type Page, type ParseOptions, type ReportRecord } from '../../parser/index.js';
import { decodeAs } from '../fetch/decode.js';

export interface PageReading {
  rec: ReportRecord;
  /** the report files the page links, when its reading asks for them (attachments.ts) */
  files: Attachment[];
}

/** What a page's links name as its neighbours, known before its tables are read. */
export type NavUrls = (string | null)[];

export type ReadOptions = Pick<ParseOptions, 'url' | 'sha256' | 'fetchedAt'>;

/** A page as text, or as bytes with the encoding they were found to be in (decode.ts). */
export type PageSource = string | { bytes: Uint8Array; encoding: string };

export const textOf = (src: PageSource): string => (typeof src === 'string' ? src : decodeAs(src.bytes, src.encoding));

/**
 * parseReport in its two halves, so that `onNav` hears of the page's neighbours before the tables
 * are read (the walk asks for them meanwhile).
 */
export function readPage(src: PageSource, opts: ReadOptions, onNav?: (nav: NavUrls) => void): PageReading {
  const html = textOf(src);
  let page: Page;
  try {
    page = pageModel(html, opts);
  } catch {
    // no model: parseReport turns the failure into the record's issue; no links to follow
    return { rec: parseReport(html, opts), files: [] };
  }
  if (onNav) {
    const nav = findNav(page.doc, opts.url ?? null);
    onNav([nav?.prev?.url ?? null, nav?.next?.url ?? null]);
  }
  const rec = parsePage(page, opts);
  const files = wantsAttachment(rec, page.doc) ? reportAttachments(page.doc, opts.url ?? '') : [];
  return { rec, files };
}

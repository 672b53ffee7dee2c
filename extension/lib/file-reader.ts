/// <reference lib="dom" />
/**
 * A report file (a page's 附件, or a PDF open in a tab) fetched and read inside the extension's
 * own pages: the offscreen document (for the panel) and the file page (from the popup). PDF.js
 * and its worker load here only, from the extension's own files (no remote code), never in the
 * content script. The rules are the CLI's: magic bytes decide the kind, the same size cap, the
 * same PDF adapter and parser.
 */
import * as pdfjs from 'pdfjs-dist';
import { browser } from 'wxt/browser';
import { parseReport, type ReportRecord } from '../../parser/index.js';
import { FileError, fileKind, firstLine, MAX_REPORT_FILE_BYTES, type FileKind } from '../../scraper/files/kind.js';
import { pdfRecord, readPdfText, type PdfJs } from '../../scraper/files/pdf-text.js';

/** Where the build puts PDF.js's worker and CMaps (wxt.config.ts copies them from pdfjs-dist). */
export const PDFJS_DIR = '/pdfjs';

/** A file of the build that WXT's typed paths do not list (copied by a build hook). */
const extUrl = (path: string): string => (browser.runtime.getURL as (p: string) => string)(path);

let workerSet = false;
function pdfjsReady(): PdfJs {
  if (!workerSet) {
    pdfjs.GlobalWorkerOptions.workerSrc = extUrl(`${PDFJS_DIR}/pdf.worker.min.mjs`);
    workerSet = true;
  }
  return pdfjs as unknown as PdfJs;
}

/** The file's bytes, refused past the cap (by its Content-Length, and again while it streams). */
export async function fetchFileBytes(url: string, fetchFn: typeof fetch = fetch): Promise<Uint8Array> {
  // no cookies: a report file is public, and the extension is not the user's session
  const res = await fetchFn(url, { credentials: 'omit', redirect: 'follow' });
  if (!res.ok) throw new FileError(`HTTP ${res.status}`);
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > MAX_REPORT_FILE_BYTES) throw new FileError(`${declared} bytes, over the ${MAX_REPORT_FILE_BYTES}-byte cap for a report file`);
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > MAX_REPORT_FILE_BYTES) {
      await reader.cancel();
      throw new FileError(`over the ${MAX_REPORT_FILE_BYTES}-byte cap for a report file`);
    }
    parts.push(value);
  }
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export interface FileSource {
  /** the file's own URL */
  fileUrl: string;
  /** the page that links it (the record's url), or null for a file opened on its own */
  pageUrl: string | null;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Bytes → record, by their magic bytes. A .doc (no browser reader) says where it can be read. */
export async function readFileBytes(bytes: Uint8Array, src: FileSource): Promise<ReportRecord> {
  const kind: FileKind | null = fileKind(bytes);
  if (!kind) throw new FileError('not a PDF or Word file');
  const opts = {
    url: src.pageUrl ?? src.fileUrl,
    sha256: await sha256Hex(bytes),
    fetchedAt: new Date().toISOString(),
    attachment: src.pageUrl ? { url: src.fileUrl, kind } : null,
  };
  if (kind === 'pdf') {
    const read = await readPdfText(pdfjsReady(), bytes, { cMapUrl: extUrl(`${PDFJS_DIR}/cmaps/`) }).catch((err: unknown) => {
      throw new FileError(`not a readable PDF: ${firstLine(err)}`);
    });
    return pdfRecord(read, opts);
  }
  if (kind === 'docx') {
    const { docxToHtmlBrowser } = await import('./docx-browser.js');
    const html = await docxToHtmlBrowser(bytes).catch((err: unknown) => {
      throw new FileError(`not a readable Word (.docx) file: ${firstLine(err)}`);
    });
    return parseReport(html, { ...opts, as: 'html' });
  }
  throw new FileError('a Word 97–2003 (.doc) file: the browser cannot read it; save it and run `gongkai parse FILE.doc`');
}

export async function readFileAt(src: FileSource, fetchFn: typeof fetch = fetch): Promise<ReportRecord> {
  return readFileBytes(await fetchFileBytes(src.fileUrl, fetchFn), src);
}

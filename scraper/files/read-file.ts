/**
 * Report files (PDF, Word) → record, in Node: the file's kind from its magic bytes (the fetch
 * layer's sniffBinary), then the reader of that kind, then the same parser as for pages.
 * An unreadable file (corrupt, encrypted) throws FileError with a one-line reason.
 */
import { parsePdf, parseReport, type Issue, type ParseOptions, type ReportRecord } from '../../parser/index.js';
import { sniffBinary } from '../fetch/decode.js';
import { readPdfNode } from './pdf-node.js';
import { docToHtml, docxToHtml } from './word.js';

export type FileKind = 'pdf' | 'docx' | 'doc';

/** A report file is well under this; a larger one is not read. */
export const MAX_REPORT_FILE_BYTES = 30 * 1024 * 1024;

export class FileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileError';
  }
}

/** The report-file kind of these bytes, or null for a page (or a binary gongkai does not read). */
export function fileKind(bytes: Uint8Array): FileKind | null {
  switch (sniffBinary(bytes.subarray(0, 1024))) {
    case 'PDF': return 'pdf';
    case 'ZIP/Office': return 'docx';
    case 'OLE/Office': return 'doc';
    default: return null;
  }
}

export async function parseFile(bytes: Uint8Array, kind: FileKind, opts: ParseOptions = {}): Promise<ReportRecord> {
  if (bytes.length > MAX_REPORT_FILE_BYTES) throw new FileError(`${bytes.length} bytes, over the ${MAX_REPORT_FILE_BYTES}-byte cap for a report file`);
  if (kind === 'pdf') return parsePdfBytes(bytes, opts);
  const html = await (kind === 'docx' ? docxToHtml(bytes) : docToHtml(bytes)).catch((err: Error) => {
    throw new FileError(`not a readable ${kind === 'docx' ? 'Word (.docx)' : 'Word 97–2003 (.doc)'} file: ${firstLine(err)}`);
  });
  return parseReport(html, { ...opts, as: 'html' });
}

async function parsePdfBytes(bytes: Uint8Array, opts: ParseOptions): Promise<ReportRecord> {
  const read = await readPdfNode(bytes).catch((err: Error) => {
    throw new FileError(`not a readable PDF: ${firstLine(err)}`);
  });
  const rec = parsePdf(read.text, opts);
  if (read.truncated) {
    const issue: Issue = { code: 'PDF_PAGES_CUT', severity: 'warning', message: `only the first ${read.text.pages.length} of ${read.pageCount} pages were read` };
    rec.issues.unshift(issue);
  }
  return rec;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 200);
}

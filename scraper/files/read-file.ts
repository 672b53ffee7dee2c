/**
 * Report files (PDF, Word) → record, in Node: the file's kind from its magic bytes (the fetch
 * layer's sniffBinary), then the reader of that kind, then the same parser as for pages.
 * An unreadable file (corrupt, encrypted) throws FileError with a one-line reason.
 */
import { parseReport, type ParseOptions, type ReportRecord } from '../../parser/index.js';
import { FileError, fileKind, firstLine, MAX_REPORT_FILE_BYTES, type FileKind } from './kind.js';
import { readPdfNode } from './pdf-node.js';
import { pdfRecord } from './pdf-text.js';
import { docToHtml, docxToHtml } from './word.js';

export { FileError, fileKind, MAX_REPORT_FILE_BYTES, type FileKind };

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
  return pdfRecord(read, opts);
}


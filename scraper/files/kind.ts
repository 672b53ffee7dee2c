/**
 * A report file's kind from its magic bytes, its size cap and its error: no Node API, so the
 * extension's reading page uses the same rules as the CLI and the crawler.
 */
import { sniffBinary } from '../fetch/decode.js';

export type FileKind = 'pdf' | 'docx' | 'doc';

/** A report file is well under this; a larger one is not read (nor, by the crawler, fetched). */
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

export function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 200);
}

/**
 * Consistency of a crawl store, read through a connection of its own (as another process would):
 * SQLite's own checks, then ours, each as a list of the rows that break it, so a failing
 * assertion names them.
 */
import { brotliDecompressSync } from 'node:zlib';
import Database from 'better-sqlite3';

export interface StoreCheck {
  integrity: string[];
  foreignKeys: unknown[];
  /** responses whose body (blob) is missing */
  responsesWithoutBlob: string[];
  /** blobs whose recorded size is not the size of their bytes (once inflated) */
  blobSizeMismatch: string[];
  /** records pointing at a response that does not exist */
  recordsWithoutResponse: string[];
  /** records not keyed by the final URL of the response they were read from */
  recordsOffTheirResponse: string[];
  /** URLs with more than one frontier row */
  duplicateFrontierUrls: string[];
  /** frontier rows marked fetched or parsed with no stored response */
  doneWithoutResponse: string[];
  /** parsed frontier rows without a record of the page they ended at */
  parsedWithoutRecord: string[];
  /** records no parsed frontier row leads to */
  recordsWithoutParsedRow: string[];
  /** failed rows that still carry no error kind or message */
  failedWithoutCause: string[];
}

export function checkStore(file: string): StoreCheck & { counts: Record<string, number>; states: Record<string, number> } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const col = (sql: string) => db.prepare(sql).pluck().all() as string[];
    const n = (sql: string) => db.prepare(sql).pluck().get() as number;
    const states: Record<string, number> = {};
    for (const r of db.prepare('SELECT state, count(*) AS n FROM frontier GROUP BY state').all() as { state: string; n: number }[]) states[r.state] = r.n;
    return {
      integrity: col('PRAGMA integrity_check'),
      foreignKeys: db.prepare('PRAGMA foreign_key_check').all(),
      responsesWithoutBlob: col('SELECT r.url FROM responses r LEFT JOIN blobs b ON b.sha256 = r.sha256 WHERE b.sha256 IS NULL'),
      // a compressed body (codec 'br') is checked by what it inflates to
      blobSizeMismatch: (db.prepare('SELECT sha256, size, bytes, codec FROM blobs').all() as { sha256: string; size: number; bytes: Buffer; codec: string | null }[])
        .filter((b) => (b.codec === 'br' ? brotliDecompressSync(b.bytes).length : b.bytes.length) !== b.size)
        .map((b) => b.sha256),
      recordsWithoutResponse: col('SELECT c.url FROM records c LEFT JOIN responses r ON r.id = c.response_id WHERE r.id IS NULL'),
      recordsOffTheirResponse: col('SELECT c.url FROM records c JOIN responses r ON r.id = c.response_id WHERE c.url != r.final_url'),
      duplicateFrontierUrls: col('SELECT url FROM frontier GROUP BY url HAVING count(*) > 1'),
      doneWithoutResponse: col(
        `SELECT f.url FROM frontier f WHERE f.state IN ('fetched', 'parsed') AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.url = f.url)`,
      ),
      parsedWithoutRecord: col(
        `SELECT f.url FROM frontier f WHERE f.state = 'parsed' AND NOT EXISTS (SELECT 1 FROM records c WHERE c.url = f.final_url)`,
      ),
      recordsWithoutParsedRow: col(
        `SELECT c.url FROM records c WHERE NOT EXISTS (SELECT 1 FROM frontier f WHERE f.state = 'parsed' AND f.final_url = c.url)`,
      ),
      failedWithoutCause: col(`SELECT url FROM frontier WHERE state = 'failed' AND (error_kind IS NULL OR coalesce(error_message, '') = '')`),
      counts: {
        frontier: n('SELECT count(*) FROM frontier'),
        responses: n('SELECT count(*) FROM responses'),
        blobs: n('SELECT count(*) FROM blobs'),
        records: n('SELECT count(*) FROM records'),
        reports: n('SELECT count(*) FROM records WHERE is_report = 1'),
        parsedReportRows: n(`SELECT count(*) FROM frontier WHERE state = 'parsed' AND is_report = 1`),
        parsedRows: n(`SELECT count(*) FROM frontier WHERE state = 'parsed'`),
        largestBlob: n('SELECT coalesce(max(size), 0) FROM blobs'),
      },
      states,
    };
  } finally {
    db.close();
  }
}

/** The part of a check that must be empty (or 'ok') in any store, finished or killed midway. */
export function problems(c: StoreCheck): Omit<StoreCheck, 'integrity'> & { integrity: string[] } {
  return {
    integrity: c.integrity,
    foreignKeys: c.foreignKeys,
    responsesWithoutBlob: c.responsesWithoutBlob,
    blobSizeMismatch: c.blobSizeMismatch,
    recordsWithoutResponse: c.recordsWithoutResponse,
    recordsOffTheirResponse: c.recordsOffTheirResponse,
    duplicateFrontierUrls: c.duplicateFrontierUrls,
    doneWithoutResponse: c.doneWithoutResponse,
    parsedWithoutRecord: c.parsedWithoutRecord,
    recordsWithoutParsedRow: c.recordsWithoutParsedRow,
    failedWithoutCause: c.failedWithoutCause,
  };
}

export const CLEAN = {
  integrity: ['ok'],
  foreignKeys: [],
  responsesWithoutBlob: [],
  blobSizeMismatch: [],
  recordsWithoutResponse: [],
  recordsOffTheirResponse: [],
  duplicateFrontierUrls: [],
  doneWithoutResponse: [],
  parsedWithoutRecord: [],
  recordsWithoutParsedRow: [],
  failedWithoutCause: [],
};

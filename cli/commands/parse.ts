/** gongkai parse FILE|URL [--json|--csv]: read one report page, or a report published as a PDF or Word file. */
import { readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { parseReport, SCANNED_NO_TEXT, toLongCsv, type ParseOptions, type ReportRecord } from '../../parser/index.js';
import { decodeBytes, sniffBinary } from '../../scraper/fetch/decode.js';
import { FileError, fileKind, parseFile } from '../../scraper/files/read-file.js';
import { parseArgs, UsageError } from '../args.js';
import { summary } from '../summary.js';

/** Report pages are well under this; a larger file is not one. */
const MAX_FILE_BYTES = 50 * 1024 * 1024;

export async function run(args: string[]): Promise<number> {
  const { flags, positional } = parseArgs(args, { json: 'boolean', csv: 'boolean', text: 'boolean', html: 'boolean' });
  if (positional.length !== 1) throw new UsageError('give exactly one FILE or URL');
  const target = positional[0];
  let bytes: Uint8Array;
  let text: string;
  let url: string | null = null;
  let file: string | null = null;
  let fetchedAt: string | null = null;
  if (/^https?:\/\//i.test(target)) {
    const { fetchOnce } = await import('../../scraper/fetch/fetch-once.js');
    const res = await fetchOnce(target, { acceptFiles: true }).catch((err: Error) => {
      throw new UsageError(`cannot fetch ${target}: ${err.message}`);
    });
    if (res.status >= 400) throw new UsageError(`cannot fetch ${target}: HTTP ${res.status}`);
    bytes = res.body;
    text = res.text;
    url = res.finalUrl;
    fetchedAt = res.fetchedAt;
  } else {
    let size: number;
    try {
      size = statSync(target).size;
    } catch {
      throw new UsageError(`cannot read ${target}: no such file`);
    }
    if (size > MAX_FILE_BYTES) throw new UsageError(`${target} is ${size} bytes, larger than any report page`);
    try {
      bytes = readFileSync(target);
    } catch (err) {
      throw new UsageError(`cannot read ${target}: ${(err as Error).message}`);
    }
    file = target;
    text = '';
  }
  if (bytes.length === 0) throw new UsageError(`${target} is empty`);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const opts: ParseOptions = { url, file, sha256, fetchedAt, as: flags.text ? 'text' : flags.html ? 'html' : 'auto' };
  const rec = await readRecord(target, bytes, file ? null : text, opts);
  if (flags.json) process.stdout.write(JSON.stringify(rec, null, 2) + '\n');
  else if (flags.csv) process.stdout.write(toLongCsv([rec]));
  else process.stdout.write(summary(rec));
  // a scan is read correctly as having nothing to read: said in the issues, not a failure
  const parsed = rec.format !== 'unknown' || rec.issues.some((i) => i.code === SCANNED_NO_TEXT);
  if (!parsed) process.stderr.write(`gongkai parse: ${target}: ${rec.issues.find((i) => i.severity === 'error')?.message ?? 'no report found'}\n`);
  return parsed ? 0 : 2;
}

/** The record of a report file (by its magic bytes) or of a page (`text`: already decoded by the fetch). */
async function readRecord(target: string, bytes: Uint8Array, text: string | null, opts: ParseOptions): Promise<ReportRecord> {
  const kind = fileKind(bytes);
  if (kind) {
    return parseFile(bytes, kind, opts).catch((err: Error) => {
      throw err instanceof FileError ? new UsageError(`${target}: ${err.message}`) : err;
    });
  }
  const binary = sniffBinary(bytes);
  if (binary) throw new UsageError(`${target} is not a text or HTML page, nor a PDF or Word file (${binary})`);
  return parseReport(text ?? decodeBytes(bytes).text, opts);
}

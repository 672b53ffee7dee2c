/**
 * Raw pages compressed for the store. Brotli at quality 1: compression runs on every page a crawl
 * fetches, and at 100 sites at once CPU is what a crawl runs out of first. Measured side by side
 * in one run (CPU time per page; share of the bytes kept):
 *
 *   pages                      q1              q3              q2              deflate 1
 *   real, 15 pages, 1.08 MB    0.29 ms 14.1 %  0.68 ms 12.9 %  0.62 ms 13.3 %  0.50 ms 14.7 %
 *   bench, ~110 KB each        0.38 ms  6.4 %  0.58 ms  5.5 %  0.46 ms  5.1 %  0.38 ms  9.0 %
 *
 * A point or two of the page bytes is little beside the records (the bench's store file: ~16 % of
 * the raw pages at q1, 15 % at q3). The quality is the writer's alone: any brotli stream reads
 * back the same way, so stores written at another quality (q3 before) read as they did. The codec
 * is stored beside the bytes, so a store may hold pages written uncompressed ('identity') by an
 * older version, and a page that does not shrink stays as it came. */
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, brotliDecompressSync, constants, type BrotliOptions } from 'node:zlib';

export type Codec = 'identity' | 'br';
export const CODECS: readonly Codec[] = ['identity', 'br'];

/** Bodies below this are kept as they came: compressing them saves nothing worth a step. */
const MIN_BYTES = 256;

/**
 * The smallest brotli window that holds the whole input (2^bits − 16 bytes, 10 to 24 bits). The
 * default 22 bits (4 MB) gives a ~110 KB page the same bytes kept (6.37 % both ways on the bench
 * pages, 14.10 % on the real ones, 9.04 % of record JSON) but each encoder then takes and touches
 * megabytes: a third of the CPU a page's compression took was the kernel's (page faults).
 */
const windowBits = (size: number) => Math.min(24, Math.max(10, Math.ceil(Math.log2(size + 16))));

const options = (size: number): BrotliOptions => ({
  params: {
    [constants.BROTLI_PARAM_QUALITY]: 1,
    [constants.BROTLI_PARAM_SIZE_HINT]: size,
    [constants.BROTLI_PARAM_LGWIN]: windowBits(size),
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
  },
});

export function compress(bytes: Uint8Array): { codec: Codec; bytes: Uint8Array } {
  if (bytes.length < MIN_BYTES) return { codec: 'identity', bytes };
  return smaller(bytes, brotliCompressSync(bytes, options(bytes.length)));
}

const smaller = (bytes: Uint8Array, packed: Uint8Array): { codec: Codec; bytes: Uint8Array } =>
  packed.length < bytes.length ? { codec: 'br', bytes: packed } : { codec: 'identity', bytes };

const brotliAsync = promisify(brotliCompress);

/**
 * Compressions running at once. Each holds a brotli encoder (~1.5 MB of native memory, outside
 * the JS heap) from the moment it is asked for: with a page of each of 100 sites stored at once,
 * unbounded, they were ~150 MB of the crawl's resident memory. zlib's thread pool runs four
 * at most anyway; the others wait here as their raw bytes only.
 */
const MAX_RUNNING = 2;
let running = 0;
const waiting: (() => void)[] = [];

/**
 * compress, on zlib's thread pool instead of the calling thread, a few at a time. It costs more
 * CPU than `compress` (a ~110 KB page, two at a time: ~1 ms against 0.3 ms, the thread pool's
 * hand-overs and each encoder's memory), so a store that runs in the crawl's own process
 * (SQLite) compresses in place; a networked one (Postgres) keeps its event loop free with this.
 */
export async function compressOffThread(bytes: Uint8Array): Promise<{ codec: Codec; bytes: Uint8Array }> {
  if (bytes.length < MIN_BYTES) return { codec: 'identity', bytes };
  if (running < MAX_RUNNING) running++;
  else await new Promise<void>((r) => waiting.push(r)); // the slot is handed over by the one that ends
  try {
    return smaller(bytes, await brotliAsync(bytes, options(bytes.length)));
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** The bytes as they came, checked against the size they were stored with. */
export function decompress(codec: string, bytes: Uint8Array, size: number): Uint8Array {
  let out: Uint8Array;
  if (codec === 'identity') out = bytes;
  else if (codec === 'br') out = brotliDecompressSync(bytes, { maxOutputLength: Math.max(size, 1) });
  else throw new Error(`a stored body is in an unknown codec "${codec}" (written by a newer gongkai?)`);
  if (out.length !== size) throw new Error(`a stored body decompresses to ${out.length} bytes, not the ${size} it was stored with`);
  return out;
}

/**
 * A record's JSON as the SQLite store keeps it: brotli at quality 1. A report's record is ~50 KB
 * of JSON (every cell and check with its paths), four fifths of a store whose pages are already
 * compressed; quality 1 keeps ~9 % of it at ~5 µs per KB, less than writing the rest would cost.
 * (Postgres compresses long text values itself.)
 */
const jsonOptions = (size: number): BrotliOptions => ({
  params: { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_LGWIN]: windowBits(size), [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
});
/** More than any record decompresses to: a corrupt row ends with an error, not all memory. */
const MAX_JSON_BYTES = 256 * 1024 * 1024;

export function packJson(json: string): { codec: Codec; value: string | Uint8Array } {
  if (json.length < MIN_BYTES) return { codec: 'identity', value: json };
  const bytes = Buffer.from(json, 'utf8');
  return { codec: 'br', value: brotliCompressSync(bytes, jsonOptions(bytes.length)) };
}

/** The JSON text of a stored record: as it is (codec NULL or 'identity'), or unpacked. */
export function unpackJson(codec: string | null, value: string | Uint8Array): string {
  if (codec === null || codec === 'identity') return typeof value === 'string' ? value : Buffer.from(value).toString('utf8');
  if (codec !== 'br') throw new Error(`a stored record is in an unknown codec "${codec}" (written by a newer gongkai?)`);
  return brotliDecompressSync(value, { maxOutputLength: MAX_JSON_BYTES }).toString('utf8');
}

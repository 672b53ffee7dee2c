/**
 * A .docx is a zip, and mammoth reads it through JSZip, which inflates whatever an entry holds:
 * a zip bomb (a few KB that unzip to gigabytes) would end in memory exhaustion. Before mammoth
 * sees the file, its central directory is read here and the sizes it declares are summed against
 * a cap; then every entry is inflated once, streaming, its output counted and dropped, so that an
 * entry that declares little and inflates to more is caught too (JSZip itself only notices after
 * inflating it all). No Node API: the CLI, the crawler and the extension use the same bound
 * (DecompressionStream is in Node ≥ 18 and in the browsers the extension supports).
 */
import { FileError } from './kind.js';

/** Far above a report's .docx (its XML is a few MB, its pictures are already compressed). */
export const MAX_DOCX_UNZIPPED_BYTES = 64 * 1024 * 1024;
/** A report's .docx has a few dozen parts. */
export const MAX_ZIP_ENTRIES = 5000;

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated (JSZip reads no other) */
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export interface ZipBounds {
  maxBytes?: number;
  maxEntries?: number;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const U32_MAX = 0xffffffff;

const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;

/** Throws a FileError naming why the zip unzips to too much; returns when it is within bounds. */
export async function checkZipBounds(bytes: Uint8Array, bounds: ZipBounds = {}): Promise<void> {
  const maxBytes = bounds.maxBytes ?? MAX_DOCX_UNZIPPED_BYTES;
  const maxEntries = bounds.maxEntries ?? MAX_ZIP_ENTRIES;
  const entries = zipEntries(bytes, maxEntries);
  const declared = entries.reduce((n, e) => n + e.size, 0);
  if (declared > maxBytes) throw new FileError(`unzipped it would be ${mb(declared)}, over the ${mb(maxBytes)} cap for a Word file (a zip bomb?)`);
  // each part may unzip to its declared size and no more: together they stay within the cap
  for (const e of entries) {
    if ((await entrySize(bytes, e, e.size)) > e.size) throw new FileError(`part ${e.name.slice(0, 80)} unzips to more than the ${e.size} bytes it declares (a zip bomb?)`);
  }
}

/**
 * The central directory's entries (ZIP64 sizes included), found as JSZip finds them (jszip/lib/
 * zipEntries.js), so that the parts checked are the parts mammoth can read: the last end record in
 * the file, its ZIP64 form when a field is full, bytes prepended to the zip (a self-extractor's
 * stub) skipped, and every entry while the signatures go on, whatever count the end record gives.
 */
export function zipEntries(bytes: Uint8Array, maxEntries = MAX_ZIP_ENTRIES): ZipEntry[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dir = centralDirectory(v);
  const out: ZipEntry[] = [];
  for (let at = dir.zero + dir.offset; at + 46 <= v.byteLength && v.getUint32(at, true) === CENTRAL; ) {
    if (out.length === maxEntries) throw new FileError(`over ${maxEntries} parts in the zip, more than a Word file has`);
    const nameLen = v.getUint16(at + 28, true);
    const extraLen = v.getUint16(at + 30, true);
    const commentLen = v.getUint16(at + 32, true);
    const entry: ZipEntry = {
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLen)),
      method: v.getUint16(at + 10, true),
      compressedSize: v.getUint32(at + 20, true),
      size: v.getUint32(at + 24, true),
      localOffset: v.getUint32(at + 42, true),
    };
    readZip64Extra(v, at + 46 + nameLen, extraLen, entry);
    entry.localOffset += dir.zero;
    out.push(entry);
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** The central directory's offset, and `zero`: how many bytes were put before the zip. */
function centralDirectory(v: DataView): { offset: number; zero: number } {
  const end = lastSignature(v, EOCD);
  if (end < 0 || end + 22 > v.byteLength) throw new FileError('not a zip: no end of central directory');
  let size = v.getUint32(end + 12, true);
  let offset = v.getUint32(end + 16, true);
  let expectedEnd = offset + size;
  const full = [4, 6, 8, 10].some((k) => v.getUint16(end + k, true) === 0xffff) || size === U32_MAX || offset === U32_MAX;
  if (full) {
    const locator = lastSignature(v, EOCD64_LOCATOR);
    if (locator < 0 || locator + 20 > v.byteLength) throw new FileError('a broken zip: no ZIP64 end record locator');
    let at = big(v, locator + 8);
    if (at + 56 > v.byteLength || v.getUint32(at, true) !== EOCD64) at = lastSignature(v, EOCD64);
    if (at < 0 || at + 56 > v.byteLength) throw new FileError('a broken zip: no ZIP64 end record');
    size = big(v, at + 40);
    offset = big(v, at + 48);
    expectedEnd = offset + size + 20 + 12 + big(v, at + 4);
  }
  const extra = end - expectedEnd;
  if (extra < 0) throw new FileError(`a broken zip: ${-extra} bytes missing`);
  // bytes before the zip (JSZip's reader.zero): every offset is counted from where the zip begins
  return { offset, zero: extra };
}

function lastSignature(v: DataView, sig: number): number {
  for (let i = v.byteLength - 4; i >= 0; i--) if (v.getUint32(i, true) === sig) return i;
  return -1;
}

/** ZIP64 extra field (0x0001): the 64-bit forms of the sizes and offset whose 32-bit fields are full. */
function readZip64Extra(v: DataView, from: number, len: number, e: ZipEntry): void {
  for (let at = from; at + 4 <= from + len && at + 4 <= v.byteLength; ) {
    const id = v.getUint16(at, true);
    const size = v.getUint16(at + 2, true);
    if (id === 0x0001) {
      let p = at + 4;
      const next = () => {
        if (p + 8 > at + 4 + size || p + 8 > v.byteLength) throw new FileError('a broken zip: a ZIP64 field is cut short');
        const n = big(v, p);
        p += 8;
        return n;
      };
      if (e.size === U32_MAX) e.size = next();
      if (e.compressedSize === U32_MAX) e.compressedSize = next();
      if (e.localOffset === U32_MAX) e.localOffset = next();
      return;
    }
    at += 4 + size;
  }
}

/** A 64-bit little-endian number; past 2^53 it is as good as infinite here. */
function big(v: DataView, at: number): number {
  return Number(v.getBigUint64(at, true));
}

/**
 * How many bytes the entry unzips to, counted up to just past `limit` (then it stops). An entry
 * that cannot be inflated counts what came out before the error: whether it is readable is
 * JSZip's to say, and only if mammoth asks for it.
 */
async function entrySize(bytes: Uint8Array, e: ZipEntry, limit: number): Promise<number> {
  if (e.method === 0) return e.compressedSize;
  if (e.method !== 8) return 0;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (e.localOffset + 30 > v.byteLength || v.getUint32(e.localOffset, true) !== LOCAL) return 0;
  const start = e.localOffset + 30 + v.getUint16(e.localOffset + 26, true) + v.getUint16(e.localOffset + 28, true);
  return inflatedSize(bytes.subarray(start, Math.min(start + e.compressedSize, bytes.byteLength)), limit);
}

/**
 * Raw deflate data inflated a small slice at a time (a 4 KB slice unzips to 4 MB at most), the
 * output counted and dropped, so memory stays small whatever the data holds.
 */
async function inflatedSize(data: Uint8Array, limit: number): Promise<number> {
  const SLICE = 4096;
  let fed = 0;
  const input = new ReadableStream<BufferSource>({
    pull(c) {
      if (fed >= data.byteLength) return c.close();
      c.enqueue(data.slice(fed, fed + SLICE));
      fed += SLICE;
    },
  });
  const reader = input.pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  let n = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return n;
      n += (value as Uint8Array).byteLength;
      if (n > limit) {
        await reader.cancel().catch(() => undefined);
        return n;
      }
    }
  } catch {
    return n;
  }
}

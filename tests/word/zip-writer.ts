/**
 * A tiny zip writer for the .docx bound tests: entries stored or deflated, with the sizes the
 * central directory declares given on purpose (a zip bomb declares little or a lot).
 */
import { createDeflateRaw, deflateRawSync } from 'node:zlib';

export interface ZipPart {
  name: string;
  /** the bytes as stored in the zip (raw deflate when method is 8) */
  data: Uint8Array;
  method: 0 | 8;
  /** the uncompressed size the headers declare; past 32 bits, in a ZIP64 extra field */
  size: number;
}

/** A part deflated from its text, declaring its true size. */
export function textPart(name: string, text: string): ZipPart {
  const raw = Buffer.from(text, 'utf8');
  return { name, data: deflateRawSync(raw), method: 8, size: raw.length };
}

/** `n` zero bytes as raw deflate, made a megabyte at a time (n bytes are never held at once). */
export async function deflatedZeros(n: number): Promise<Uint8Array> {
  const z = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  z.on('data', (b: Buffer) => out.push(b));
  const done = new Promise<void>((resolve, reject) => (z.on('end', resolve), z.on('error', reject)));
  const mb = Buffer.alloc(1024 * 1024);
  for (let left = n; left > 0; left -= mb.length) {
    if (!z.write(left >= mb.length ? mb : mb.subarray(0, left))) await new Promise((r) => z.once('drain', r));
  }
  z.end();
  await done;
  return new Uint8Array(Buffer.concat(out));
}

/** The zip's bytes; `prefix` bytes before it (a self-extractor's stub) leave its offsets as they were. */
export function zip(parts: ZipPart[], prefix = 0): Uint8Array {
  const chunks: Buffer[] = [Buffer.alloc(prefix, 0x20)];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const big = p.size >= 0xffffffff;
    const size32 = big ? 0xffffffff : p.size;
    const extra = Buffer.alloc(big ? 12 : 0);
    if (big) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(8, 2);
      extra.writeBigUInt64LE(BigInt(p.size), 4);
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(p.method, 8);
    local.writeUInt32LE(0, 14); // crc-32 unchecked by JSZip unless asked
    local.writeUInt32LE(p.data.length, 18);
    local.writeUInt32LE(size32, 22);
    local.writeUInt16LE(name.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x0800, 8);
    c.writeUInt16LE(p.method, 10);
    c.writeUInt32LE(p.data.length, 20);
    c.writeUInt32LE(size32, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt16LE(extra.length, 30);
    c.writeUInt32LE(offset, 42);
    central.push(c, name, extra);
    chunks.push(local, name, Buffer.from(p.data));
    offset += local.length + name.length + p.data.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...chunks, dir, end]));
}

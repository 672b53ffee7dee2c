/**
 * A .docx's unzipped size is bounded before mammoth reads it (scraper/files/zip-bound.ts): zips
 * made here that declare too much, that declare little and inflate to far more, with too many
 * parts, in ZIP64 form and behind a prepended stub; a real .docx passes and reads as before; and
 * `gongkai parse` ends on a bomb with exit 2 and one line.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileError } from '../../scraper/files/kind.js';
import { checkZipBounds, MAX_DOCX_UNZIPPED_BYTES, zipEntries } from '../../scraper/files/zip-bound.js';
import { gongkai } from '../crawl/helpers/cli.js';
import { htmlToDocx } from './docx-writer.js';
import { deflatedZeros, textPart, zip, type ZipPart } from './zip-writer.js';

const qingshan = readFileSync(new URL('../fixtures/qingshan-2023.html', import.meta.url), 'utf8');
const MB = 1024 * 1024;
const contentTypes = textPart('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');

let zeros128: Uint8Array;
beforeAll(async () => {
  // 128 MB of zeros deflate to ~128 KB: a part that inflates to twice the cap
  zeros128 = await deflatedZeros(128 * MB);
}, 60_000);

const lying = (name = 'word/document.xml'): ZipPart => ({ name, data: zeros128, method: 8, size: 1000 });

describe('checkZipBounds', () => {
  it('a real .docx passes, its parts listed with their sizes', async () => {
    const bytes = await htmlToDocx(qingshan);
    await expect(checkZipBounds(bytes)).resolves.toBeUndefined();
    const doc = zipEntries(bytes).find((e) => e.name === 'word/document.xml');
    expect(doc).toMatchObject({ method: 8 });
    expect(doc!.size).toBeGreaterThan(doc!.compressedSize);
  });

  it.each([
    ['one part declaring 4 GB', () => zip([contentTypes, { name: 'word/document.xml', data: new Uint8Array(10), method: 8, size: 0xfffffff0 }]), /unzipped it would be 4096 MB, over the 64 MB cap/],
    ['parts that together declare over the cap', () => zip([contentTypes, ...Array.from({ length: 7 }, (_, i) => ({ name: `word/media/image${i}.png`, data: new Uint8Array(10), method: 8 as const, size: 10 * MB }))]), /unzipped it would be 70 MB, over the 64 MB cap/],
    ['a ZIP64 part declaring 1 TB', () => zip([contentTypes, { name: 'word/document.xml', data: new Uint8Array(10), method: 8, size: 2 ** 40 }]), /unzipped it would be 1048576 MB/],
    ['a part declaring 1000 bytes that inflates to 128 MB', () => zip([contentTypes, lying()]), /part word\/document\.xml unzips to more than the 1000 bytes it declares/],
    ['the same part behind a 4 KB stub (offsets counted from the zip, as JSZip does)', () => zip([contentTypes, lying()], 4096), /unzips to more than the 1000 bytes it declares/],
    ['the same data under ten names', () => zip([contentTypes, ...Array.from({ length: 10 }, (_, i) => lying(`word/part${i}.xml`))]), /part word\/part0\.xml unzips to more/],
    ['over 5000 parts', () => zip(Array.from({ length: 5001 }, (_, i) => ({ name: `p${i}`, data: new Uint8Array(0), method: 0 as const, size: 0 }))), /over 5000 parts in the zip/],
    ['no end of central directory', () => new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array(60).fill(0)]), /not a zip/],
  ])('refuses %s with a FileError', async (_name, make, message) => {
    const err = await checkZipBounds(make()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
  });

  it('a .docx behind a stub passes, and mammoth reads it: both find the parts past the stub', async () => {
    const docx = await htmlToDocx(qingshan);
    const stubbed = new Uint8Array([...new Uint8Array(4096).fill(0x20), ...docx]);
    await expect(checkZipBounds(stubbed)).resolves.toBeUndefined();
    expect(zipEntries(stubbed).map((e) => e.name)).toEqual(zipEntries(docx).map((e) => e.name));
    const html = (await mammoth.convertToHtml({ buffer: Buffer.from(stubbed) })).value;
    expect(html).toContain('<table>');
  });

  it('the cap is the module constant by default and can be lowered', async () => {
    const bytes = await htmlToDocx(qingshan);
    expect(MAX_DOCX_UNZIPPED_BYTES).toBe(64 * MB);
    await expect(checkZipBounds(bytes, { maxBytes: 1000 })).rejects.toThrow(/over the 0 MB cap/);
  });
});

describe('gongkai parse on a zip bomb', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-zip-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['declares 4 GB', () => zip([contentTypes, { name: 'word/document.xml', data: new Uint8Array(10), method: 8, size: 0xfffffff0 }]), /not a readable Word \(\.docx\) file: unzipped it would be 4096 MB, over the 64 MB cap/],
    ['inflates past what it declares', () => zip([contentTypes, lying()]), /not a readable Word \(\.docx\) file: part word\/document\.xml unzips to more than the 1000 bytes it declares/],
  ])('a .docx that %s: exit 2, one line', async (name, make, message) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.docx`);
    writeFileSync(file, make());
    const r = await gongkai(['parse', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  }, 30_000);
});

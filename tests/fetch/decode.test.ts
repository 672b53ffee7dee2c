/** scraper/decode.ts: which encoding a page means, and which bytes are not a page. */
import { describe, expect, it } from 'vitest';
import { binaryContentType, charsetFromMeta, decodeAs, decodeBytes, normaliseLabel, sniffBinary } from '../../scraper/fetch/decode.js';

const ascii = (s: string) => new TextEncoder().encode(s);
const hex = (h: string) => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));
const join = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
};

/** 政府信息公开工作年度报告 in GBK (Python: s.encode('gbk')) */
const TITLE_GBK = hex('d5feb8aed0c5cfa2b9abbfaab9a4d7f7c4eab6c8b1a8b8e6');
const TITLE = '政府信息公开工作年度报告';
/** 堃: in GBK (88 d2) but not in GB2312, as names on real pages are */
const KUN_GBK = hex('88d2');

describe('decodeBytes', () => {
  it('reads a GBK page that declares its charset only in <meta http-equiv>', () => {
    const bytes = join(ascii('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head><body><h1>'), TITLE_GBK, ascii('</h1></body></html>'));
    const d = decodeBytes(bytes, 'text/html');
    expect(d.source).toBe('meta');
    expect(d.encoding).toBe('gb18030');
    expect(d.text).toContain(TITLE);
  });

  it('decodes a GB2312 label as GB18030, so GBK-only characters survive', () => {
    const d = decodeBytes(join(ascii('<p>'), KUN_GBK, ascii('</p>')), 'text/html; charset=GB2312');
    expect(d.source).toBe('header');
    expect(d.encoding).toBe('gb18030');
    expect(d.text).toBe('<p>堃</p>');
    expect(normaliseLabel('gbk')).toBe('gb18030');
    expect(normaliseLabel('x-gbk')).toBe('gb18030');
    expect(normaliseLabel(' "GB2312" ')).toBe('gb18030');
  });

  it('falls back to GB18030 for undeclared non-UTF-8 bytes, UTF-8 for valid UTF-8', () => {
    expect(decodeBytes(join(ascii('<p>'), TITLE_GBK), null)).toMatchObject({ source: 'default', encoding: 'gb18030', text: `<p>${TITLE}` });
    expect(decodeBytes(new TextEncoder().encode(`<p>${TITLE}`), null)).toMatchObject({ source: 'sniff', encoding: 'utf-8', text: `<p>${TITLE}` });
  });

  it('an unknown charset label does not crash: the next rule decides and the label is recorded', () => {
    const bytes = join(ascii('<meta charset="gbk"><p>'), TITLE_GBK);
    const d = decodeBytes(bytes, 'text/html; charset=x-no-such-charset');
    expect(d).toMatchObject({ source: 'meta', encoding: 'gb18030', unknownLabel: 'x-no-such-charset' });
    expect(d.text).toContain(TITLE);
    const m = decodeBytes(join(ascii('<meta charset="klingon-8"><p>'), TITLE_GBK), null);
    expect(m).toMatchObject({ source: 'default', encoding: 'gb18030', unknownLabel: 'klingon-8' });
  });

  it('a BOM wins over a contradicting header', () => {
    const d = decodeBytes(join(hex('efbbbf'), new TextEncoder().encode(TITLE)), 'text/html; charset=gbk');
    expect(d).toMatchObject({ source: 'bom', encoding: 'utf-8', text: TITLE });
  });

  it('the header wins over <meta>', () => {
    const d = decodeBytes(new TextEncoder().encode(`<meta charset="gbk">${TITLE}`), 'text/html; charset=utf-8');
    expect(d).toMatchObject({ source: 'header', encoding: 'utf-8' });
    expect(d.text).toContain(TITLE);
    expect(charsetFromMeta(ascii('<META HTTP-EQUIV="content-type" CONTENT="text/html; charset=GB2312">'))).toBe('GB2312');
  });
});

describe('sniffBinary', () => {
  it('names PDFs, Office files and images, and lets pages through', () => {
    expect(sniffBinary(ascii('%PDF-1.7\n%âãÏÓ'))).toBe('PDF');
    expect(sniffBinary(ascii('\r\n%PDF-1.4'))).toBe('PDF');
    expect(sniffBinary(hex('504b0304140006000800'))).toBe('ZIP/Office');
    expect(sniffBinary(hex('d0cf11e0a1b11ae1'))).toBe('OLE/Office');
    expect(sniffBinary(hex('89504e470d0a1a0a'))).toBe('PNG');
    expect(sniffBinary(join(ascii('abc'), hex('00'), ascii('def')))).toMatch(/NUL/);
    expect(sniffBinary(ascii('<!doctype html><p>ok</p>'))).toBeNull();
    expect(sniffBinary(join(ascii('<p>'), TITLE_GBK))).toBeNull();
    expect(sniffBinary(hex('fffe3c007000'))).toBeNull(); // UTF-16LE with BOM has NULs and is text
  });

  it('knows content types that are never pages', () => {
    expect(binaryContentType('application/pdf')).toBe(true);
    expect(binaryContentType('image/png')).toBe(true);
    expect(binaryContentType('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe(true);
    expect(binaryContentType('text/html; charset=gbk')).toBe(false);
    expect(binaryContentType('application/octet-stream')).toBe(false); // misconfigured servers send pages so; the bytes decide
    expect(binaryContentType(undefined)).toBe(false);
  });
});

/**
 * decodeAs reads large valid UTF-8 by way of UTF-16 (its quick path) and everything else with
 * TextDecoder: either way the text must be TextDecoder's, to the character. Each case is padded
 * past the quick path's 4 KB floor and also tried as it is.
 */
describe('decodeAs: the same text as TextDecoder', () => {
  const PAD = ascii('<p>' + '政府信息公开 x&amp;y '.repeat(300) + '</p>');
  const cases: Array<[string, Uint8Array]> = [
    ['ASCII only', ascii('<html><body>plain</body></html>')],
    ['Chinese and markup', ascii(`<h1>${TITLE}</h1><td>12</td>`)],
    ['a leading byte-order mark (dropped)', join(hex('efbbbf'), ascii('<p>x</p>'))],
    ['two byte-order marks (the second kept)', join(hex('efbbbfefbbbf'), ascii('<p>x</p>'))],
    ['a mark not at the start (kept)', join(ascii('<p>'), hex('efbbbf'), ascii('</p>'))],
    ['four-byte characters (𠀀, emoji)', join(ascii('<p>'), hex('f0a08080'), hex('f09f9880'), ascii('</p>'))],
    ['NUL and controls', join(ascii('<p>'), hex('00010a0d09'), ascii('</p>'))],
    ['an invalid byte', join(ascii('<p>'), hex('ff'), ascii('</p>'))],
    ['a sequence cut short at the end', join(ascii('<p>'), hex('e694'))],
    ['a sequence cut short mid-page', join(ascii('<p>'), hex('e694'), ascii('</p>'))],
    ['an overlong form', join(ascii('<p>'), hex('c0af'), ascii('</p>'))],
    ['an encoded surrogate', join(ascii('<p>'), hex('eda080'), ascii('</p>'))],
    ['GBK bytes read as UTF-8', join(ascii('<p>'), TITLE_GBK)],
  ];
  for (const [name, bytes] of cases) {
    it(name, () => {
      for (const b of [bytes, join(PAD, bytes), join(bytes, PAD)]) {
        expect(decodeAs(b, 'utf-8')).toBe(new TextDecoder('utf-8').decode(b));
        expect(decodeAs(b, 'UTF8')).toBe(new TextDecoder('utf-8').decode(b));
      }
    });
  }

  it('other encodings are TextDecoder\'s', () => {
    const gbk = join(PAD, TITLE_GBK);
    expect(decodeAs(gbk, 'gb18030')).toBe(new TextDecoder('gb18030').decode(gbk));
    const le = join(hex('fffe'), hex('3c0070003e00'));
    expect(decodeAs(le, 'utf-16le')).toBe('<p>');
  });
});


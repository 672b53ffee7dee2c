/**
 * Bytes → text, the way the page means it: the Content-Type charset, else a byte-order mark,
 * else a `<meta charset>` / `<meta http-equiv>` in the first 1024 bytes, else GB18030 for pages
 * that are not valid UTF-8 (Chinese government sites that declare nothing are GBK).
 * GB2312 and GBK labels decode as GB18030, their superset.
 */

export interface Decoded {
  text: string;
  /** the encoding used, as a WHATWG label */
  encoding: string;
  /** where the encoding came from */
  source: 'header' | 'bom' | 'meta' | 'sniff' | 'default';
  /** a declared label that no decoder knows, if one was met */
  unknownLabel?: string;
}

const ALIASES: Record<string, string> = {
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  gb_2312: 'gb18030',
  'gb_2312-80': 'gb18030',
  cp936: 'gb18030',
  windows936: 'gb18030',
  'windows-936': 'gb18030',
  euccn: 'gb18030',
  'euc-cn': 'gb18030',
  hz: 'gb18030',
  utf8: 'utf-8',
};

/** A decoder's label for a declared charset, or null when none knows it. */
export function normaliseLabel(label: string): string | null {
  const l = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  const mapped = ALIASES[l] ?? l;
  try {
    return new TextDecoder(mapped).encoding;
  } catch {
    return null;
  }
}

export function charsetFromContentType(ct: string | null | undefined): string | null {
  if (!ct) return null;
  const m = /charset\s*=\s*["']?([^;"'\s]+)/i.exec(ct);
  return m ? m[1] : null;
}

/** The charset a page declares in its first 1024 bytes (HTML's prescan, simplified). */
export function charsetFromMeta(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  const m =
    /<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_\-:.]+)/i.exec(head) ??
    /<meta[^>]+content\s*=\s*["'][^"']*charset\s*=\s*([a-z0-9_\-:.]+)/i.exec(head);
  return m ? m[1] : null;
}

function bomEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function decodeBytes(bytes: Uint8Array, contentType?: string | null): Decoded {
  let unknownLabel: string | undefined;
  const declared = charsetFromContentType(contentType);
  if (declared) {
    const enc = normaliseLabel(declared);
    if (enc) return { text: new TextDecoder(enc).decode(bytes), encoding: enc, source: 'header' };
    unknownLabel = declared;
  }
  const bom = bomEncoding(bytes);
  if (bom) return { text: new TextDecoder(bom).decode(bytes), encoding: bom, source: 'bom' };
  const meta = charsetFromMeta(bytes);
  if (meta) {
    const enc = normaliseLabel(meta);
    if (enc) return { text: new TextDecoder(enc).decode(bytes), encoding: enc, source: 'meta', ...(unknownLabel ? { unknownLabel } : {}) };
    unknownLabel ??= meta;
  }
  if (isUtf8(bytes)) return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8', source: 'sniff', ...(unknownLabel ? { unknownLabel } : {}) };
  return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030', source: 'default', ...(unknownLabel ? { unknownLabel } : {}) };
}

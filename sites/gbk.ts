/**
 * Text → GBK bytes, for the demo and test sites' GBK-encoded page. Node can decode GBK but not
 * encode it; the table is built once by decoding every two-byte GBK sequence and inverting it,
 * so the project needs no encoding library for this.
 */
let table: Map<string, number> | null = null;

function gbkTable(): Map<string, number> {
  if (table) return table;
  const t = new Map<string, number>();
  const dec = new TextDecoder('gbk', { fatal: false });
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      const ch = dec.decode(pair);
      if (ch.length === 1 && ch !== '\ufffd' && !t.has(ch)) t.set(ch, (lead << 8) | trail);
    }
  }
  table = t;
  return t;
}

/** Encodes text as GBK; a character GBK lacks becomes an HTML numeric reference. */
export function encodeGbk(text: string): Uint8Array {
  const t = gbkTable();
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out.push(cp);
    else {
      const code = t.get(ch);
      if (code !== undefined) out.push(code >> 8, code & 0xff);
      else for (const b of Buffer.from(`&#${cp};`, 'ascii')) out.push(b);
    }
  }
  return Uint8Array.from(out);
}

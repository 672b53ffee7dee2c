/** Text laid out for a terminal, where a CJK character takes two columns. */

/** Display width of `s` in terminal columns. */
export function width(s: string): number {
  let w = 0;
  for (const c of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1;
  return w;
}

/** `s` padded to `w` columns, on the right (text) or on the left (`right`: numbers). */
export function pad(s: string, w: number, right = false): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return right ? fill + s : s + fill;
}

/** `s` cut to fit `w` columns, with an ellipsis when cut. */
export function clip(s: string, w: number): string {
  let out = '';
  for (const c of s) {
    if (width(out + c) > w - 1) return out + '…';
    out += c;
  }
  return out;
}

/**
 * PDF fonts often map a character's glyph to its radical's code point (⼈ U+2F08 for 人, ⻘ U+2ED8
 * for 青): the text layer of Chromium's and Word's PDFs is full of them, and no label would match.
 * Kangxi radicals fold by NFKC; the CJK Radicals Supplement has no such mapping, so the ones
 * that stand for a whole character are listed (Unicode's EquivalentUnifiedIdeograph.txt).
 */
const SUPPLEMENT: Record<string, string> = {
  '⺟': '母', '⺠': '民', '⺩': '王', '⺫': '目', '⺬': '示', '⺮': '竹', '⺶': '羊', '⺻': '聿',
  '⺼': '肉', '⺽': '臼', '⻁': '虎', '⻄': '西', '⻅': '见', '⻆': '角', '⻉': '贝', '⻊': '足',
  '⻋': '车', '⻑': '長', '⻓': '长', '⻔': '门', '⻗': '雨', '⻘': '青', '⻙': '韦', '⻚': '页',
  '⻛': '风', '⻜': '飞', '⻝': '食', '⻢': '马', '⻣': '骨', '⻤': '鬼', '⻥': '鱼', '⻦': '鸟',
  '⻧': '卤', '⻨': '麦', '⻩': '黄', '⻪': '黾', '⻬': '齐', '⻮': '齿', '⻰': '龙', '⻳': '龟',
  '⺇': '几', '⺌': '小', '⺒': '巳', '⺓': '幺', '⺜': '日', '⺝': '月', '⺧': '牛',
};

const HAS_RADICAL = /[\u2e80-\u2eff\u2f00-\u2fdf]/;
const RADICAL = /[\u2e80-\u2eff\u2f00-\u2fdf]/g;

export function unifyRadicals(s: string): string {
  if (!HAS_RADICAL.test(s)) return s;
  return s.replace(RADICAL, (c) => SUPPLEMENT[c] ?? (c >= '\u2f00' ? c.normalize('NFKC') : c));
}

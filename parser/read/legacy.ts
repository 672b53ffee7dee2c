/**
 * Pre-2019 reports: the 统计表 of 指标名称 / 计量单位 / one value per period column, read as
 * labelled key-values in page order. Run-together digits are split only where a single reading
 * exists; otherwise the cell is ambiguous with its candidate readings.
 */
import { locate } from '../doc/model.js';
import { squash } from '../format/normalize.js';
import type { Cell, LegacyRow } from '../record/schema.js';
import { splitTokens, type Token } from './split.js';
import { originalSlice, type Stream } from './stream.js';

const UNITS = '(人次|万元|元|条|件|个|次|项|人|期|份|篇|场|%)';
const PERIOD = /^((?:19|20)\d{2}年度?|本年度?|上年度?|历年累计|累计|合计|数量)/;
const MAX_CANDIDATES = 20;

export function readLegacy(stream: Stream): LegacyRow[] | null {
  const text = stream.folded;
  const head = text.indexOf('指标名称');
  if (head < 0) return null;
  let pos = head + '指标名称'.length;
  if (text.startsWith('计量单位', pos)) pos += '计量单位'.length;
  const periods: string[] = [];
  for (;;) {
    const m = PERIOD.exec(text.slice(pos, pos + 12));
    if (!m) break;
    periods.push(m[1]);
    pos += m[1].length;
  }
  if (periods.length === 0) periods.push('数量');
  const rows: LegacyRow[] = [];
  // label, unit, then values up to the next label; bounded to the table's stretch of text
  const rowRe = new RegExp(`((?:其中:?)?(?:\\d{1,2}\\.)?[^\\d]{2,40}?)${UNITS}(\\d[\\d.]*\\d|\\d)`, 'y');
  const end = Math.min(text.length, pos + 6000);
  rowRe.lastIndex = pos;
  while (rowRe.lastIndex < end) {
    const start = rowRe.lastIndex;
    const m = rowRe.exec(text);
    if (!m) break;
    let digits = m[3];
    let valueEnd = m.index + m[0].length;
    // an item number of the next label sticks to the digits: …2069121062.政府公报公开数
    if (text[valueEnd] === '.' && /\d$/.test(digits) && digits.length > periods.length) {
      digits = digits.slice(0, -1);
      valueEnd -= 1;
      rowRe.lastIndex = valueEnd;
    }
    const label = m[1].replace(/^(其中:?|\d+\.)+/, '').replace(/^[:.,]+/, '');
    const valueStart = m.index + m[1].length + m[2].length;
    rows.push({ label, unit: m[2], values: legacyValues(stream, valueStart, valueEnd, periods) });
    if (rowRe.lastIndex === start) break;
    if (/^[一二三四五六七八九十]+\./.test(text.slice(rowRe.lastIndex, rowRe.lastIndex + 3)) && rows.length > 2) break;
  }
  return rows.length ? rows : null;
}

function legacyValues(stream: Stream, from: number, to: number, periods: string[]): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  // tokens split at separators
  const toks: { start: number; end: number }[] = [];
  let s = -1;
  for (let i = from; i < to; i++) {
    if (stream.breakBefore[i] && s >= 0) {
      toks.push({ start: s, end: i });
      s = -1;
    }
    if (s < 0) s = i;
  }
  if (s >= 0) toks.push({ start: s, end: to });
  const tokens: Token[] = toks.map((t) => {
    const d = /^(\d+)(\.\d+)?$/.exec(stream.folded.slice(t.start, t.end));
    return d ? { kind: 'digits', int: d[1], tail: d[2] ?? '', unit: '' } : { kind: 'note' };
  });
  const res = splitTokens(tokens, periods.length, { sums: [], useRules: false, maxReadings: 200 });
  const unitAt = (i: number) => stream.units[stream.unitOf[i]];
  periods.forEach((p, i) => {
    if (res.readings.length === 1 && !res.overflow) {
      const part = res.readings[0][i];
      const t = toks[part.token];
      const a = tokens[part.token].kind === 'digits' ? t.start + part.from : t.start;
      const b = tokens[part.token].kind === 'digits' && part.to < (tokens[part.token] as { int: string }).int.length ? t.start + part.to : t.end;
      const o = originalSlice(stream, a, b);
      out[p] = {
        value: part.value, raw: squash(unitAt(a).text.slice(o.start, o.end)), status: part.value === null ? 'note' : 'ok',
        loc: locate(unitAt(a), o.start, o.end), ...(toks.length < periods.length ? { split: true } : {}),
      };
    } else if (res.readings.length === 0) {
      out[p] = { value: null, raw: null, status: 'missing', loc: null };
    } else {
      const vals = [...new Set(res.readings.map((r) => r[i].value).filter((v): v is number => v !== null))].sort((x, y) => x - y);
      const o = originalSlice(stream, from, to);
      out[p] = {
        value: null, raw: squash(unitAt(from).text.slice(o.start, o.end)), status: 'ambiguous',
        candidates: res.overflow || vals.length > MAX_CANDIDATES ? [] : vals, loc: null,
      };
    }
  });
  return out;
}

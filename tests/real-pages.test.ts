/**
 * The real report pages of ../shared (public sites' pages, not committed here): each must give
 * its format and layout and all of its tables, without a crash. Skips when ../shared is absent,
 * as on a fresh clone.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APPLICANT_COLUMN_IDS, isSoftCheck, parseReport, RecordSchema } from '../parser/index.js';

const shared = new URL('../../shared/', import.meta.url);
const real = new URL('real/', shared);
const present = existsSync(real);
if (!present) console.warn('[skip] ../shared/real is not here (fresh clone): the real-page tests are skipped');

/** From ../shared/real/SOURCES.md: format and layout of each page. */
const EXPECTED: Record<string, { format: string; layout: string }> = {
  'pingtan-2018.txt': { format: 'legacy', layout: 'concatenated' },
  'pingtan-2019.txt': { format: '2019', layout: 'concatenated' },
  'pingtan-2020.txt': { format: '2019', layout: 'concatenated' },
  'pingtan-2020.html': { format: '2019', layout: 'table' },
  'pingtan-2021.txt': { format: '2021', layout: 'concatenated' },
  'pingtan-2022.txt': { format: '2021', layout: 'concatenated' },
  'pingtan-2022.html': { format: '2021', layout: 'table' },
  'pingtan-2023.html': { format: '2021', layout: 'table' },
  'pingtan-2024.txt': { format: '2021', layout: 'concatenated' },
  'pingtan-2025.txt': { format: '2021', layout: 'concatenated' },
  'pingtan-2025.html': { format: '2021', layout: 'table' },
  'pingtanxian-2011.txt': { format: 'legacy', layout: 'concatenated' },
  'shanghai-szfbgt-2019.html': { format: '2019', layout: 'table' },
  'shuyang-fgj-2023.html': { format: '2021', layout: 'table' },
};

describe.skipIf(!present)('real pages of ../shared/real', () => {
  const files = present ? readdirSync(real).filter((f) => /\.(txt|html)$/.test(f)) : [];
  it('has every page listed', () => {
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });
  it.each(files)('%s: format, layout, all tables, no crash', (file) => {
    const rec = parseReport(readFileSync(new URL(file, real), 'utf8'), { file });
    expect(RecordSchema.safeParse(rec).success).toBe(true);
    expect(rec.issues.filter((i) => i.code === 'INTERNAL_ERROR')).toEqual([]);
    expect({ format: rec.format, layout: rec.layout }).toEqual(EXPECTED[file]);
    expect(rec.year).toBe(Number(/(\d{4})/.exec(file)![1]));
    if (rec.format === 'legacy') {
      expect(rec.tables.legacy?.length, file).toBeGreaterThan(10);
      return;
    }
    expect(rec.issues.filter((i) => i.code === 'TABLE_NOT_FOUND' || i.code === 'ROW_NOT_FOUND')).toEqual([]);
    // 表三 and 表四 are read in full (表二's run-together rows may stay ambiguous: no rule splits them)
    for (const [row, cols] of Object.entries(rec.tables.applications ?? {})) {
      for (const c of APPLICANT_COLUMN_IDS) expect(['ok', 'blank'], `${file} applications.${row}.${c}`).toContain(cols[c].status);
    }
    for (const [g, cols] of Object.entries(rec.tables.review_litigation ?? {})) {
      for (const [c, cell] of Object.entries(cols)) expect(['ok', 'blank'], `${file} ${g}.${c}`).toContain(cell.status);
    }
  });

  it('the same report as text and as HTML gives the same 表三 and 表四', () => {
    for (const year of ['2020', '2022', '2025']) {
      const a = parseReport(readFileSync(new URL(`pingtan-${year}.txt`, real), 'utf8'));
      const b = parseReport(readFileSync(new URL(`pingtan-${year}.html`, real), 'utf8'));
      const values = (r: typeof a, t: 'applications' | 'review_litigation') =>
        Object.fromEntries(Object.entries(r.tables[t] ?? {}).map(([row, cs]) => [row, Object.values(cs).map((c) => (c.status === 'blank' ? 0 : c.value))]));
      expect(values(a, 'applications'), year).toEqual(values(b, 'applications'));
      expect(values(a, 'review_litigation'), year).toEqual(values(b, 'review_litigation'));
    }
  });

  it('pingtan-2020: the report’s own 三 sub-rows do not add up to its （七）总计 — a fail in the real table, and in the run-together text since every reading of its digits breaks the rule the same way', () => {
    const html = parseReport(readFileSync(new URL('pingtan-2020.html', real), 'utf8'));
    const fail = html.checks.find((c) => c.id === 'applications.results_total' && c.scope === 'natural_person');
    expect(fail?.status).toBe('fail');
    expect([fail?.left, fail?.right]).toEqual([20, 26]);
    // the text copy holds the same numbers run together: no reading of its digits repairs the rule
    const text = parseReport(readFileSync(new URL('pingtan-2020.txt', real), 'utf8'));
    const same = text.checks.find((c) => c.id === 'applications.results_total' && c.scope === 'natural_person');
    expect(same?.status).toBe('fail');
    expect([same?.left, same?.right]).toEqual([20, 26]);
    expect(same?.note).toMatch(/every reading of the run-together digits/);
  });
});

const samples = new URL('samples/', shared);
describe.skipIf(!existsSync(samples))('samples of ../shared/samples with their values', () => {
  const files = existsSync(samples) ? readdirSync(samples).filter((f) => f.endsWith('.txt')) : [];
  it.each(files)('%s equals its .expected.json', (file) => {
    const exp = JSON.parse(readFileSync(new URL(file.replace('.txt', '.expected.json'), samples), 'utf8'));
    const rec = parseReport(readFileSync(new URL(file, samples), 'utf8'), { file });
    expect({ entity: rec.entity, year: rec.year, format: rec.format, layout: rec.layout }).toEqual({ entity: exp.entity, year: exp.year, format: exp.format, layout: exp.layout });
    for (const [row, cols] of Object.entries(exp.tables.active as Record<string, Record<string, number | null>>)) {
      for (const [col, v] of Object.entries(cols)) expect(rec.tables.active?.[row]?.[col]?.value, `active.${row}.${col}`).toBe(v);
    }
    for (const [row, vals] of Object.entries(exp.tables.applications as Record<string, (number | null)[]>)) {
      vals.forEach((v, i) => expect(rec.tables.applications?.[row]?.[APPLICANT_COLUMN_IDS[i]]?.value, `applications.${row}.${i}`).toBe(v));
    }
    for (const [g, cols] of Object.entries(exp.tables.review_litigation as Record<string, Record<string, number | null>>)) {
      for (const [col, v] of Object.entries(cols)) expect(rec.tables.review_litigation?.[g]?.[col]?.value, `${g}.${col}`).toBe(v);
    }
    // a value the page does not determine is ambiguous, never guessed
    for (const [row, cols] of Object.entries(exp.tables.active as Record<string, Record<string, number | null>>)) {
      for (const [col, v] of Object.entries(cols)) if (v === null) expect(['ambiguous', 'note', 'blank', 'missing']).toContain(rec.tables.active?.[row]?.[col]?.status);
    }
    // the hard failures: narrative.* findings are soft (tests/dataset/narrative.test.ts)
    expect(rec.checks.filter((c) => c.status === 'fail' && !isSoftCheck(c)).map((c) => [c.id, c.scope])).toEqual(exp.failing_checks);
  });
});

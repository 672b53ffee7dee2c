/**
 * Table-driven: every fixture page → expected identity, layout, cells and checks.
 * Fixtures are gongkai's own pages (invented bodies) modelled on real report pages, plus the seed
 * sample; each has a `<name>.expected.json` beside it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SEED_SAMPLE_FILE, seedSampleText } from '../sites/samples.js';
import { APPLICANT_COLUMN_IDS, parseReport, RecordSchema, type ReportRecord } from '../parser/index.js';

const dir = new URL('./fixtures/', import.meta.url);
// the seed sample lives with the sites that serve it; its expected values are here with the others'
const pages = [...readdirSync(dir), SEED_SAMPLE_FILE].filter((f) => /\.(txt|html)$/.test(f) && readdirSync(dir).includes(f.replace(/\.(txt|html)$/, '.expected.json')));
const pageText = (file: string) => (file === SEED_SAMPLE_FILE ? seedSampleText() : readFileSync(new URL(file, dir), 'utf8'));

type Expected = {
  entity: string; year: number; publishedAt?: string; format: string; layout: string;
  nav: { prev: string; next: string } | null;
  tables: { active: Record<string, Record<string, number | null>>; applications: Record<string, (number | null)[]>; review_litigation?: Record<string, Record<string, number | null>> };
  failing_checks: [string, string][] | string[];
  candidates?: Record<string, number[]>;
  statuses?: Record<string, string>;
  used_to_decode?: [string, string][];
};

function cell(rec: ReportRecord, path: string) {
  const [t, r, c] = path.split('.');
  return (rec.tables as Record<string, Record<string, Record<string, { value: number | null; status: string; candidates?: number[] }>>>)[t]?.[r]?.[c];
}

describe.each(pages)('fixture %s', (file) => {
  const text = pageText(file);
  const exp: Expected = JSON.parse(readFileSync(new URL(file.replace(/\.(txt|html)$/, '.expected.json'), dir), 'utf8'));
  const rec = parseReport(text, { file });

  it('is a valid record', () => {
    const r = RecordSchema.safeParse(rec);
    expect(r.success, r.success ? '' : JSON.stringify(r.error.issues.slice(0, 3))).toBe(true);
  });

  it('has the expected identity, format and layout', () => {
    expect({ entity: rec.entity, year: rec.year, format: rec.format, layout: rec.layout }).toEqual({ entity: exp.entity, year: exp.year, format: exp.format, layout: exp.layout });
    if (exp.publishedAt) expect(rec.publishedAt).toBe(exp.publishedAt);
    if (exp.nav) {
      expect(rec.nav?.prev?.title).toBe(exp.nav.prev);
      expect(rec.nav?.next?.title).toBe(exp.nav.next);
    }
  });

  it('reads every cell of 表二', () => {
    for (const [row, cols] of Object.entries(exp.tables.active)) {
      for (const [col, v] of Object.entries(cols)) expect(cell(rec, `active.${row}.${col}`)?.value, `active.${row}.${col}`).toBe(v);
    }
  });

  it('reads every cell of 表三', () => {
    for (const [row, vals] of Object.entries(exp.tables.applications)) {
      vals.forEach((v, i) => expect(cell(rec, `applications.${row}.${APPLICANT_COLUMN_IDS[i]}`)?.value, `applications.${row}.${APPLICANT_COLUMN_IDS[i]}`).toBe(v));
    }
  });

  it('reads every cell of 表四', () => {
    for (const [group, cols] of Object.entries(exp.tables.review_litigation ?? {})) {
      for (const [col, v] of Object.entries(cols)) expect(cell(rec, `review_litigation.${group}.${col}`)?.value, `${group}.${col}`).toBe(v);
    }
  });

  it('fails exactly the expected checks, naming the column', () => {
    const failing = rec.checks.filter((c) => c.status === 'fail').map((c) => [c.id, c.scope]);
    expect(failing).toEqual(exp.failing_checks);
  });

  it('leaves undecidable cells ambiguous with their candidates, never a guess', () => {
    for (const [path, cands] of Object.entries(exp.candidates ?? {})) {
      const c = cell(rec, path);
      expect(c?.status, path).toBe('ambiguous');
      expect(c?.value, path).toBeNull();
      expect(c?.candidates, path).toEqual(cands);
    }
    for (const [path, status] of Object.entries(exp.statuses ?? {})) expect(cell(rec, path)?.status, path).toBe(status);
  });

  it('marks rules used to split digits', () => {
    for (const [id, scope] of exp.used_to_decode ?? []) {
      const ch = rec.checks.find((c) => c.id === id && c.scope === scope);
      expect(ch?.usedToDecode, `${id} ${scope}`).toBe(true);
    }
  });
});

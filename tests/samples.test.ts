import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seedSampleText } from '../sites/samples.js';
import { parseReport, RecordSchema, APPLICANT_COLUMN_IDS } from '../parser/index.js';

const fixtures = new URL('./fixtures/', import.meta.url);

describe('seed sample yipinglang-2022 (one cell per line)', () => {
  const text = seedSampleText();
  const expected = JSON.parse(readFileSync(new URL('yipinglang-2022.expected.json', fixtures), 'utf8'));
  const rec = parseReport(text, { file: 'yipinglang-2022.txt' });

  it('validates against the schema', () => {
    expect(RecordSchema.safeParse(rec).success).toBe(true);
  });
  it('reads the identity, format and layout', () => {
    expect(rec.entity).toBe(expected.entity);
    expect(rec.year).toBe(expected.year);
    expect(rec.publishedAt).toBe(expected.publishedAt);
    expect(rec.format).toBe(expected.format);
    expect(rec.layout).toBe(expected.layout);
    expect(rec.nav?.prev?.title).toBe(expected.nav.prev);
    expect(rec.nav?.next?.title).toBe(expected.nav.next);
  });
  it('reads every value', () => {
    for (const [row, cols] of Object.entries(expected.tables.active as Record<string, Record<string, number | null>>)) {
      for (const [col, v] of Object.entries(cols)) expect(rec.tables.active?.[row]?.[col]?.value, `active.${row}.${col}`).toBe(v);
    }
    for (const [row, vals] of Object.entries(expected.tables.applications as Record<string, (number | null)[]>)) {
      vals.forEach((v, i) => expect(rec.tables.applications?.[row]?.[APPLICANT_COLUMN_IDS[i]]?.value, `applications.${row}.${i}`).toBe(v));
    }
    expect(rec.tables.active?.normative_documents?.issued?.status).toBe('note');
    expect(rec.tables.active?.normative_documents?.issued?.raw).toBe('由市司法局填报');
  });
  it('has no failing check', () => {
    expect(rec.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(rec.checks.length).toBeGreaterThan(30);
  });
});

/**
 * The real report PDF in ../shared/attachments (public data: read, never copied). Its record must
 * have every cell read and every check right; and wherever the third-party text extraction of the
 * same PDF (converted/, which has page footers inside its tables) reads a cell, the two agree.
 * Skipped with a message when ../shared is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseReport, type ReportRecord } from '../../parser/index.js';
import { parseFile } from '../../scraper/files/read-file.js';

const dir = new URL('../../../shared/attachments/', import.meta.url);
const pdfPath = new URL('pdf/huaian-szf-2024.pdf', dir);
const present = existsSync(pdfPath);
if (!present) console.warn('tests/pdf/shared-pdf: ../shared/attachments/pdf/huaian-szf-2024.pdf is absent: skipped');

function cells(rec: ReportRecord) {
  const out: [string, { status: string; value: number | null; loc: unknown }][] = [];
  for (const [t, rows] of Object.entries(rec.tables)) {
    if (Array.isArray(rows)) continue;
    for (const [r, cols] of Object.entries(rows ?? {})) for (const [c, cell] of Object.entries(cols)) out.push([`${t}.${r}.${c}`, cell]);
  }
  return out;
}

describe.skipIf(!present)('the shared WPS report PDF', () => {
  it('reads every cell, every check holds, and agrees with the text extraction wherever that reads a cell', async () => {
    const rec = await parseFile(new Uint8Array(readFileSync(pdfPath)), 'pdf', { file: 'huaian-szf-2024.pdf' });
    expect([rec.format, rec.layout, rec.year]).toEqual(['2021', 'table', 2024]);
    expect(rec.entity).toMatch(/人民政府$/);
    const all = cells(rec);
    expect(all.length).toBe(2 * 3 + 4 * 1 + 25 * 7 + 15);
    expect(all.filter(([, c]) => c.status !== 'ok')).toEqual([]);
    expect(all.every(([, c]) => (c.loc as { kind: string }).kind === 'box')).toBe(true);
    expect(rec.checks.length).toBeGreaterThan(40);
    expect(rec.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(rec.issues.filter((i) => i.severity !== 'info')).toEqual([]);

    const txt = new URL('converted/huaian-szf-2024.txt', dir);
    if (!existsSync(txt)) return;
    const other = new Map(cells(parseReport(readFileSync(txt, 'utf8'), { as: 'text' })));
    let compared = 0;
    for (const [path, c] of all) {
      const o = other.get(path);
      if (o?.status !== 'ok') continue;
      expect(c.value, path).toBe(o.value);
      compared++;
    }
    expect(compared).toBeGreaterThan(150);
  });
});

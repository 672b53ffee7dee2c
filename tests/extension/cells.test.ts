import { describe, expect, it } from 'vitest';
import { parseReport } from '../../parser/index.js';
import { cellsToMark } from '../../extension/lib/cells.js';
import { reportPage, unbalancedValues } from '../../sites/extension-pages.js';

describe('cells to mark', () => {
  it('marks every read cell ok when the checks pass', () => {
    const cells = cellsToMark(parseReport(reportPage(), { url: 'http://www.x.gov.cn/' }));
    expect(cells.length).toBeGreaterThan(150);
    expect(cells.every((c) => c.status === 'ok' && c.loc.kind === 'element')).toBe(true);
  });

  it('marks fail exactly the cells of failing checks', () => {
    const rec = parseReport(reportPage({ values: unbalancedValues() }), { url: 'http://www.x.gov.cn/' });
    const failing = new Set(rec.checks.filter((c) => c.status === 'fail').flatMap((c) => c.cells));
    expect(failing.size).toBe(8);
    const marked = cellsToMark(rec);
    expect(new Set(marked.filter((c) => c.status === 'fail').map((c) => c.path))).toEqual(failing);
  });

  it('marks ambiguous cells ambiguous and skips cells without a location', () => {
    const rec = parseReport(reportPage(), { url: 'http://www.x.gov.cn/' });
    const app = rec.tables.applications!;
    app.granted.natural_person = { ...app.granted.natural_person, status: 'ambiguous', value: null, candidates: [5, 50] };
    app.granted.total = { ...app.granted.total, loc: null };
    const marked = cellsToMark(rec);
    expect(marked.find((c) => c.path === 'applications.granted.natural_person')?.status).toBe('ambiguous');
    expect(marked.find((c) => c.path === 'applications.granted.total')).toBeUndefined();
  });

  it('gives text locations for a one-cell-per-line page', () => {
    const cells = cellsToMark(parseReport(reportPage({ layout: 'lines' }), { url: 'http://www.x.gov.cn/' }));
    expect(cells.length).toBeGreaterThan(150);
    expect(cells.every((c) => c.loc.kind === 'range')).toBe(true);
  });
});

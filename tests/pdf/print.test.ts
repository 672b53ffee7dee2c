/**
 * Our own report pages printed to PDF by Chromium read to the same record as their HTML: same
 * cells (values and statuses), same checks. A scan of the same page gives the scan issue and no
 * cells. Real Chromium, real PDF.js; skipped with a message when no Chromium is installed.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport, SCANNED_NO_TEXT, type ReportRecord } from '../../parser/index.js';
import { parseFile } from '../../scraper/files/read-file.js';
import { renderPage, valuesArb, type RenderOptions } from '../../sites/gen.js';
import { chromiumOrNull, Printer } from './print.js';

const chromiumPath = await chromiumOrNull();
if (!chromiumPath) console.warn('tests/pdf/print: no Chromium found (CHROMIUM_PATH, /usr/bin/chromium): skipped');

const fixture = (f: string) => readFileSync(new URL(`../fixtures/${f}`, import.meta.url), 'utf8');
const plain: RenderOptions = { zero: '0', decorate: false, splitHeaders: false, fullWidth: false };

/** Generated pages (table layout) with a fixed seed: numbers of every size, zeros written or left empty. */
function generated(format: '2019' | '2021', seed: number, o: RenderOptions): string {
  const [v] = fc.sample(valuesArb(format), { seed, numRuns: 1 });
  return renderPage(v, 'table', o).text;
}

/** [name, html, exact]: exact pages read to the very same record; the others to no cell that differs but is read. */
const pages: [string, string, boolean][] = [
  ['generated 2021, zeros written 0', generated('2021', 11, plain), true],
  ['generated 2019, zeros as / and decorated cells', generated('2019', 13, { ...plain, zero: '/', decorate: true }), true],
  // a tight table (no cell padding) whose zeros are left empty: a row or a one-row table with
  // nothing in a column leaves no trace of that column on paper
  ['generated 2021, zeros left empty', generated('2021', 12, { ...plain, zero: '' }), false],
  // a broken page: 表三 cut into two tables, rows with fewer cells than their neighbours
  ['fixture qingshan-2023.html', fixture('qingshan-2023.html'), false],
];

/** cell path → value and status, for comparing two records */
function cellsOf(rec: ReportRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [t, rows] of Object.entries(rec.tables)) {
    if (Array.isArray(rows)) continue;
    for (const [r, cols] of Object.entries(rows ?? {})) for (const [c, cell] of Object.entries(cols)) out[`${t}.${r}.${c}`] = `${cell.status}:${cell.value}`;
  }
  return out;
}

describe.skipIf(!chromiumPath)('a page printed to PDF', () => {
  let printer: Printer;
  beforeAll(async () => {
    printer = await Printer.launch(chromiumPath!);
  });
  afterAll(() => printer?.close());

  it.each(pages)('%s: no cell read differently from its HTML', async (_name, html, exact) => {
    const fromHtml = parseReport(html, { as: 'html' });
    const fromPdf = await parseFile(await printer.pdf(html), 'pdf');
    expect(fromPdf.format).toBe(fromHtml.format);
    expect([fromPdf.entity, fromPdf.year]).toEqual([fromHtml.entity, fromHtml.year]);
    const pdf = cellsOf(fromPdf);
    const ref = cellsOf(fromHtml);
    // a cell the PDF reads with confidence is the HTML's cell; what it cannot tell stays ambiguous or missing
    const read = Object.entries(pdf).filter(([, v]) => !/^(ambiguous|missing):/.test(v));
    expect(Object.fromEntries(read)).toEqual(Object.fromEntries(read.map(([k]) => [k, ref[k]])));
    if (exact) {
      expect(pdf).toEqual(ref);
      expect(fromPdf.checks.map((c) => `${c.id}|${c.scope}|${c.status}`)).toEqual(fromHtml.checks.map((c) => `${c.id}|${c.scope}|${c.status}`));
    } else {
      expect(read.length).toBeGreaterThan(0.8 * Object.keys(ref).length);
      expect(fromPdf.checks.filter((c) => c.status === 'fail').length).toBe(fromHtml.checks.filter((c) => c.status === 'fail').length);
    }
    const one = Object.values(fromPdf.tables.applications!.new_received)[0];
    expect(one.loc).toMatchObject({ kind: 'box', page: expect.any(Number) });
  });

  it('a scan of the page (pictures only) gives the scan issue and no cells', async () => {
    const rec = await parseFile(await printer.scannedPdf(fixture('qingshan-2023.html')), 'pdf');
    expect(rec.issues.map((i) => i.code)).toEqual([SCANNED_NO_TEXT]);
    expect(rec.tables).toEqual({});
  });
});

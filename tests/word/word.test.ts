/**
 * Reports published as Word files read to the same record as their HTML: a .docx written here
 * with the `docx` library from our pages, and a .doc made once from our fixture with LibreOffice
 * (tests/fixtures/qingshan-2023.doc.md). Real files through mammoth and word-extractor.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseReport, type ReportRecord } from '../../parser/index.js';
import { FileError, fileKind, parseFile } from '../../scraper/files/read-file.js';
import { tabbedTextToHtml } from '../../scraper/files/word.js';
import { renderPage, valuesArb } from '../../sites/gen.js';
import { htmlToDocx } from './docx-writer.js';

const fixture = (f: string) => new URL(`../fixtures/${f}`, import.meta.url);
const qingshan = readFileSync(fixture('qingshan-2023.html'), 'utf8');

function generated(seed: number): string {
  const [v] = fc.sample(valuesArb('2021'), { seed, numRuns: 1 });
  return renderPage(v, 'table', { zero: '0', decorate: false, splitHeaders: false, fullWidth: false }).text;
}

function cellsOf(rec: ReportRecord, table?: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [t, rows] of Object.entries(rec.tables)) {
    if (Array.isArray(rows) || (table && t !== table)) continue;
    for (const [r, cols] of Object.entries(rows ?? {})) for (const [c, cell] of Object.entries(cols)) out[`${t}.${r}.${c}`] = `${cell.status}:${cell.value}`;
  }
  return out;
}

const checksOf = (rec: ReportRecord) => rec.checks.map((c) => `${c.id}|${c.scope}|${c.status}`);

describe('.docx', () => {
  it.each([
    ['fixture qingshan-2023.html', qingshan],
    ['a generated 2021 page', generated(11)],
  ])('%s written as .docx reads to the same record as its HTML', async (_name, html) => {
    const bytes = await htmlToDocx(html);
    expect(fileKind(bytes)).toBe('docx');
    const fromDocx = await parseFile(bytes, 'docx');
    const fromHtml = parseReport(html, { as: 'html' });
    expect([fromDocx.entity, fromDocx.year, fromDocx.format, fromDocx.layout]).toEqual([fromHtml.entity, fromHtml.year, fromHtml.format, 'table']);
    expect(cellsOf(fromDocx)).toEqual(cellsOf(fromHtml));
    expect(checksOf(fromDocx)).toEqual(checksOf(fromHtml));
  });

  it('a zip that is no Word document is a FileError', async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array(60).fill(0)]);
    await expect(parseFile(zip, 'docx')).rejects.toBeInstanceOf(FileError);
  });
});

describe('.doc (Word 97–2003)', () => {
  it('the fixture made by LibreOffice reads 表二 and 表三 as its HTML does, and no cell differently', async () => {
    const bytes = new Uint8Array(readFileSync(fixture('qingshan-2023.doc')));
    expect(fileKind(bytes)).toBe('doc');
    const fromDoc = await parseFile(bytes, 'doc');
    const fromHtml = parseReport(qingshan, { as: 'html' });
    expect([fromDoc.entity, fromDoc.year, fromDoc.format]).toEqual([fromHtml.entity, fromHtml.year, fromHtml.format]);
    expect(cellsOf(fromDoc, 'active')).toEqual(cellsOf(fromHtml, 'active'));
    expect(cellsOf(fromDoc, 'applications')).toEqual(cellsOf(fromHtml, 'applications'));
    // 表四: a row's end mark is an empty cell in the .doc text, so one more cell than values
    // stands after its header; the row is left unread rather than shifted
    const doc = cellsOf(fromDoc);
    const html = cellsOf(fromHtml);
    for (const [k, v] of Object.entries(doc)) if (!/^(ambiguous|missing):/.test(v)) expect(v, k).toBe(html[k]);
    expect(fromDoc.checks.filter((c) => c.status === 'fail').length).toBe(fromHtml.checks.filter((c) => c.status === 'fail').length);
  });

  it('cell marks become cells; the lines before a cell\'s last line are paragraphs', () => {
    const html = tabbedTextToHtml('标题\n规章\t1\t\t说明\n信息内容\t本年\n制发\t末段');
    expect(html).toContain('<p>标题</p>');
    expect(html).toContain('<td>规章</td>\n<td>1</td>\n<td></td>');
    expect(html).toContain('<p>说明</p>');
    expect(html).toContain('<td>制发</td>');
    expect(html).toContain('<p>末段</p>');
  });
});

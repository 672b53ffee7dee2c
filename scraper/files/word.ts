/**
 * Word files → HTML for the page reader. `.docx` through mammoth (its tables stay tables), once
 * its unzipped size is known to be bounded (zip-bound.ts);
 * `.doc` (Word 97–2003, and WPS files in that format) through word-extractor, whose text marks
 * each table cell's end with a tab: the cells become table cells again. Both libraries (and what
 * they pull in: a zip reader, an XML parser…) are loaded on the first Word file, not by every
 * program that might meet one: a crawl of HTML pages never does.
 */
import { checkZipBounds } from './zip-bound.js';

export async function docxToHtml(bytes: Uint8Array): Promise<string> {
  // mammoth's zip reader inflates whatever a part holds: the sizes are bounded first
  await checkZipBounds(bytes);
  const { default: mammoth } = await import('mammoth');
  const res = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
  return `<html><body>${res.value}</body></html>`;
}

export async function docToHtml(bytes: Uint8Array): Promise<string> {
  const { default: WordExtractor } = await import('word-extractor');
  const doc = await new WordExtractor().extract(Buffer.from(bytes));
  return tabbedTextToHtml(doc.getBody());
}

/**
 * word-extractor's body text → HTML. Each table cell ends with a cell mark (a tab), and so does
 * each table row (its row mark): the text does not tell a row's end from an empty cell, so the
 * cells are kept in order, one after another, as one row of one table per stretch of cells —
 * which is all the table reader needs (labels, then their values). In a stretch of text between
 * two cell marks, the last line is the cell; lines before it are paragraphs between tables, or
 * lines a cell broke its text over (their text still runs into the label they belong to).
 */
export function tabbedTextToHtml(text: string): string {
  const out: string[] = ['<html><body>'];
  const fields = text.split('\t');
  let open = false;
  const cell = (t: string) => {
    if (!open) out.push('<table><tr>');
    open = true;
    out.push(`<td>${escapeHtml(t)}</td>`);
  };
  const para = (t: string) => {
    if (t.trim() === '') return;
    if (open) out.push('</tr></table>');
    open = false;
    out.push(`<p>${escapeHtml(t)}</p>`);
  };
  fields.forEach((field, i) => {
    const lines = field.split(/\r\n|\r|\n/);
    const last = i === fields.length - 1;
    lines.forEach((line, k) => (k === lines.length - 1 && !last ? cell(line) : para(line)));
  });
  if (open) out.push('</tr></table>');
  out.push('</body></html>');
  return out.join('\n');
}
function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

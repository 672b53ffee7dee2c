/**
 * Word files → HTML for the page reader. `.docx` through mammoth (its tables stay tables);
 * `.doc` (Word 97–2003, and WPS files in that format) through word-extractor, whose text marks
 * each table cell's end with a tab: lines with tabs become table rows again.
 */
import mammoth from 'mammoth';
import WordExtractor from 'word-extractor';

export async function docxToHtml(bytes: Uint8Array): Promise<string> {
  const res = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
  return `<html><body>${res.value}</body></html>`;
}

export async function docToHtml(bytes: Uint8Array): Promise<string> {
  const doc = await new WordExtractor().extract(Buffer.from(bytes));
  return tabbedTextToHtml(doc.getBody());
}

/**
 * word-extractor's body text → HTML: a run of lines holding cell marks (tabs) is one table, a
 * line of it one row. A Word row ends with a row mark after its last cell mark; that empty
 * last field is no cell.
 */
export function tabbedTextToHtml(text: string): string {
  const out: string[] = ['<html><body>'];
  let inTable = false;
  for (const line of text.split(/\r\n|\r|\n/)) {
    const cells = line.includes('\t') ? line.split('\t') : null;
    if (cells && !inTable) out.push('<table>');
    if (!cells && inTable) out.push('</table>');
    inTable = cells !== null;
    if (cells) {
      while (cells.length > 1 && cells[cells.length - 1] === '') cells.pop();
      out.push(`<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`);
    } else if (line.trim() !== '') {
      out.push(`<p>${escapeHtml(line)}</p>`);
    }
  }
  if (inTable) out.push('</table>');
  out.push('</body></html>');
  return out.join('\n');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

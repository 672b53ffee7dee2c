/**
 * A .docx in the browser: mammoth's browser side (its package maps the zip and file readers to
 * browser ones) gives the HTML the table reader reads, as word.ts does in Node.
 */
import mammoth from 'mammoth';
import { checkZipBounds } from '../../scraper/files/zip-bound.js';

export async function docxToHtmlBrowser(bytes: Uint8Array): Promise<string> {
  await checkZipBounds(bytes);
  const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const res = await mammoth.convertToHtml({ arrayBuffer });
  return `<html><body>${res.value}</body></html>`;
}

/**
 * PDF.js's reading is bounded (scraper/files/pdf-text.ts): past MAX_PDF_PAGES pages the rest is
 * not read and the record says so; past the wall-time budget the reading stops with one clear
 * error, whether PDF.js goes on page after page (checked between pages, on a clock the test
 * drives) or never finishes a step (a PDF.js whose page never comes). PDFs built by hand here.
 */
import { describe, expect, it } from 'vitest';
import { FileError } from '../../scraper/files/kind.js';
import { readPdfNode } from '../../scraper/files/pdf-node.js';
import { MAX_PDF_PAGES, pdfRecord, readPdfText, type PdfJs } from '../../scraper/files/pdf-text.js';
import { tinyPdf } from './tiny-pdf.js';

const pages = (n: number) => Array.from({ length: n }, (_, i) => `page ${i + 1} of the annual report`);

describe('PDF reading limits', () => {
  it('reads every page of a short PDF', async () => {
    const read = await readPdfNode(tinyPdf(pages(3)));
    expect(read.pageCount).toBe(3);
    expect(read.truncated).toBe(false);
    expect(read.text.pages.map((p) => p.items.map((i) => i.str).join(''))).toEqual(pages(3));
  });

  it(`reads the first ${MAX_PDF_PAGES} pages of a longer one, and the record says the rest was not read`, async () => {
    const read = await readPdfNode(tinyPdf(pages(MAX_PDF_PAGES + 25)));
    expect(read.pageCount).toBe(MAX_PDF_PAGES + 25);
    expect(read.text.pages).toHaveLength(MAX_PDF_PAGES);
    expect(read.text.pages.at(-1)!.items[0].str).toBe(`page ${MAX_PDF_PAGES} of the annual report`);
    expect(pdfRecord(read).issues[0]).toMatchObject({ code: 'PDF_PAGES_CUT', message: `only the first ${MAX_PDF_PAGES} of ${MAX_PDF_PAGES + 25} pages were read` });
  });

  it('stops between pages once the budget is spent: a FileError naming the page', async () => {
    // each look at the clock moves it on a second: the clock is read when the budget is set and
    // once before each step (opening, then each page), so 5 s are spent before page 4
    let t = 0;
    const now = () => (t += 1000);
    const err = await readPdfNode(tinyPdf(pages(40)), { budgetMs: 5000, now }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileError);
    expect((err as Error).message).toBe('reading stopped at page 4 of 40: over the 5 s a PDF may take (a file made to be slow?)');
  });

  it('stops a step of PDF.js that never ends, at the deadline', async () => {
    let destroyed = false;
    const doc = {
      numPages: 2,
      getMetadata: async () => ({}),
      getPage: () => new Promise<never>(() => {}),
      destroy: async () => void (destroyed = true),
    };
    const pdfjs: PdfJs = { getDocument: () => ({ promise: Promise.resolve(doc), destroy: async () => undefined }) };
    await expect(readPdfText(pdfjs, new Uint8Array(8), { budgetMs: 50 })).rejects.toThrow(/^reading stopped at page 1 of 2: over the 50 ms a PDF may take/);
    expect(destroyed).toBe(true);
  });

  it('a document that never opens is given up at the deadline, its loading task destroyed', async () => {
    let destroyed = false;
    const pdfjs: PdfJs = { getDocument: () => ({ promise: new Promise<never>(() => {}), destroy: async () => void (destroyed = true) }) };
    await expect(readPdfText(pdfjs, new Uint8Array(8), { budgetMs: 50 })).rejects.toThrow(/^reading stopped at opening it/);
    expect(destroyed).toBe(true);
  });
});

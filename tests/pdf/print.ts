/** Our own HTML pages printed to PDF by Chromium, as a report's author would "save as PDF". */
import { chromium, type Browser, type Page } from 'playwright-core';
import { findChromium } from '../../scraper/fetch/browser.js';

export async function chromiumOrNull(): Promise<string | null> {
  return findChromium().catch(() => null);
}

/** The page printed to an A4 PDF with its text layer, in a browser or one of its contexts. */
export async function printPdf(where: { newPage(): Promise<Page> }, html: string): Promise<Uint8Array> {
  const page = await where.newPage();
  try {
    await page.setContent(html, { waitUntil: 'load' });
    return new Uint8Array(await page.pdf({ format: 'A4', printBackground: true }));
  } finally {
    await page.close();
  }
}

export class Printer {
  private constructor(private readonly browser: Browser) {}

  static async launch(executablePath: string): Promise<Printer> {
    return new Printer(await chromium.launch({ executablePath, args: ['--no-sandbox'] }));
  }

  /** The page printed to an A4 PDF with its text layer. */
  pdf(html: string): Promise<Uint8Array> {
    return printPdf(this.browser, html);
  }

  /** A scan: the page as a picture, printed inside a page that holds only that picture. */
  async scannedPdf(html: string): Promise<Uint8Array> {
    const page = await this.browser.newPage({ viewport: { width: 794, height: 1123 } });
    try {
      await page.setContent(html, { waitUntil: 'load' });
      const png = await page.screenshot({ fullPage: true });
      await page.setContent(`<html><body style="margin:0"><img style="width:100%" src="data:image/png;base64,${png.toString('base64')}"></body></html>`, { waitUntil: 'load' });
      return new Uint8Array(await page.pdf({ format: 'A4' }));
    } finally {
      await page.close();
    }
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}

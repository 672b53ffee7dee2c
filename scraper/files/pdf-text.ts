/**
 * PDF bytes → positioned text (parser/doc/pdf/types.ts) through PDF.js. No Node API here: the CLI
 * and the crawler pass the legacy build (pdf-node.ts), the extension page its browser build.
 * PDF.js runs with eval off, no font loading and no scripting; only text is read, never images.
 */
import { parsePdf, type Issue, type ParseOptions, type PdfPageText, type PdfText, type PdfTextItem, type ReportRecord } from '../../parser/index.js';
import { FileError } from './kind.js';

/** More pages than any annual report: the rest is not read (an issue says so). */
export const MAX_PDF_PAGES = 60;
/**
 * PDF.js has no time limit of its own, and in Node it runs on the main thread: a file crafted to
 * be slow would hold the crawl. A report of 60 pages reads in a few seconds; past this budget the
 * reading stops with an error (checked between pages, and raced against each step of PDF.js
 * whenever it lets the event loop turn).
 */
export const MAX_PDF_READ_MS = 30_000;

/** The part of PDF.js's API this module uses. */
export interface PdfJs {
  getDocument(src: Record<string, unknown>): { promise: Promise<PdfDocument>; destroy(): Promise<void> };
}
interface PdfDocument {
  numPages: number;
  getMetadata(): Promise<{ info?: unknown }>;
  getPage(n: number): Promise<PdfPage>;
  destroy(): Promise<void>;
}
interface PdfPage {
  getViewport(o: { scale: number }): { width: number; height: number; transform: number[] };
  getTextContent(): Promise<{ items: unknown[] }>;
  cleanup(): void;
}
interface RawItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

export interface PdfReadOptions {
  /** where PDF.js finds its packed CMaps (CID fonts of Chinese PDFs need them) */
  cMapUrl?: string;
  maxPages?: number;
  /** wall time for the whole reading (default MAX_PDF_READ_MS) */
  budgetMs?: number;
  /** the clock the budget is measured on (tests give their own) */
  now?: () => number;
}

export interface PdfRead {
  text: PdfText;
  pageCount: number;
  /** pages left unread beyond maxPages */
  truncated: boolean;
}

export async function readPdfText(pdfjs: PdfJs, bytes: Uint8Array, opts: PdfReadOptions = {}): Promise<PdfRead> {
  const task = pdfjs.getDocument({
    // PDF.js takes ownership of (detaches) the buffer it is given: a copy keeps the caller's bytes
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    isOffscreenCanvasSupported: false,
    stopAtErrors: false,
    verbosity: 0,
    ...(opts.cMapUrl ? { cMapUrl: opts.cMapUrl, cMapPacked: true } : {}),
  });
  const budget = new Budget(opts.budgetMs ?? MAX_PDF_READ_MS, opts.now ?? Date.now);
  let doc: PdfDocument;
  try {
    doc = await budget.race(() => task.promise, 'opening it');
  } catch (err) {
    await task.destroy().catch(() => undefined);
    throw err;
  }
  try {
    const maxPages = opts.maxPages ?? MAX_PDF_PAGES;
    const n = Math.min(doc.numPages, maxPages);
    const pages: PdfPageText[] = [];
    for (let p = 1; p <= n; p++) pages.push(await budget.race(() => doc.getPage(p).then(pageText), `page ${p} of ${doc.numPages}`));
    const info = (await budget.race(() => doc.getMetadata(), 'its metadata').catch(() => ({ info: undefined }))).info as { Title?: unknown } | undefined;
    const title = typeof info?.Title === 'string' ? info.Title : null;
    return { text: { pages, title }, pageCount: doc.numPages, truncated: doc.numPages > n };
  } finally {
    await doc.destroy();
  }
}

/** The reading's wall-time budget: an error names the step where it ran out. */
class Budget {
  private readonly deadline: number;
  constructor(
    private readonly ms: number,
    private readonly now: () => number,
  ) {
    this.deadline = now() + ms;
  }

  /**
   * A step of PDF.js, not begun when the time is spent (the check between pages), and ended at
   * the deadline if PDF.js lets a timer run before the step resolves.
   */
  async race<T>(step: () => Promise<T>, where: string): Promise<T> {
    const left = this.deadline - this.now();
    const error = () => new FileError(`reading stopped at ${where}: over the ${this.ms >= 1000 ? `${Math.round(this.ms / 1000)} s` : `${this.ms} ms`} a PDF may take (a file made to be slow?)`);
    if (left <= 0) throw error();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(error()), left);
    });
    try {
      return await Promise.race([step(), late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

async function pageText(page: PdfPage): Promise<PdfPageText> {
  const vp = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  const items: PdfTextItem[] = [];
  for (const raw of content.items) {
    if (!raw || typeof (raw as RawItem).str !== 'string') continue;
    const it = toItem(raw as RawItem, vp.transform);
    if (it) items.push(it);
  }
  page.cleanup();
  return { width: vp.width, height: vp.height, items };
}

/** An item in top-left page coordinates: the viewport transform applied to the text matrix. */
function toItem(raw: RawItem, vt: number[]): PdfTextItem | null {
  if (raw.str.trim() === '') return null;
  const [a, b, c, d, e, f] = raw.transform;
  const x = vt[0] * e + vt[2] * f + vt[4];
  const y = vt[1] * e + vt[3] * f + vt[5];
  const size = Math.hypot(c, d) || Math.hypot(a, b) || raw.height;
  // text running down the page: its advance is along y (a rotated group label)
  const vertical = Math.abs(b) > Math.abs(a);
  if (!Number.isFinite(x + y + size) || size <= 0) return null;
  return { str: raw.str, x, y, width: Math.abs(raw.width), size, ...(vertical ? { vertical } : {}) };
}

/** The record of a PDF read: the parser's, with a word when pages were left unread. */
export function pdfRecord(read: PdfRead, opts: ParseOptions = {}): ReportRecord {
  const rec = parsePdf(read.text, opts);
  if (read.truncated) {
    const issue: Issue = { code: 'PDF_PAGES_CUT', severity: 'warning', message: `only the first ${read.text.pages.length} of ${read.pageCount} pages were read` };
    rec.issues.unshift(issue);
  }
  return rec;
}

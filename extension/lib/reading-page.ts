/// <reference lib="dom" />
/**
 * The background worker's side of reading a report file: the work happens in the extension's
 * reading page (offscreen.html, where PDF.js loads), which the worker opens when a file is asked
 * for and closes when it has been idle a while. Chrome (MV3) opens it as an offscreen document;
 * Firefox's background is a page, which holds it in a frame.
 */
import { browser } from 'wxt/browser';
import type { ReportRecord } from '../../parser/index.js';
import { FileReadResponseSchema, type FileRead } from './messages.js';

const PAGE = '/offscreen.html';
/** The reading page goes after this long without a file to read (PDF.js and its worker hold memory). */
const IDLE_MS = 30_000;
/** How long the page may take to start listening after it was opened. */
const READY_TRIES = 40;

let opening: Promise<void> | null = null;
let pending = 0;
let idleTimer: ReturnType<typeof setTimeout> | null = null;
let frame: HTMLIFrameElement | null = null;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function open(): Promise<void> {
  const off = browser.offscreen;
  if (off) {
    if (await off.hasDocument()) return;
    await off.createDocument({ url: PAGE, reasons: [browser.offscreen.Reason.WORKERS], justification: 'read a report file (PDF) with PDF.js and its worker' });
    return;
  }
  if (typeof document === 'undefined') throw new Error('no page to read files in');
  if (frame?.isConnected) return;
  frame = document.createElement('iframe');
  frame.src = browser.runtime.getURL(PAGE);
  document.body.append(frame);
}

async function close(): Promise<void> {
  opening = null;
  if (browser.offscreen) await browser.offscreen.closeDocument().catch(() => {});
  frame?.remove();
  frame = null;
}

/** Sends the request; while the page is still starting, nobody answers yet and it is tried again. */
async function ask(req: FileRead): Promise<unknown> {
  for (let i = 0; ; i++) {
    try {
      const r: unknown = await browser.runtime.sendMessage(req);
      if (r !== undefined) return r;
    } catch (err) {
      if (!/Receiving end does not exist|Could not establish connection/i.test(String(err)) || i >= READY_TRIES) throw err;
    }
    if (i >= READY_TRIES) throw new Error('the reading page did not answer');
    await sleep(100);
  }
}

export async function readInReadingPage(src: { url: string; pageUrl: string | null }): Promise<ReportRecord> {
  pending++;
  if (idleTimer !== null) clearTimeout(idleTimer);
  try {
    opening ??= open().catch((err: unknown) => {
      opening = null;
      throw err;
    });
    await opening;
    const raw = await ask({ target: 'gongkai-file-reader', type: 'file.read', url: src.url, pageUrl: src.pageUrl });
    const r = FileReadResponseSchema.safeParse(raw);
    if (!r.success) throw new Error('malformed answer from the reading page');
    if (!r.data.ok) throw new Error(r.data.error);
    return r.data.record;
  } finally {
    pending--;
    if (pending === 0) idleTimer = setTimeout(() => void close(), IDLE_MS);
  }
}

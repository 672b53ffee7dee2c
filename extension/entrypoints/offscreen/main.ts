/**
 * The reading page (offscreen.html): opened by the background worker (extension/lib/reading-page.ts)
 * as Chrome's offscreen document, or as a frame in Firefox's background page. It answers only
 * `file.read` requests addressed to it: fetch the file, read it with PDF.js (or mammoth), parse.
 */
import { browser } from 'wxt/browser';
import { errorResponse, FileReadSchema } from '../../lib/messages.js';
import { readFileAt } from '../../lib/file-reader.js';

browser.runtime.onMessage.addListener((msg: unknown, _sender, sendResponse: (r: unknown) => void) => {
  if ((msg as { target?: unknown })?.target !== 'gongkai-file-reader') return undefined; // the worker's, not ours
  const req = FileReadSchema.safeParse(msg);
  if (!req.success) {
    sendResponse(errorResponse('malformed file.read request'));
    return undefined;
  }
  readFileAt({ fileUrl: req.data.url, pageUrl: req.data.pageUrl }).then(
    (record) => sendResponse({ ok: true, record }),
    (err: unknown) => sendResponse(errorResponse(err)),
  );
  return true;
});

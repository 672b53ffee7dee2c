/**
 * The background worker's answer to each message. Kept apart from the entrypoint so it can be
 * tested with a fake-indexeddb library and stub tab functions.
 */
import { sameSite, type ReportRecord } from '../../parser/index.js';
import type { Library } from './library.js';
import { errorResponse, parseRequest, type ErrorResponse } from './messages.js';

export interface HandlerDeps {
  library: Library;
  inject(tabId: number): Promise<void>;
  openTab(url: string): Promise<void>;
  libraryUrl(): string;
  /** fetch and parse a report file in the extension's reading page */
  readFile(src: { url: string; pageUrl: string | null }): Promise<ReportRecord>;
}

/** Who sent a message: the tab, and the URL of the frame (for content scripts). */
export interface Sender {
  tabId?: number;
  url?: string;
}

export async function handleRequest(msg: unknown, deps: HandlerDeps, sender: Sender = {}): Promise<unknown> {
  const parsed = parseRequest(msg);
  if (!parsed.ok) return parsed satisfies ErrorResponse;
  const req = parsed.req;
  try {
    switch (req.type) {
      case 'library.save': {
        const saved = await deps.library.save(req.url, req.record);
        return { ok: true, url: saved.url };
      }
      case 'library.list': {
        const groups = await deps.library.listGrouped();
        return { ok: true, groups, count: groups.reduce((n, g) => n + g.years.reduce((m, y) => m + y.reports.length, 0), 0) };
      }
      case 'library.delete':
        return { ok: true, deleted: await deps.library.delete(req.url) };
      case 'library.exportCsv':
        return { ok: true, ...(await deps.library.exportCsv()) };
      case 'library.open':
        await deps.openTab(deps.libraryUrl());
        return { ok: true };
      case 'page.open':
        await deps.openTab(req.url);
        return { ok: true };
      case 'reader.inject':
        await deps.inject(req.tabId);
        return { ok: true };
      case 'attachment.read': {
        // only a file of the page's own site, asked for by that page: the extension's host
        // access is not lent to a page that names some other address
        if (!sameSite(req.url, req.pageUrl) || (sender.url !== undefined && !sameSite(req.pageUrl, sender.url))) {
          return errorResponse(`not a file of this page's site: ${req.url}`);
        }
        return { ok: true, record: await deps.readFile({ url: req.url, pageUrl: req.pageUrl }) };
      }
      case 'page.sha256':
        return { ok: true, sha256: await sha256OfBase64(req.base64) };
    }
  } catch (err) {
    // IndexedDB and tab errors are usually passing (quota, a closing tab): say so
    return errorResponse(err, true);
  }
}

async function sha256OfBase64(b64: string): Promise<string> {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
}

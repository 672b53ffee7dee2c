/** A stored response back to text and to a record: what the crawl and `reparse` both read. */
import { pageModel, parsePage, parseReport, type DocModel, type Page, type ReportRecord } from '../../parser/index.js';
import { decodeBytes } from '../fetch/decode.js';
import type { ResponseRow, Store } from '../store/contract.js';

/** Text of a stored response, decoded as the fetcher decoded it. */
export async function responseText(store: Store, resp: ResponseRow): Promise<string> {
  const bytes = await store.body(resp.sha256);
  if (resp.encoding) {
    try {
      return new TextDecoder(resp.encoding).decode(bytes);
    } catch {
      // an encoding this runtime lacks: decode from the headers instead
    }
  }
  const headers = JSON.parse(resp.headers) as Record<string, string>;
  return decodeBytes(bytes, headers['content-type']).text;
}

/** Parses a stored response; `text` is its decoded text when the caller has it at hand (just fetched). */
export async function parseResponse(store: Store, resp: ResponseRow, text?: string, onModel?: (doc: DocModel) => void): Promise<{ rec: ReportRecord; html: string }> {
  const html = text ?? (await responseText(store, resp));
  const opts = { url: resp.final_url, sha256: resp.sha256, fetchedAt: resp.fetched_at };
  if (!onModel) return { rec: parseReport(html, opts), html };
  // parseReport in its two halves, so the walk can look at the page's links before the tables are read
  let page: Page;
  try {
    page = pageModel(html, opts);
  } catch {
    return { rec: parseReport(html, opts), html };
  }
  onModel(page.doc);
  return { rec: parsePage(page, opts), html };
}

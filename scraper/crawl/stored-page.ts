/** A stored response back to its text, and what it is read with: what the crawl and `reparse` both read. */
import { decodeAs, decodeBytes } from '../fetch/decode.js';
import type { ResponseRow, Store } from '../store/contract.js';
import type { ReadOptions } from './page-reading.js';

/** Text of a stored response, decoded as the fetcher decoded it. */
export async function responseText(store: Store, resp: ResponseRow): Promise<string> {
  const bytes = await store.body(resp.sha256);
  if (resp.encoding) {
    try {
      return decodeAs(bytes, resp.encoding);
    } catch {
      // an encoding this runtime lacks: decode from the headers instead
    }
  }
  const headers = JSON.parse(resp.headers) as Record<string, string>;
  return decodeBytes(bytes, headers['content-type']).text;
}

/** What a stored response is read with: the record's source. */
export function readOptions(resp: ResponseRow): ReadOptions {
  return { url: resp.final_url, sha256: resp.sha256, fetchedAt: resp.fetched_at };
}

/** Puts pages into a store as a crawl would (response, then record), without a network. */
import { parseReport } from '../../../parser/index.js';
import { isReport } from '../../../scraper/crawl/chain.js';
import { sha256Hex, type Store } from '../../../scraper/store/contract.js';
import type { FetchResult } from '../../../scraper/fetch/contract.js';

export function fakeResult(url: string, html: string, over: Partial<FetchResult> = {}): FetchResult {
  const body = new TextEncoder().encode(html);
  return {
    url, finalUrl: url, status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body, text: html, encoding: 'utf-8',
    fetchedAt: '2026-11-28T00:00:00.000Z', redirects: [], via: 'static', attempts: 1, ...over,
  };
}

export async function storePage(store: Store, url: string, html: string): Promise<void> {
  await store.enqueue({ url, startUrl: url, direction: 'start', gap: 0, depth: 0, foundFrom: null, linkTitle: null });
  const resp = await store.saveResponse(url, fakeResult(url, html), true);
  const rec = parseReport(html, { url, sha256: sha256Hex(new TextEncoder().encode(html)), fetchedAt: resp.fetched_at });
  await store.saveParsed(url, resp.id, rec, isReport(rec), []);
}

/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Last year's report, from the page's own 上一条/下一条 link: only on a page that is a report,
 * only a link of the same origin whose title names the year before, one request, read with the
 * same walker and parser (DOMParser runs no script of the fetched page).
 */
import { parseModel, walkTree, type ReportRecord } from '../../parser/index.js';
import { domAdapter } from './dom-adapter.js';

/** The neighbour link that is last year's report of this series, or null. */
export function lastYearLink(rec: ReportRecord, pageUrl: string): string | null {
  if ((rec.format !== '2021' && rec.format !== '2019') || rec.year === null || !rec.nav) return null;
  for (const link of [rec.nav.next, rec.nav.prev]) {
    if (!link?.url) continue;
    const y = /((?:19|20)\d{2})\s*年/.exec(link.title ?? '')?.[1];
    if (Number(y) !== rec.year - 1) continue;
    try {
      if (new URL(link.url, pageUrl).origin === new URL(pageUrl).origin) return new URL(link.url, pageUrl).href;
    } catch {
      /* not a URL */
    }
  }
  return null;
}

/** The charset of a fetched page: the header's, else a <meta> in its first bytes, else UTF-8. */
export function sniffCharset(contentType: string | null, head: Uint8Array): string {
  const fromHeader = /charset=["']?([\w-]+)/i.exec(contentType ?? '')?.[1];
  if (fromHeader) return fromHeader;
  const ascii = String.fromCharCode(...head.subarray(0, 2048));
  return /<meta[^>]+charset=["']?([\w-]+)/i.exec(ascii)?.[1] ?? 'utf-8';
}

export function decodePage(bytes: ArrayBuffer, contentType: string | null): string {
  const u8 = new Uint8Array(bytes);
  try {
    return new TextDecoder(sniffCharset(contentType, u8)).decode(u8);
  } catch {
    return new TextDecoder('utf-8').decode(u8);
  }
}

export async function fetchReport(url: string, fetchFn: typeof fetch = fetch): Promise<ReportRecord> {
  const res = await fetchFn(url, { credentials: 'same-origin', redirect: 'follow' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const html = decodePage(await res.arrayBuffer(), res.headers.get('content-type'));
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return parseModel(walkTree<Node>(doc, domAdapter), { url, fetchedAt: new Date().toISOString() });
}

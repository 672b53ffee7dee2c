/** A final response, decoded: the FetchResult that both static fetchers (polite and one-off) return. */
import type { FetchResult } from './contract.js';
import { decodeAs, detectEncoding } from './decode.js';
import type { RawResponse } from './request.js';

export function staticResult(url: string, finalUrl: string, res: RawResponse, redirects: string[], attempts: number): FetchResult {
  const decoded = detectEncoding(res.body, res.headers['content-type']);
  let text: string | undefined;
  return {
    url,
    finalUrl,
    status: res.status,
    headers: res.headers,
    body: res.body,
    // decoded when first asked for: a crawl hands the bytes to a parse thread, which decodes them
    // there, and a page's text held on the main thread was ~200 KB of heap per page in flight
    get text() {
      return (text ??= decodeAs(res.body, decoded.encoding));
    },
    encoding: decoded.encoding,
    ...(decoded.unknownLabel ? { unknownCharset: decoded.unknownLabel } : {}),
    fetchedAt: res.fetchedAt,
    redirects,
    via: 'static',
    attempts,
  };
}

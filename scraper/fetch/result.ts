/** A final response, decoded: the FetchResult that both static fetchers (polite and one-off) return. */
import type { FetchResult } from './contract.js';
import { decodeBytes } from './decode.js';
import type { RawResponse } from './request.js';

export function staticResult(url: string, finalUrl: string, res: RawResponse, redirects: string[], attempts: number): FetchResult {
  const decoded = decodeBytes(res.body, res.headers['content-type']);
  return {
    url,
    finalUrl,
    status: res.status,
    headers: res.headers,
    body: res.body,
    text: decoded.text,
    encoding: decoded.encoding,
    ...(decoded.unknownLabel ? { unknownCharset: decoded.unknownLabel } : {}),
    fetchedAt: res.fetchedAt,
    redirects,
    via: 'static',
    attempts,
  };
}

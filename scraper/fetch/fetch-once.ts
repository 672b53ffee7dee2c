/**
 * One user-asked fetch (`gongkai parse URL`): follows redirects, same caps and decoding as the
 * crawler, no robots.txt and no retries (a person asked for this one page, as a browser would).
 * `acceptFiles`: a PDF or Word body is kept (the caller reads report files) instead of refused.
 */
import { FETCH_DEFAULTS, FetchError, type FetchOptions, type FetchResult } from './contract.js';
import { requestOnce } from './request.js';
import { staticResult } from './result.js';
import { AddressPolicy } from './address.js';

/** Resolves with any final status; rejects with FetchError. */
export async function fetchOnce(
  url: string,
  opts: Pick<FetchOptions, 'timeoutMs' | 'maxBytes' | 'maxRedirects'> & { acceptFiles?: boolean } = {},
): Promise<FetchResult> {
  const maxRedirects = opts.maxRedirects ?? FETCH_DEFAULTS.maxRedirects;
  const redirects: string[] = [];
  let current = url;
  // the address the person asked for is theirs to ask; a redirect from there to a private one is not
  const addresses = new AddressPolicy();
  await addresses.allowHostOf(url);
  for (;;) {
    const res = await requestOnce(current, { timeoutMs: opts.timeoutMs, maxBytes: opts.maxBytes, expectHtml: !opts.acceptFiles, addresses });
    if (!res.location) return staticResult(url, current, res, redirects, redirects.length + 1);
    redirects.push(current);
    if (redirects.length > maxRedirects) throw new FetchError('too_many_redirects', `more than ${maxRedirects} redirects`, url, false, res.status);
    current = res.location;
  }
}

/**
 * One HTTP request, bounded in every direction: a time limit for the headers, an idle limit between
 * body chunks, a hard limit for the whole exchange, a size cap on the bytes received and on the
 * bytes after decompression. Every failure becomes a FetchError saying whether a retry may help.
 *
 * Built on node:http/https rather than fetch(): fetch inflates gzip/deflate/br on its own with no
 * bound (a 10 kB gzip bomb becomes gigabytes before we see a byte), follows redirects out of our
 * sight (so robots.txt could not be checked for each hop), and reports a body shorter than its
 * Content-Length or a reset mid-body as one opaque "terminated". Here the body is inflated by a
 * zlib stream we count and stop, redirects come back to the caller, and socket errors keep their
 * codes.
 *
 * `requestOnce` is the fetcher's building block (politeness and retries live in fetcher.ts).
 * `fetchOnce` is the single polite-enough fetch behind `gongkai parse URL`.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as zlib from 'node:zlib';
import type { Transform } from 'node:stream';
import { USER_AGENT } from './user-agent.js';
import { FetchError } from './contract.js';
import { binaryContentType, decodeBytes, sniffBinary } from './decode.js';

export const DEFAULTS = {
  /** headers must arrive, and the body must not stall, within this */
  timeoutMs: 30_000,
  /** a whole exchange never takes longer than this (a server trickling a byte a second) */
  totalTimeoutMs: 120_000,
  /** report pages are well under 1 MB; 10 MB is generous */
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 10,
};

export interface RequestOptions {
  timeoutMs?: number;
  totalTimeoutMs?: number;
  /** cap on the body, both as received and after decompression */
  maxBytes?: number;
  userAgent?: string;
  /** stop reading at maxBytes and return what came, instead of failing (robots.txt) */
  truncate?: boolean;
  /** fail early with `not_html` when the headers or first bytes show a PDF, image, Office file … */
  expectHtml?: boolean;
  /** extra request headers */
  headers?: Record<string, string>;
}

export interface RawResponse {
  url: string;
  status: number;
  /** lower-case names; repeated headers joined with ", " */
  headers: Record<string, string>;
  /** the body after content-encoding is undone; empty for redirects */
  body: Uint8Array;
  /** absolute redirect target, for 3xx with a Location */
  location?: string;
  fetchedAt: string;
}

/** Node's socket error codes → our kinds. Unknown codes are 'other', not retried. */
function classifyNetworkError(err: NodeJS.ErrnoException, url: string): FetchError {
  const code = err.code ?? '';
  const msg = `${code || 'error'}: ${err.message}`;
  if (code === 'ENOTFOUND') return new FetchError('dns', `host not found (${msg})`, url, false, undefined, { cause: err });
  if (code === 'EAI_AGAIN') return new FetchError('dns', `DNS lookup failed, try again (${msg})`, url, true, undefined, { cause: err });
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT')
    return new FetchError('timeout', `connection timed out (${msg})`, url, true, undefined, { cause: err });
  if (['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN'].includes(code) || err.message === 'aborted')
    return new FetchError('reset', `connection failed or closed early (${msg})`, url, true, undefined, { cause: err });
  if (code.startsWith('HPE_')) return new FetchError('other', `malformed HTTP response (${msg})`, url, false, undefined, { cause: err });
  if (code.startsWith('ERR_TLS') || code.includes('CERT'))
    return new FetchError('other', `TLS failure (${msg})`, url, false, undefined, { cause: err });
  return new FetchError('other', msg, url, false, undefined, { cause: err });
}

/** A header value Node will send: HTTP allows only visible ASCII (a caller's UA may hold Chinese). */
export function headerSafe(value: string): string {
  return value.replace(/[^\x20-\x7e]+/g, (run) => encodeURIComponent(run));
}

function flattenHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/** A zlib decompressor for this Content-Encoding, 'none', or null for one we cannot undo. */
function decompressorFor(encoding: string, firstBytes: Uint8Array): Transform | 'none' | null {
  const e = encoding.trim().toLowerCase();
  if (e === '' || e === 'identity') return 'none';
  // Lenient flush: a body cut short fails through the Content-Length check, not a zlib riddle.
  const opts = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  if (e === 'gzip' || e === 'x-gzip') return zlib.createGunzip(opts);
  if (e === 'br') return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
  if (e === 'deflate') {
    // "deflate" should be zlib-wrapped, but some servers send raw deflate: look at the header.
    const wrapped = firstBytes.length >= 2 && (firstBytes[0] & 0x0f) === 8 && ((firstBytes[0] << 8) | firstBytes[1]) % 31 === 0;
    return wrapped ? zlib.createInflate(opts) : zlib.createInflateRaw(opts);
  }
  return null;
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/**
 * One request, no redirects followed, no retries. Resolves with any HTTP status (the caller decides
 * what a 404 means); rejects only with FetchError.
 */
export function requestOnce(url: string, opts: RequestOptions = {}): Promise<RawResponse> {
  const timeoutMs = opts.timeoutMs ?? DEFAULTS.timeoutMs;
  const totalTimeoutMs = opts.totalTimeoutMs ?? DEFAULTS.totalTimeoutMs;
  const maxBytes = opts.maxBytes ?? DEFAULTS.maxBytes;

  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.reject(new FetchError('other', `not a URL: ${url}`, url, false));
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    return Promise.reject(new FetchError('other', `only http and https URLs can be fetched: ${url}`, url, false));

  return new Promise<RawResponse>((resolve, reject) => {
    let settled = false;
    let req: http.ClientRequest | undefined;
    let res: http.IncomingMessage | undefined;
    let inflater: Transform | undefined;
    let idleTimer: NodeJS.Timeout | undefined;

    const cleanup = () => {
      clearTimeout(headerTimer);
      clearTimeout(totalTimer);
      clearTimeout(idleTimer);
      inflater?.destroy();
      res?.destroy();
      req?.destroy();
    };
    const fail = (err: FetchError) => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(err);
    };
    const succeed = (r: RawResponse) => {
      if (settled) return;
      settled = true;
      cleanup();
      resolve(r);
    };

    const headerTimer = setTimeout(() => fail(new FetchError('timeout', `no response headers within ${timeoutMs} ms`, url, true)), timeoutMs);
    const totalTimer = setTimeout(() => fail(new FetchError('timeout', `response not complete within ${totalTimeoutMs} ms`, url, true)), totalTimeoutMs);
    const armIdle = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => fail(new FetchError('timeout', `body stalled: nothing received for ${timeoutMs} ms`, url, true)), timeoutMs);
    };

    const lib = target.protocol === 'https:' ? https : http;
    try {
      req = lib.request(target, {
        method: 'GET',
        // A fresh connection per request: at one request per second per host, keep-alive saves
        // little and its races (server closes an idle socket as we reuse it) would look like resets.
        agent: false,
        headers: {
          'user-agent': headerSafe(opts.userAgent ?? USER_AGENT),
          accept: 'text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.8',
          'accept-encoding': 'gzip, deflate, br',
          'accept-language': 'zh-CN,zh;q=0.9',
          connection: 'close',
          ...opts.headers,
        },
      });
    } catch (err) {
      fail(new FetchError('other', `cannot request ${url}: ${(err as Error).message}`, url, false, undefined, { cause: err }));
      return;
    }
    req.on('error', (err) => fail(classifyNetworkError(err, url)));
    req.on('response', (response) => {
      res = response;
      clearTimeout(headerTimer);
      const status = response.statusCode ?? 0;
      const headers = flattenHeaders(response.headers);
      const done = (body: Uint8Array) => succeed({ url, status, headers, body, fetchedAt: new Date().toISOString() });

      if (status >= 300 && status < 400 && headers.location) {
        let location: string;
        try {
          location = new URL(headers.location, url).href;
        } catch {
          fail(new FetchError('http', `redirect to an invalid Location: ${headers.location}`, url, false, status));
          return;
        }
        // The body of a redirect is never needed; do not wait for it.
        succeed({ url, status, headers, body: new Uint8Array(0), location, fetchedAt: new Date().toISOString() });
        return;
      }

      const declaredLength = headers['content-length'] !== undefined ? Number(headers['content-length']) : undefined;
      if (declaredLength !== undefined && Number.isFinite(declaredLength) && declaredLength > maxBytes && !opts.truncate) {
        fail(new FetchError('too_large', `Content-Length ${declaredLength} is over the ${maxBytes}-byte cap`, url, false, status));
        return;
      }
      const okStatus = status >= 200 && status < 300;
      if (opts.expectHtml && okStatus && binaryContentType(headers['content-type'])) {
        fail(new FetchError('not_html', `served as ${headers['content-type']}, not a page`, url, false, status));
        return;
      }

      const encoding = headers['content-encoding'] ?? '';
      let rawBytes = 0;
      let outBytes = 0;
      const out: Uint8Array[] = [];
      let sniffed = !(opts.expectHtml && okStatus);
      const take = (chunk: Uint8Array): boolean => {
        if (settled) return false;
        if (outBytes + chunk.length > maxBytes) {
          if (opts.truncate) {
            out.push(chunk.subarray(0, maxBytes - outBytes));
            outBytes = maxBytes;
            done(concat(out, outBytes));
            return false;
          }
          fail(
            new FetchError('too_large', `body over the ${maxBytes}-byte cap${encoding ? ` after ${encoding} decompression` : ''}`, url, false, status),
          );
          return false;
        }
        out.push(chunk);
        outBytes += chunk.length;
        if (!sniffed && outBytes >= 1024) {
          sniffed = true;
          const kind = sniffBinary(concat(out, outBytes).subarray(0, 1024));
          if (kind) {
            fail(new FetchError('not_html', `body is ${kind}, not a page (Content-Type ${headers['content-type'] ?? 'none'})`, url, false, status));
            return false;
          }
        }
        return true;
      };
      const finish = () => {
        if (settled) return;
        if (declaredLength !== undefined && rawBytes < declaredLength) {
          fail(new FetchError('reset', `body ended after ${rawBytes} of ${declaredLength} bytes (Content-Length)`, url, true, status));
          return;
        }
        const body = concat(out, outBytes);
        if (!sniffed) {
          const kind = sniffBinary(body);
          if (kind) {
            fail(new FetchError('not_html', `body is ${kind}, not a page`, url, false, status));
            return;
          }
        }
        done(body);
      };

      armIdle();
      response.on('error', (err) => fail(classifyNetworkError(err, url)));
      response.on('aborted', () =>
        fail(new FetchError('reset', `connection closed mid-body after ${rawBytes}${declaredLength !== undefined ? ` of ${declaredLength} bytes (Content-Length)` : ' bytes'}`, url, true, status)),
      );
      let decompress: Transform | 'none' | null | undefined;
      response.on('data', (chunk: Buffer) => {
        if (settled) return;
        armIdle();
        rawBytes += chunk.length;
        if (rawBytes > maxBytes && !opts.truncate) {
          fail(new FetchError('too_large', `body over the ${maxBytes}-byte cap`, url, false, status));
          return;
        }
        if (decompress === undefined) {
          decompress = decompressorFor(encoding, chunk);
          if (decompress === null) {
            fail(new FetchError('other', `unsupported Content-Encoding: ${encoding}`, url, false, status));
            return;
          }
          if (decompress !== 'none') {
            inflater = decompress;
            inflater.on('data', (c: Buffer) => {
              if (!take(c)) inflater?.destroy();
            });
            inflater.on('error', (err) =>
              fail(new FetchError('other', `cannot decompress ${encoding} body: ${err.message}`, url, false, status, { cause: err })),
            );
            inflater.on('end', finish);
          }
        }
        if (decompress === 'none') take(chunk);
        else inflater?.write(chunk);
      });
      response.on('end', () => {
        if (settled) return;
        clearTimeout(idleTimer);
        if (!response.complete) {
          fail(new FetchError('reset', `connection closed mid-body after ${rawBytes}${declaredLength !== undefined ? ` of ${declaredLength} bytes (Content-Length)` : ' bytes'}`, url, true, status));
          return;
        }
        if (inflater) inflater.end();
        else finish();
      });
      response.on('close', () => {
        if (!settled && !response.complete)
          fail(new FetchError('reset', `connection closed mid-body after ${rawBytes}${declaredLength !== undefined ? ` of ${declaredLength} bytes (Content-Length)` : ' bytes'}`, url, true, status));
      });
    });
    req.end();
  });
}

/** Where robots.txt lives for this URL's origin. */
export function robotsUrlFor(url: string): string {
  return new URL('/robots.txt', url).href;
}

export interface FetchedPage {
  url: string;
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  fetchedAt: string;
  /** the body decoded (decode.ts) */
  text: string;
  encoding: string;
  redirects: string[];
}

export interface FetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
}

/**
 * One user-asked fetch (`gongkai parse URL`): follows redirects, same caps and decoding as the
 * crawler, no robots.txt and no retries (a person asked for this one page, as a browser would).
 * Resolves with any final status; rejects with FetchError.
 */
export async function fetchOnce(url: string, opts: FetchOptions = {}): Promise<FetchedPage> {
  const maxRedirects = opts.maxRedirects ?? DEFAULTS.maxRedirects;
  const redirects: string[] = [];
  let current = url;
  for (;;) {
    const res = await requestOnce(current, { timeoutMs: opts.timeoutMs, maxBytes: opts.maxBytes, expectHtml: true });
    if (res.location) {
      redirects.push(current);
      if (redirects.length > maxRedirects)
        throw new FetchError('too_many_redirects', `more than ${maxRedirects} redirects`, url, false, res.status);
      current = res.location;
      continue;
    }
    return decodedResult(url, current, res, redirects);
  }
}

/** A final response, decoded: the part of a FetchResult that the static fetchers share. */
export function decodedResult(url: string, finalUrl: string, res: RawResponse, redirects: string[]) {
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
  };
}

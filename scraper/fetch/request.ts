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
 * `requestOnce` is the fetchers' building block (politeness and retries live in fetcher.ts).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as zlib from 'node:zlib';
import * as dns from 'node:dns';
import { isIP, type LookupFunction, type Socket } from 'node:net';
import type { Transform } from 'node:stream';
import { USER_AGENT } from './user-agent.js';
import { checkUrl, FETCH_DEFAULTS, FetchError, type FetchOptions } from './contract.js';
import { binaryContentType, sniffBinary } from './decode.js';
import type { AddressPolicy } from './address.js';

/** The limits of one request (from the fetch layer's options) and what this request is for. */
export interface RequestOptions extends Pick<FetchOptions, 'timeoutMs' | 'totalTimeoutMs' | 'maxBytes' | 'userAgent'> {
  /** stop reading at maxBytes and return what came, instead of failing (robots.txt) */
  truncate?: boolean;
  /** fail early with `not_html` when the headers or first bytes show a PDF, image, Office file … */
  expectHtml?: boolean;
  /** extra request headers */
  headers?: Record<string, string>;
  /** which addresses may be connected to (none checked when absent) */
  addresses?: AddressPolicy;
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

/**
 * Connections kept open between the requests to one origin. A site's next page is asked for
 * `--delay` after its last, and a new connection each time cost ~40 % of the CPU of a request on
 * loopback (0.47 → 0.28 ms a request, 4 at a time; a TLS handshake costs far more). An idle
 * connection is dropped after IDLE_MS, or sooner when the server's Keep-Alive header says so, and
 * never keeps the process alive; one the server closed just as it was reused fails before any
 * answer, and is asked again once on a new connection (Exchange.retryFresh).
 */
const IDLE_MS = 4000;
const AGENTS = {
  'http:': new http.Agent({ keepAlive: true, timeout: IDLE_MS }),
  'https:': new https.Agent({ keepAlive: true, timeout: IDLE_MS }),
};

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
  let target: URL;
  try {
    target = checkUrl(url);
  } catch (err) {
    return Promise.reject(err);
  }
  return new Promise<RawResponse>((resolve, reject) => new Exchange(url, target, opts, resolve, reject).start());
}

/**
 * The state of one request, a method per step: start → response → (redirect | headers checked →
 * body chunks taken, inflated and counted → finish). Whichever of success, failure or a timer
 * comes first settles it; everything after that is ignored and every resource is released.
 */
class Exchange {
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private settled = false;
  private req?: http.ClientRequest;
  private res?: http.IncomingMessage;
  private inflater?: Transform;
  private decompress?: Transform | 'none' | null;
  private readonly timers: { header?: NodeJS.Timeout; total?: NodeJS.Timeout; idle?: NodeJS.Timeout } = {};
  private status = 0;
  private headers: Record<string, string> = {};
  private declaredLength?: number;
  private encoding = '';
  /** bytes received on the wire, and bytes kept after decompression */
  private rawBytes = 0;
  private outBytes = 0;
  private readonly out: Uint8Array[] = [];
  /** whether the first bytes were already looked at for a binary signature */
  private sniffed = true;

  constructor(
    private readonly url: string,
    private readonly target: URL,
    private readonly opts: RequestOptions,
    private readonly resolve: (r: RawResponse) => void,
    private readonly reject: (e: FetchError) => void,
  ) {
    this.timeoutMs = opts.timeoutMs ?? FETCH_DEFAULTS.timeoutMs;
    this.maxBytes = opts.maxBytes ?? FETCH_DEFAULTS.maxBytes;
  }

  start(): void {
    const totalTimeoutMs = this.opts.totalTimeoutMs ?? FETCH_DEFAULTS.totalTimeoutMs;
    this.timers.header = setTimeout(() => this.fail(new FetchError('timeout', `no response headers within ${this.timeoutMs} ms`, this.url, true)), this.timeoutMs);
    this.timers.total = setTimeout(() => this.fail(new FetchError('timeout', `response not complete within ${totalTimeoutMs} ms`, this.url, true)), totalTimeoutMs);
    const policy = this.opts.addresses;
    const literal = this.target.hostname.replace(/^\[|\]$/g, '');
    if (policy && isIP(literal)) {
      const refused = policy.refusal(literal, this.url);
      if (refused) return this.fail(refused);
    }
    this.send(AGENTS[this.target.protocol as keyof typeof AGENTS] ?? false);
  }

  /** The request itself, on a kept-open connection of the origin's or a new one (`agent` false). */
  private send(agent: http.Agent | false): void {
    const lib = this.target.protocol === 'https:' ? https : http;
    const policy = this.opts.addresses;
    let req: http.ClientRequest;
    try {
      req = this.req = lib.request(this.target, {
        method: 'GET',
        // the name resolved here and every address checked before the socket connects to it
        ...(policy ? { lookup: this.checkedLookup(policy) } : {}),
        agent,
        headers: {
          'user-agent': headerSafe(this.opts.userAgent ?? USER_AGENT),
          accept: 'text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.8',
          'accept-encoding': 'gzip, deflate, br',
          'accept-language': 'zh-CN,zh;q=0.9',
          ...this.opts.headers,
        },
      });
    } catch (err) {
      this.fail(new FetchError('other', `cannot request ${this.url}: ${(err as Error).message}`, this.url, false, undefined, { cause: err }));
      return;
    }
    req.on('error', (err) => {
      if (req !== this.req) return; // a reused connection given up for a new one
      if (this.retryFresh(req, err)) return;
      this.fail(this.refused ?? classifyNetworkError(err, this.url));
    });
    if (policy) req.on('socket', (socket) => this.checkPeer(socket, policy));
    req.on('response', (response) => this.onResponse(response));
    req.end();
  }

  /**
   * A kept-open connection the server closed as we reused it: no answer came, so nothing of the
   * request reached the site's handling; asked again, once, on a new connection.
   */
  private retryFresh(req: http.ClientRequest, err: NodeJS.ErrnoException): boolean {
    if (this.settled || this.res || !req.reusedSocket || this.refused) return false;
    if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') return false;
    req.destroy();
    this.send(false);
    return true;
  }

  /** why the address policy refused this request's address (set before the request fails) */
  private refused?: FetchError;

  /** dns.lookup, then every address it gave checked: one refused address refuses the name. */
  private checkedLookup(policy: AddressPolicy): LookupFunction {
    return (hostname, options, callback) => {
      dns.lookup(hostname, options, (err, address, family) => {
        if (err) return callback(err, address, family);
        const list = Array.isArray(address) ? address : [{ address, family }];
        for (const a of list) {
          const refused = policy.refusal(a.address, this.url);
          if (refused) {
            this.refused = refused;
            return callback(Object.assign(new Error(refused.message), { code: 'EADDRNOTALLOWED' }), address, family);
          }
        }
        callback(null, address, family);
      });
    };
  }

  /** The peer actually connected to, checked again (a literal, a lookup, or any path we did not foresee). */
  private checkPeer(socket: Socket, policy: AddressPolicy): void {
    const check = () => {
      const peer = socket.remoteAddress;
      const refused = peer ? policy.refusal(peer, this.url) : null;
      if (refused) {
        this.refused = refused;
        this.fail(refused);
      }
    };
    if (socket.remoteAddress) check();
    else socket.once('connect', check);
  }

  private onResponse(response: http.IncomingMessage): void {
    this.res = response;
    clearTimeout(this.timers.header);
    this.status = response.statusCode ?? 0;
    this.headers = flattenHeaders(response.headers);
    if (this.status >= 300 && this.status < 400 && this.headers.location) return this.redirect(this.headers.location);
    if (!this.headersAcceptable()) return;
    this.encoding = this.headers['content-encoding'] ?? '';
    this.sniffed = !(this.opts.expectHtml && this.okStatus());
    this.armIdle();
    response.on('error', (err) => this.fail(classifyNetworkError(err, this.url)));
    response.on('aborted', () => this.fail(this.closedMidBody()));
    response.on('data', (chunk: Buffer) => this.onData(chunk));
    response.on('end', () => this.onEnd(response));
    response.on('close', () => {
      if (!response.complete) this.fail(this.closedMidBody());
    });
  }

  /** A redirect comes back to the caller, which checks the hop; its body is never needed. */
  private redirect(location: string): void {
    let absolute: string;
    try {
      absolute = new URL(location, this.url).href;
    } catch {
      this.fail(new FetchError('http', `redirect to an invalid Location: ${location}`, this.url, false, this.status));
      return;
    }
    this.succeed(new Uint8Array(0), absolute);
  }

  /** Fails early on what the headers already show: a declared length over the cap, a binary type. */
  private headersAcceptable(): boolean {
    const cl = this.headers['content-length'];
    this.declaredLength = cl !== undefined ? Number(cl) : undefined;
    if (this.declaredLength !== undefined && Number.isFinite(this.declaredLength) && this.declaredLength > this.maxBytes && !this.opts.truncate) {
      this.fail(new FetchError('too_large', `Content-Length ${this.declaredLength} is over the ${this.maxBytes}-byte cap`, this.url, false, this.status));
      return false;
    }
    if (this.opts.expectHtml && this.okStatus() && binaryContentType(this.headers['content-type'])) {
      this.fail(new FetchError('not_html', `served as ${this.headers['content-type']}, not a page`, this.url, false, this.status));
      return false;
    }
    return true;
  }

  private onData(chunk: Buffer): void {
    if (this.settled) return;
    this.armIdle();
    this.rawBytes += chunk.length;
    if (this.rawBytes > this.maxBytes && !this.opts.truncate) {
      this.fail(new FetchError('too_large', `body over the ${this.maxBytes}-byte cap`, this.url, false, this.status));
      return;
    }
    if (this.decompress === undefined && !this.startDecompression(chunk)) return;
    if (this.decompress === 'none') this.take(chunk);
    else this.inflater?.write(chunk);
  }

  /** Picks the decompressor from the Content-Encoding and the first bytes; false when there is none. */
  private startDecompression(firstChunk: Uint8Array): boolean {
    this.decompress = decompressorFor(this.encoding, firstChunk);
    if (this.decompress === null) {
      this.fail(new FetchError('other', `unsupported Content-Encoding: ${this.encoding}`, this.url, false, this.status));
      return false;
    }
    if (this.decompress !== 'none') {
      const inflater = (this.inflater = this.decompress);
      inflater.on('data', (c: Buffer) => {
        if (!this.take(c)) inflater.destroy();
      });
      inflater.on('error', (err) =>
        this.fail(new FetchError('other', `cannot decompress ${this.encoding} body: ${err.message}`, this.url, false, this.status, { cause: err })),
      );
      inflater.on('end', () => this.finish());
    }
    return true;
  }

  /** Keeps a chunk of the (inflated) body within the cap; false once the exchange is over. */
  private take(chunk: Uint8Array): boolean {
    if (this.settled) return false;
    if (this.outBytes + chunk.length > this.maxBytes) {
      if (this.opts.truncate) {
        this.out.push(chunk.subarray(0, this.maxBytes - this.outBytes));
        this.outBytes = this.maxBytes;
        this.succeed(concat(this.out, this.outBytes));
        return false;
      }
      const after = this.encoding ? ` after ${this.encoding} decompression` : '';
      this.fail(new FetchError('too_large', `body over the ${this.maxBytes}-byte cap${after}`, this.url, false, this.status));
      return false;
    }
    this.out.push(chunk);
    this.outBytes += chunk.length;
    if (!this.sniffed && this.outBytes >= 1024) {
      this.sniffed = true;
      // the first chunk alone when it holds the first KB (it mostly does): no copy of all that came so far
      const head = this.out[0].length >= 1024 ? this.out[0] : concat(this.out, this.outBytes);
      if (this.refuseBinary(head.subarray(0, 1024), ` (Content-Type ${this.headers['content-type'] ?? 'none'})`)) return false;
    }
    return true;
  }

  private onEnd(response: http.IncomingMessage): void {
    if (this.settled) return;
    clearTimeout(this.timers.idle);
    if (!response.complete) {
      this.fail(this.closedMidBody());
      return;
    }
    if (this.inflater) this.inflater.end();
    else this.finish();
  }

  private finish(): void {
    if (this.settled) return;
    if (this.declaredLength !== undefined && this.rawBytes < this.declaredLength) {
      this.fail(new FetchError('reset', `body ended after ${this.rawBytes} of ${this.declaredLength} bytes (Content-Length)`, this.url, true, this.status));
      return;
    }
    const body = concat(this.out, this.outBytes);
    if (!this.sniffed && this.refuseBinary(body, '')) return;
    this.succeed(body);
  }

  /** Fails with `not_html` when these first bytes are a PDF, image, Office file …; true when it did. */
  private refuseBinary(firstBytes: Uint8Array, detail: string): boolean {
    const kind = sniffBinary(firstBytes);
    if (kind) this.fail(new FetchError('not_html', `body is ${kind}, not a page${detail}`, this.url, false, this.status));
    return kind !== null;
  }

  /** The one error for a connection that closed before the body was complete. */
  private closedMidBody(): FetchError {
    const of = this.declaredLength !== undefined ? ` of ${this.declaredLength} bytes (Content-Length)` : ' bytes';
    return new FetchError('reset', `connection closed mid-body after ${this.rawBytes}${of}`, this.url, true, this.status);
  }

  private okStatus(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  private armIdle(): void {
    clearTimeout(this.timers.idle);
    this.timers.idle = setTimeout(() => this.fail(new FetchError('timeout', `body stalled: nothing received for ${this.timeoutMs} ms`, this.url, true)), this.timeoutMs);
  }

  private succeed(body: Uint8Array, location?: string): void {
    if (this.settled) return;
    this.settled = true;
    this.cleanup();
    const r: RawResponse = { url: this.url, status: this.status, headers: this.headers, body, fetchedAt: new Date().toISOString() };
    this.resolve(location === undefined ? r : { ...r, location });
  }

  private fail(err: FetchError): void {
    if (this.settled) return;
    this.settled = true;
    this.cleanup();
    this.reject(err);
  }

  private cleanup(): void {
    clearTimeout(this.timers.header);
    clearTimeout(this.timers.total);
    clearTimeout(this.timers.idle);
    this.inflater?.destroy();
    this.res?.destroy();
    this.req?.destroy();
  }
}

/**
 * One HTTP fetch with the tool's User-Agent, a timeout and a size cap: bytes and headers, no
 * decoding. The crawler builds politeness and retries on top of this.
 */
import { USER_AGENT } from './user-agent.js';

export interface FetchedPage {
  url: string;
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  fetchedAt: string;
}

export interface FetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
}

export async function fetchOnce(url: string, opts: FetchOptions = {}): Promise<FetchedPage> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const maxBytes = opts.maxBytes ?? 20 * 1024 * 1024;
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  try {
    const res = await fetch(url, { headers: { 'user-agent': USER_AGENT, accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }, redirect: 'follow', signal: ctrl.signal });
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k] = v));
    const chunks: Uint8Array[] = [];
    let total = 0;
    if (res.body) {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        total += chunk.length;
        if (total > maxBytes) throw new Error(`response larger than ${maxBytes} bytes`);
        chunks.push(chunk);
      }
    }
    const body = new Uint8Array(total);
    let o = 0;
    for (const c of chunks) {
      body.set(c, o);
      o += c.length;
    }
    return { url, finalUrl: res.url || url, status: res.status, headers, body, fetchedAt: new Date().toISOString() };
  } finally {
    clearTimeout(timer);
  }
}

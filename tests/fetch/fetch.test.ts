/**
 * scraper/fetch.ts (one bounded request) exercised through the fetcher, against real servers on
 * 127.0.0.1 that misbehave as real sites do. Each fault must end as a FetchError with the right
 * kind and retryable flag, tried again only when that may help — never a crash or a hang.
 */
import * as zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher } from '../../scraper/fetch/fetcher.js';
import { requestOnce } from '../../scraper/fetch/request.js';
import { fetchOnce } from '../../scraper/fetch/fetch-once.js';
import { failure, html, page, startServer, type TestServer } from './server.js';


const MB = 1024 * 1024;
const HTML_OK = page('<h1>2022年政府信息公开工作年度报告</h1>');
/** quick, still retrying once: faults are seen twice when retryable, once when not */
// the test servers are on 127.0.0.1, which a fetcher refuses unless told (address.ts)
const quick = { delayMs: 0, backoffMs: 10, retries: 1, allowAddresses: ['loopback' as const] };

let srv: TestServer;
/** bytes the 50 MB route managed to send before the client hung up */
let sentOfHuge = 0;

beforeAll(async () => {
  srv = await startServer({
    '/ok': html(HTML_OK),
    '/reset-mid-body': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html><body>' + 'x'.repeat(4000));
      setTimeout(() => res.socket?.resetAndDestroy(), 30);
    },
    '/short-body': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': '1000' });
      res.write('<html>' + 'y'.repeat(494));
      setTimeout(() => res.socket?.end(), 30);
    },
    '/loop': (req, res, hit) => {
      res.writeHead(302, { location: `/loop?n=${hit}` }).end();
    },
    '/a': (_req, res) => void res.writeHead(301, { location: '/b' }).end(),
    '/b': (_req, res) => void res.writeHead(302, { location: '/c' }).end('moved'),
    '/c': html(HTML_OK),
    '/gzip-page': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' }).end(zlib.gzipSync(HTML_OK));
    },
    '/raw-deflate-page': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'deflate' }).end(zlib.deflateRawSync(HTML_OK));
    },
    '/gzip-bomb': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(zlib.gzipSync(Buffer.alloc(8 * MB, 0x20)));
    },
    '/br-bomb': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'br' }).end(zlib.brotliCompressSync(Buffer.alloc(8 * MB, 0x20)));
    },
    '/deflate-bomb': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'deflate' }).end(zlib.deflateSync(Buffer.alloc(8 * MB, 0x20)));
    },
    '/huge-chunked': (_req, res) => {
      // 50 MB without Content-Length, written only as fast as the client reads.
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const total = 50 * MB;
      const pump = () => {
        while (sentOfHuge < total) {
          sentOfHuge += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => undefined);
      pump();
    },
    '/huge-declared': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(50 * MB) });
      res.write('<html>');
    },
    '/stall': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html><body>first bytes, then nothing');
    },
    '/trickle': (_req, res) => {
      // a byte every 50 ms: never idle long enough for the idle timeout, never done
      res.writeHead(200, { 'content-type': 'text/html' });
      const t = setInterval(() => res.write('.'), 50);
      res.on('close', () => clearInterval(t));
    },
    '/no-headers': () => {
      // accepts the request and never answers
    },
    '/pdf-as-html': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'), Buffer.alloc(3000, 7)]));
    },
    '/pdf-typed': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4');
    },
    '/flaky': (_req, res, hit) => {
      if (hit <= 2) res.writeHead(503, { 'content-type': 'text/html' }).end('busy');
      else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML_OK);
    },
    '/always-503': (_req, res) => void res.writeHead(503).end('busy'),
    '/slow': (_req, res) => {
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML_OK), 2000);
    },
    '/missing': (_req, res) => void res.writeHead(404, { 'content-type': 'text/html' }).end('no such page'),
    '/forbidden': (_req, res) => void res.writeHead(403).end(),
    '/rate-limited': (_req, res, hit) => {
      if (hit === 1) res.writeHead(429, { 'retry-after': '1' }).end('slow down');
      else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML_OK);
    },
    '/rate-limited-long': (_req, res, hit) => {
      if (hit === 1) res.writeHead(429, { 'retry-after': '3600' }).end('come back in an hour');
      else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML_OK);
    },
    '/gbk-meta-only': (_req, res) => {
      // 一、总体情况 / 政府信息公开工作年度报告 in GBK; the charset is only in <meta>, the header has none
      const gbk = Buffer.from('d2bba1a2d7dccce5c7e9bff6', 'hex');
      const title = Buffer.from('d5feb8aed0c5cfa2b9abbfaab9a4d7f7c4eab6c8b1a8b8e6', 'hex');
      res.writeHead(200, { 'content-type': 'text/html' }).end(
        Buffer.concat([
          Buffer.from('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>'),
          title,
          Buffer.from('</title></head><body><p>'),
          gbk,
          Buffer.from('</p></body></html>'),
        ]),
      );
    },
    '/unknown-charset': (_req, res) => {
      const gbk = Buffer.from('d5feb8aed0c5cfa2b9abbfaa', 'hex'); // 政府信息公开
      res.writeHead(200, { 'content-type': 'text/html; charset=x-made-up' }).end(Buffer.concat([Buffer.from('<meta charset="gb2312"><p>'), gbk, Buffer.from('</p>')]));
    },
  });
});
afterAll(() => srv.close());

describe('faults become FetchErrors with the right kind', () => {
  it('connection reset mid-body: reset, retryable, tried again', async () => {
    const f = createFetcher(quick);
    const e = await failure(f.fetch(srv.url('/reset-mid-body')));
    expect(e).toMatchObject({ kind: 'reset', retryable: true, attempts: 2 });
    expect(srv.hits('/reset-mid-body')).toHaveLength(2);
  });

  it('body shorter than Content-Length: reset, retryable', async () => {
    const e = await failure(createFetcher(quick).fetch(srv.url('/short-body')));
    expect(e).toMatchObject({ kind: 'reset', retryable: true, attempts: 2 });
    expect(e.message).toMatch(/Content-Length|closed/);
  });

  it('endless redirects stop at the cap: too_many_redirects, not retried', async () => {
    const before = srv.log.filter((l) => l.path.startsWith('/loop')).length;
    const e = await failure(createFetcher(quick).fetch(srv.url('/loop')));
    expect(e).toMatchObject({ kind: 'too_many_redirects', retryable: false, attempts: 1 });
    // the first request and the 10 redirects followed, nothing more
    expect(srv.log.filter((l) => l.path.startsWith('/loop')).length - before).toBe(11);
  });

  it('a redirect chain is followed and recorded, with the final URL', async () => {
    const r = await createFetcher(quick).fetch(srv.url('/a'));
    expect(r.finalUrl).toBe(srv.url('/c'));
    expect(r.redirects).toEqual([srv.url('/a'), srv.url('/b')]);
    expect(r.attempts).toBe(1);
    expect(r.text).toContain('政府信息公开');
  });

  it('gzip and raw-deflate bodies are inflated', async () => {
    const f = createFetcher(quick);
    for (const p of ['/gzip-page', '/raw-deflate-page']) {
      const r = await f.fetch(srv.url(p));
      expect(r.text).toBe(HTML_OK);
      expect(new TextDecoder().decode(r.body)).toBe(HTML_OK);
    }
  });

  it.each(['/gzip-bomb', '/br-bomb', '/deflate-bomb'])('%s inflating past the cap: too_large, not retried', async (p) => {
    const e = await failure(createFetcher({ ...quick, maxBytes: 1 * MB }).fetch(srv.url(p)));
    expect(e).toMatchObject({ kind: 'too_large', retryable: false, attempts: 1 });
    expect(e.message).toMatch(/decompression/);
    expect(srv.hits(p)).toHaveLength(1);
  });

  it('a 50 MB page is cut at the default 10 MB cap: too_large, not retried', async () => {
    const f = createFetcher(quick);
    const e = await failure(f.fetch(srv.url('/huge-chunked')));
    expect(e).toMatchObject({ kind: 'too_large', retryable: false, attempts: 1 });
    // the client hung up: the server could not push the whole 50 MB (socket buffers hold a few MB)
    expect(sentOfHuge).toBeLessThan(25 * MB);
    const d = await failure(f.fetch(srv.url('/huge-declared')));
    expect(d).toMatchObject({ kind: 'too_large', retryable: false, attempts: 1 });
    expect(d.message).toMatch(/Content-Length/);
  });

  it('headers then a stalled body: timeout, retryable', async () => {
    const e = await failure(createFetcher({ ...quick, timeoutMs: 300 }).fetch(srv.url('/stall')));
    expect(e).toMatchObject({ kind: 'timeout', retryable: true, attempts: 2 });
    expect(e.message).toMatch(/stalled/);
  });

  it('a body trickling for ever hits the whole-exchange limit: timeout', async () => {
    const e = await failure(createFetcher({ ...quick, retries: 0, timeoutMs: 300, totalTimeoutMs: 700 }).fetch(srv.url('/trickle')));
    expect(e).toMatchObject({ kind: 'timeout', retryable: true, attempts: 1 });
    expect(e.message).toMatch(/not complete/);
  });

  it('no headers at all: timeout, retryable', async () => {
    const e = await failure(createFetcher({ ...quick, timeoutMs: 300 }).fetch(srv.url('/no-headers')));
    expect(e).toMatchObject({ kind: 'timeout', retryable: true, attempts: 2 });
  });

  it('a PDF served as text/html: not_html, not retried', async () => {
    const f = createFetcher(quick);
    const e = await failure(f.fetch(srv.url('/pdf-as-html')));
    expect(e).toMatchObject({ kind: 'not_html', retryable: false, attempts: 1 });
    expect(e.message).toMatch(/PDF/);
    const t = await failure(f.fetch(srv.url('/pdf-typed')));
    expect(t).toMatchObject({ kind: 'not_html', retryable: false });
  });

  it('a report file asked for as one (acceptFile): its bytes come back; the page path still refuses them', async () => {
    const f = createFetcher(quick);
    for (const path of ['/pdf-as-html', '/pdf-typed']) {
      const r = await f.fetch(srv.url(path), { acceptFile: true });
      expect(new TextDecoder().decode(r.body.subarray(0, 5)), path).toBe('%PDF-');
    }
    await expect(f.fetch(srv.url('/pdf-typed'))).rejects.toMatchObject({ kind: 'not_html' });
    // the call's own cap holds (a file's cap is the caller's, not the page cap)
    await expect(f.fetch(srv.url('/pdf-typed'), { acceptFile: true, maxBytes: 4 })).rejects.toMatchObject({ kind: 'too_large' });
  });

  it('503 twice then 200 succeeds on attempt 3', async () => {
    const r = await createFetcher({ allowAddresses: ['loopback'], delayMs: 0, backoffMs: 10 }).fetch(srv.url('/flaky'));
    expect(r.status).toBe(200);
    expect(r.attempts).toBe(3);
    expect(srv.hits('/flaky')).toHaveLength(3);
  });

  it('503 for ever gives up after the retries: http 503, retryable for a later run', async () => {
    const e = await failure(createFetcher({ allowAddresses: ['loopback'], delayMs: 0, backoffMs: 10, retries: 2 }).fetch(srv.url('/always-503')));
    expect(e).toMatchObject({ kind: 'http', status: 503, retryable: true, attempts: 3 });
  });

  it('a slow page (2 s) succeeds under the default timeout', async () => {
    const r = await createFetcher({ allowAddresses: ['loopback'], delayMs: 0 }).fetch(srv.url('/slow'));
    expect(r.status).toBe(200);
    expect(r.attempts).toBe(1);
  });

  it('404 and 403: http, not retried', async () => {
    const f = createFetcher(quick);
    expect(await failure(f.fetch(srv.url('/missing')))).toMatchObject({ kind: 'http', status: 404, retryable: false, attempts: 1 });
    expect(srv.hits('/missing')).toHaveLength(1);
    expect(await failure(f.fetch(srv.url('/forbidden')))).toMatchObject({ kind: 'http', status: 403, retryable: false, attempts: 1 });
  });

  it('429 with Retry-After: 1 is retried after the wait, not after the (10 ms) backoff', async () => {
    const r = await createFetcher(quick).fetch(srv.url('/rate-limited'));
    expect(r.attempts).toBe(2);
    const [first, second] = srv.hits('/rate-limited');
    expect(second.at - first.at).toBeGreaterThanOrEqual(995);
  });

  it('an hour-long Retry-After is capped (maxRetryAfterMs), so the fetch neither hangs nor hammers', async () => {
    const r = await createFetcher({ ...quick, maxRetryAfterMs: 300 }).fetch(srv.url('/rate-limited-long'));
    expect(r.attempts).toBe(2);
    const [first, second] = srv.hits('/rate-limited-long');
    expect(second.at - first.at).toBeGreaterThanOrEqual(295);
  });

  it('connection refused: reset, retryable', async () => {
    const gone = await startServer();
    const url = gone.url('/x');
    await gone.close();
    const e = await failure(createFetcher(quick).fetch(url));
    expect(e).toMatchObject({ kind: 'reset', retryable: true, attempts: 2 });
  });

  it('a non-http URL is refused before any request', async () => {
    expect(await failure(createFetcher(quick).fetch('file:///etc/passwd'))).toMatchObject({ kind: 'other', retryable: false });
    expect(await failure(createFetcher(quick).fetch('not a url'))).toMatchObject({ kind: 'other', retryable: false });
  });
});

describe('decoding and headers', () => {
  it('a GBK page that declares its charset only in <meta> decodes to the right Chinese', async () => {
    const r = await createFetcher(quick).fetch(srv.url('/gbk-meta-only'));
    expect(r.encoding).toBe('gb18030');
    expect(r.text).toContain('<title>政府信息公开工作年度报告</title>');
    expect(r.text).toContain('<p>一、总体情况</p>');
    expect(r.unknownCharset).toBeUndefined();
  });

  it('an unknown charset label is recorded and the page still decodes (by <meta>)', async () => {
    const r = await createFetcher(quick).fetch(srv.url('/unknown-charset'));
    expect(r.unknownCharset).toBe('x-made-up');
    expect(r.encoding).toBe('gb18030');
    expect(r.text).toContain('政府信息公开');
  });

  it('every request, robots.txt included, carries a User-Agent naming gongkai', async () => {
    await createFetcher(quick).fetch(srv.url('/ok'));
    const seen = srv.log.filter((l) => l.path === '/ok' || l.path === '/robots.txt');
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (const l of seen) expect(l.headers['user-agent']).toMatch(/gongkai/);
  });
});

describe('requestOnce and fetchOnce (gongkai parse URL)', () => {
  it('requestOnce returns a redirect without following it, and any status', async () => {
    const r = await requestOnce(srv.url('/a'));
    expect(r.status).toBe(301);
    expect(r.location).toBe(srv.url('/b'));
    expect((await requestOnce(srv.url('/missing'))).status).toBe(404);
  });

  it('requestOnce with truncate returns the first maxBytes instead of failing', async () => {
    const r = await requestOnce(srv.url('/huge-declared'), { maxBytes: 4, truncate: true, timeoutMs: 2000 });
    expect(new TextDecoder().decode(r.body)).toBe('<htm');
  });

  it('fetchOnce follows redirects, decodes, and reports a 404 as a status', async () => {
    const r = await fetchOnce(srv.url('/a'));
    expect(r.finalUrl).toBe(srv.url('/c'));
    expect(r.text).toContain('政府信息公开');
    expect((await fetchOnce(srv.url('/missing'))).status).toBe(404);
  });

  it('fetchOnce keeps the caps: a gzip bomb is too_large', async () => {
    const e = await failure(fetchOnce(srv.url('/gzip-bomb'), { maxBytes: MB }));
    expect(e.kind).toBe('too_large');
  });
});

describe('kept-open connections (request.ts AGENTS)', () => {
  /** A server counting the connections it accepts; `dropReused` closes a connection when a second request comes on it, unanswered. */
  async function counting(dropReused: boolean): Promise<{ url: string; connections: () => number; answered: () => number; close: () => Promise<void> }> {
    const http = await import('node:http');
    let connections = 0;
    let answered = 0;
    const server = http.createServer((req, res) => {
      const socket = req.socket as import('node:net').Socket & { served?: number };
      socket.served = (socket.served ?? 0) + 1;
      if (dropReused && socket.served > 1) return void socket.destroy();
      answered++;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML_OK);
    });
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as import('node:net').AddressInfo).port;
    return { url: `http://127.0.0.1:${port}`, connections: () => connections, answered: () => answered, close: () => new Promise((r) => server.close(() => r())) };
  }

  it('asks one origin its pages over one connection', async () => {
    const s = await counting(false);
    try {
      for (let i = 0; i < 4; i++) expect((await requestOnce(`${s.url}/p${i}`)).status).toBe(200);
      expect(s.answered()).toBe(4);
      expect(s.connections()).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('a kept-open connection the server closes as it is reused: asked again on a new one, no error, no retry counted', async () => {
    const s = await counting(true);
    try {
      const fetcher = createFetcher({ ...quick, retries: 0 });
      try {
        for (let i = 0; i < 3; i++) expect((await fetcher.fetch(`${s.url}/p${i}`)).attempts).toBe(1);
      } finally {
        await fetcher.close();
      }
      // robots.txt and the three pages answered; a kept-open connection's second request was dropped
      // each time and asked again on a new connection: robots.txt + p0 (again), p1 + p2 (again)
      expect(s.answered()).toBe(4);
      expect(s.connections()).toBe(4);
    } finally {
      await s.close();
    }
  });
});

/**
 * scraper/fetcher.ts politeness, against real servers: one request at a time per origin, the delay
 * between consecutive requests to one origin (asserted from the server's own arrival times), two
 * origins independent, host-wide push-back after Retry-After, redirects across hosts.
 */
import { describe, expect, it } from 'vitest';
import { createFetcher } from '../../scraper/fetch/fetcher.js';
import { parseRetryAfter } from '../../scraper/fetch/contract.js';
import { FetchError } from '../../scraper/fetch/contract.js';
import { html, page, robots, serverPerTest, type Handler, type TestServer } from './server.js';

const PAGE = page('<p>政府信息公开</p>');
const server = serverPerTest();

/** A page that takes `ms` to answer and counts how many requests are in flight at once. */
function slowCounted(ms: number, inFlight: { now: number; max: number }): Handler {
  return (_req, res) => {
    inFlight.now++;
    inFlight.max = Math.max(inFlight.max, inFlight.now);
    setTimeout(() => {
      inFlight.now--;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    }, ms);
  };
}

function gaps(s: TestServer): number[] {
  const t = s.log.map((l) => l.at);
  return t.slice(1).map((x, i) => x - t[i]);
}

describe('per-origin politeness', () => {
  it('one request at a time per host, each at least the delay after the previous one', async () => {
    const inFlight = { now: 0, max: 0 };
    const s = await server({ '/robots.txt': robots('User-agent: *\nDisallow:\n'), '/p': slowCounted(50, inFlight) });
    const f = createFetcher({ allowAddresses: ['loopback'], delayMs: 250 });
    await Promise.all([1, 2, 3, 4].map((i) => f.fetch(s.url(`/p?i=${i}`))));
    expect(s.log).toHaveLength(5); // robots.txt + 4 pages
    expect(inFlight.max).toBe(1);
    // arrival-to-arrival ≥ response time + delay ≥ delay (a few ms of timer slack allowed)
    for (const g of gaps(s)) expect(g).toBeGreaterThanOrEqual(245);
  });

  it('two origins proceed independently: the second host does not queue behind the first', async () => {
    const a = await server({ '/p': html(PAGE) });
    const b = await server({ '/p': html(PAGE) });
    const f = createFetcher({ allowAddresses: ['loopback'], delayMs: 600 });
    await Promise.all([f.fetch(a.url('/p?1')), f.fetch(a.url('/p?2')), f.fetch(b.url('/p?1')), f.fetch(b.url('/p?2'))]);
    const firstOfB = b.hits('/p?1')[0].at;
    const secondOfA = a.hits('/p?2')[0].at;
    // B's first page came before A's second page: B did not wait out A's delays
    expect(firstOfB).toBeLessThan(secondOfA);
    for (const s of [a, b]) for (const g of gaps(s)) expect(g).toBeGreaterThanOrEqual(595);
  });

  it('a Retry-After holds every request to that host, not only the one told to wait', async () => {
    const s = await server({
      '/busy': (_req, res, hit) => {
        if (hit === 1) res.writeHead(503, { 'retry-after': '1' }).end();
        else res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      },
      '/other': html(PAGE),
    });
    const f = createFetcher({ allowAddresses: ['loopback'], delayMs: 0, backoffMs: 10 });
    await f.allowed(s.url('/busy'));
    const busy = f.fetch(s.url('/busy'));
    // queued behind /busy; starts only after the 1 s push-back
    const other = f.fetch(s.url('/other'));
    await Promise.all([busy, other]);
    const first = s.hits('/busy')[0].at;
    expect(s.hits('/other')[0].at - first).toBeGreaterThanOrEqual(995);
  });
});

describe('redirects across hosts', () => {
  it('are followed by default (robots.txt of the new host checked), refused when asked', async () => {
    const b = await server({ '/robots.txt': robots('User-agent: *\nDisallow:\n'), '/target': html(PAGE) });
    const a = await server({ '/moved': (_req, res) => void res.writeHead(301, { location: b.url('/target') }).end() });
    const f = createFetcher({ allowAddresses: ['loopback'], delayMs: 0 });
    const r = await f.fetch(a.url('/moved'));
    expect(r.finalUrl).toBe(b.url('/target'));
    expect(r.redirects).toEqual([a.url('/moved')]);
    expect(b.hits('/robots.txt')).toHaveLength(1);

    const before = b.hits('/target').length;
    const e = await f.fetch(a.url('/moved'), { sameOriginOnly: true }).catch((x) => x);
    expect(e).toBeInstanceOf(FetchError);
    expect(e).toMatchObject({ kind: 'other', retryable: false, status: 301 });
    expect(e.message).toMatch(/another host/);
    expect(b.hits('/target').length).toBe(before);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, ignores junk', () => {
    const now = Date.parse('2026-11-28T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});

describe('close', () => {
  it('a closed fetcher refuses new fetches', async () => {
    const s = await server({ '/p': html(PAGE) });
    const f = createFetcher({ allowAddresses: ['loopback'], delayMs: 0 });
    await f.close();
    await expect(f.fetch(s.url('/p'))).rejects.toMatchObject({ kind: 'other' });
  });
});

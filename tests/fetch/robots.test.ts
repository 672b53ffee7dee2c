/**
 * scraper/robots.ts through the fetcher: robots.txt is read once per origin, for the group of the
 * token `gongkai`, and a disallowed URL is never requested — asserted on the server's request log.
 */
import { describe, expect, it } from 'vitest';
import { createFetcher } from '../../scraper/fetch/fetcher.js';
import { failure, html, page, robots, serverPerTest, sleep } from './server.js';

// the test servers are on 127.0.0.1, which a fetcher refuses unless told (address.ts)
const quick = { delayMs: 0, backoffMs: 10, retries: 1, allowAddresses: ['loopback' as const] };
const PAGE = page('<p>公开</p>');


const server = serverPerTest();

describe('robots.txt', () => {
  it('a disallowed URL is never requested and fails as robots, not retryable', async () => {
    const s = await server({
      '/robots.txt': robots('User-agent: *\nDisallow: /private/\n'),
      '/private/report.html': html(PAGE),
      '/public/report.html': html(PAGE),
    });
    const f = createFetcher(quick);
    const e = await failure(f.fetch(s.url('/private/report.html')));
    expect(e).toMatchObject({ kind: 'robots', retryable: false, url: s.url('/private/report.html') });
    expect(await f.allowed(s.url('/private/report.html'))).toBe(false);
    expect(await f.allowed(s.url('/public/report.html'))).toBe(true);
    expect((await f.fetch(s.url('/public/report.html'))).status).toBe(200);
    expect(s.hits('/private/report.html')).toHaveLength(0);
    expect(s.hits('/public/report.html')).toHaveLength(1);
  });

  it('the group for the token gongkai is the one obeyed', async () => {
    const s = await server({
      '/robots.txt': robots('User-agent: *\nDisallow: /\n\nUser-agent: gongkai\nDisallow: /admin/\n'),
      '/xxgk/report.html': html(PAGE),
    });
    const f = createFetcher(quick);
    expect(await f.allowed(s.url('/xxgk/report.html'))).toBe(true);
    expect(await f.allowed(s.url('/admin/x'))).toBe(false);
    await f.fetch(s.url('/xxgk/report.html'));

    const t = await server({ '/robots.txt': robots('User-agent: *\nAllow: /\n\nUser-agent: Gongkai\nDisallow: /\n'), '/a': html(PAGE) });
    expect(await failure(f.fetch(t.url('/a')))).toMatchObject({ kind: 'robots', retryable: false });
    expect(t.hits('/a')).toHaveLength(0);
  });

  it('is fetched once per origin, even by concurrent fetches', async () => {
    const s = await server({ '/robots.txt': robots('User-agent: *\nDisallow: /no\n'), '/1': html(PAGE), '/2': html(PAGE), '/3': html(PAGE) });
    const f = createFetcher(quick);
    await Promise.all([f.fetch(s.url('/1')), f.fetch(s.url('/2')), f.fetch(s.url('/3')), f.allowed(s.url('/no'))]);
    await f.fetch(s.url('/1'));
    expect(s.hits('/robots.txt')).toHaveLength(1);
  });

  it('robots.txt 404 allows everything', async () => {
    const s = await server({ '/anything': html(PAGE) });
    const f = createFetcher(quick);
    expect((await f.robots(s.url('/anything'))).basis).toBe('none');
    expect((await f.fetch(s.url('/anything'))).status).toBe(200);
  });

  it('robots.txt 5xx disallows everything for now (retryable), and is asked again later', async () => {
    let robotsUp = false;
    const s = await server({
      '/robots.txt': (_req, res) => {
        if (robotsUp) res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow:\n');
        else res.writeHead(503).end();
      },
      '/page': html(PAGE),
    });
    const f = createFetcher({ ...quick, robotsRetryMs: 200 });
    const e = await failure(f.fetch(s.url('/page')));
    expect(e).toMatchObject({ kind: 'robots', retryable: true });
    expect(e.message).toMatch(/could not be read/);
    expect(s.hits('/page')).toHaveLength(0);
    // robots.txt itself was retried once (retries: 1) before giving up
    expect(s.hits('/robots.txt')).toHaveLength(2);
    robotsUp = true;
    // still cached as unreachable: no new robots request, still refused
    expect(await f.allowed(s.url('/page'))).toBe(false);
    expect(s.hits('/robots.txt')).toHaveLength(2);
    await sleep(250);
    expect((await f.fetch(s.url('/page'))).status).toBe(200);
    expect(s.hits('/robots.txt')).toHaveLength(3);
  });

  it('robots.txt 403 counts as no robots.txt (RFC 9309: 4xx is "unavailable")', async () => {
    const s = await server({ '/robots.txt': (_req, res) => void res.writeHead(403).end(), '/p': html(PAGE) });
    expect((await createFetcher(quick).fetch(s.url('/p'))).status).toBe(200);
  });

  it('each redirect hop is checked: a redirect into a disallowed path stops before it', async () => {
    const s = await server({
      '/robots.txt': robots('User-agent: *\nDisallow: /private/\n'),
      '/go': (_req, res) => void res.writeHead(302, { location: '/private/x' }).end(),
      '/private/x': html(PAGE),
    });
    const e = await failure(createFetcher(quick).fetch(s.url('/go')));
    expect(e).toMatchObject({ kind: 'robots', retryable: false });
    expect(e.message).toContain('/private/x');
    expect(s.hits('/go')).toHaveLength(1);
    expect(s.hits('/private/x')).toHaveLength(0);
  });

  it('a redirected robots.txt is followed', async () => {
    const s = await server({
      '/robots.txt': (_req, res) => void res.writeHead(301, { location: '/static/robots.txt' }).end(),
      '/static/robots.txt': robots('User-agent: *\nDisallow: /hidden\n'),
    });
    const f = createFetcher(quick);
    expect(await f.allowed(s.url('/hidden'))).toBe(false);
    expect(await f.allowed(s.url('/shown'))).toBe(true);
  });

  it('Crawl-delay for gongkai raises the per-host delay', async () => {
    const s = await server({ '/robots.txt': robots('User-agent: gongkai\nCrawl-delay: 0.4\n'), '/1': html(PAGE), '/2': html(PAGE) });
    const f = createFetcher(quick); // delayMs 0
    await Promise.all([f.fetch(s.url('/1')), f.fetch(s.url('/2'))]);
    const [a, b] = [s.hits('/1')[0].at, s.hits('/2')[0].at].sort((x, y) => x - y);
    expect(b - a).toBeGreaterThanOrEqual(395);
  });
});

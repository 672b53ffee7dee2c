/**
 * scraper/browser.ts through the fetcher, with real Chromium: a page whose 上一篇/下一篇 links a
 * script writes is complete only when rendered; the rendered page never reaches another origin,
 * nor a same-origin URL robots.txt disallows, nor images.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumCandidates, findChromium } from '../../scraper/fetch/browser.js';
import { createFetcher, type PoliteFetcher } from '../../scraper/fetch/fetcher.js';
import { FetchError } from '../../scraper/fetch/contract.js';
import { html, page, robots, startServer, type TestServer } from './server.js';

const chromium = await findChromium().catch(() => null);
if (!chromium) console.warn('browser tests skipped: no Chromium binary (apt-get install chromium, or set CHROMIUM_PATH)');

describe('chromiumCandidates', () => {
  it('tries the option, then CHROMIUM_PATH, then Debian, then Playwright, naming each', async () => {
    const saved = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = '/opt/from-env/chrome';
    try {
      const c = await chromiumCandidates('/opt/explicit/chrome');
      expect(c.slice(0, 3)).toEqual([
        { path: '/opt/explicit/chrome', from: 'browserPath option' },
        { path: '/opt/from-env/chrome', from: 'CHROMIUM_PATH' },
        { path: '/usr/bin/chromium', from: 'Debian chromium' },
      ]);
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    }
  });
});

describe.skipIf(!chromium)('render with Chromium', () => {
  let site: TestServer;
  let elsewhere: TestServer;
  let f: PoliteFetcher;

  beforeAll(async () => {
    elsewhere = await startServer({
      '/track.js': (_req, res) => void res.writeHead(200, { 'content-type': 'text/javascript' }).end('document.title="tracked"'),
    });
    const article = page(
      `<h1>2022年政府信息公开工作年度报告</h1>
       <img src="/logo.png"><img src="${elsewhere.url('/pixel.png')}">
       <div id="nav"></div>
       <script src="${elsewhere.url('/track.js')}"></script>
       <script src="/nav.js"></script>`,
    );
    site = await startServer({
      '/robots.txt': robots('User-agent: *\nDisallow: /secret/\nDisallow: /blocked.html\n'),
      '/article.html': html(article),
      '/blocked.html': html(page('<p>never</p>')),
      '/nav.js': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(`
          const nav = document.getElementById('nav');
          nav.insertAdjacentHTML('beforeend', '<a id="prev" href="/2021.html">上一篇：2021年报告</a>');
          fetch('/next.json').then(r => r.json()).then(n => {
            nav.insertAdjacentHTML('beforeend', '<a id="next" href="' + n.url + '">下一篇：' + n.title + '</a>');
          });
          fetch('/secret/data').catch(() => {});
          fetch('${elsewhere.url('/beacon')}').catch(() => {});
          new Image().src = '${elsewhere.url('/img2.gif')}';
        `);
      },
      '/next.json': (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: '/2023.html', title: '2023年报告' })),
      '/missing.html': (_req, res) => void res.writeHead(404, { 'content-type': 'text/html' }).end('<p>404</p>'),
      '/old.html': (_req, res) => void res.writeHead(301, { location: '/new/article.html' }).end(),
      '/new/article.html': html(page('<h1>moved here</h1><script src="moved.js"></script>')),
      '/new/moved.js': (_req, res) => void res.writeHead(302, { location: '/nav-moved.js' }).end(),
      '/nav-moved.js': (_req, res) => void res.writeHead(200, { 'content-type': 'text/javascript' }).end("document.body.insertAdjacentHTML('beforeend', '<a>下一篇：移动后</a>')"),
      '/offsite.html': (_req, res) => void res.writeHead(302, { location: elsewhere.url('/landing.html') }).end(),
      '/js-away.html': html(page(`<p>leaving</p><script>location.href = '${elsewhere.url('/landing.html')}'</script>`)),
      '/script-away.html': html(page(`<div id="x">static</div><script src="/cdn.js"></script>`)),
      '/cdn.js': (_req, res) => void res.writeHead(302, { location: elsewhere.url('/lib.js') }).end(),
      '/report.pdf.html': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(Buffer.concat([Buffer.from('%PDF-1.5\n'), Buffer.alloc(2000, 1)])),
    });
    f = createFetcher({ allowAddresses: ['loopback'], delayMs: 0, backoffMs: 10, retries: 1, renderSettleMs: 1500, browserPath: chromium ?? undefined });
  });
  afterAll(async () => {
    await f?.close();
    await site?.close();
    await elsewhere?.close();
  });

  it('render() returns the script-written 上一篇/下一篇 links; the static fetch() lacks them', async () => {
    const r = await f.render(site.url('/article.html'));
    expect(r.via).toBe('browser');
    expect(r.status).toBe(200);
    expect(r.encoding).toBe('utf-8');
    expect(r.text).toContain('上一篇：2021年报告');
    expect(r.text).toContain('下一篇：2023年报告');
    expect(r.text).toContain('href="/2023.html"');
    expect(new TextDecoder().decode(r.body)).toBe(r.text);

    const s = await f.fetch(site.url('/article.html'));
    expect(s.via).toBe('static');
    expect(s.text).toContain('2022年政府信息公开工作年度报告');
    expect(s.text).not.toContain('上一篇');
    expect(s.text).not.toContain('下一篇');
  });

  it('the rendered page reached no other origin, no disallowed URL, no image; it named gongkai', () => {
    expect(elsewhere.log).toEqual([]);
    expect(site.hits('/secret/data')).toHaveLength(0);
    expect(site.hits('/logo.png')).toHaveLength(0);
    expect(site.hits('/nav.js')).toHaveLength(1);
    const rendered = site.hits('/article.html')[0];
    expect(rendered.headers['user-agent']).toMatch(/gongkai/);
  });

  it('a same-origin redirect is followed by a navigation of our own, scripts redirected on-site still load', async () => {
    const r = await f.render(site.url('/old.html'));
    expect(r.finalUrl).toBe(site.url('/new/article.html'));
    expect(r.redirects).toEqual([site.url('/old.html')]);
    expect(r.text).toContain('moved here');
    expect(r.text).toContain('下一篇：移动后');
  });

  it('redirects and navigations to another host are refused before any request leaves the site', async () => {
    const off = await f.render(site.url('/offsite.html')).catch((x) => x);
    expect(off).toMatchObject({ kind: 'other', retryable: false });
    expect(off.message).toMatch(/another host/);
    const away = await f.render(site.url('/js-away.html')).catch((x) => x);
    expect(away).toBeInstanceOf(FetchError);
    expect(away.message).toMatch(/another host/);
    // a script redirected off-site is dropped; the page itself still renders
    const s = await f.render(site.url('/script-away.html'));
    expect(s.text).toContain('static');
    expect(elsewhere.log).toEqual([]);
  });

  it('a PDF served as text/html is not_html here too', async () => {
    await expect(f.render(site.url('/report.pdf.html'))).rejects.toMatchObject({ kind: 'not_html', retryable: false });
  });

  it('a page robots.txt disallows is not rendered', async () => {
    await expect(f.render(site.url('/blocked.html'))).rejects.toMatchObject({ kind: 'robots', retryable: false });
    expect(site.hits('/blocked.html')).toHaveLength(0);
  });

  it('a 404 renders as an http error, not retried', async () => {
    const e = await f.render(site.url('/missing.html')).catch((x) => x);
    expect(e).toBeInstanceOf(FetchError);
    expect(e).toMatchObject({ kind: 'http', status: 404, retryable: false, attempts: 1 });
  });

  it('renders again with the same browser, and a new fetcher starts its own after close()', async () => {
    const r1 = await f.render(site.url('/article.html'));
    expect(r1.text).toContain('下一篇');
    await f.close();
    const g = createFetcher({ allowAddresses: ['loopback'], delayMs: 0, browserPath: chromium ?? undefined });
    try {
      expect((await g.render(site.url('/article.html'))).text).toContain('上一篇');
    } finally {
      await g.close();
    }
  });
});

/** The walk's decisions: which links lead on, where the gap ends a chain, what needs a browser. */
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../parser/index.js';
import { isReport, looksLikeReportTitle, needsBrowser, nextLinks, normaliseUrl } from '../../scraper/crawl/chain.js';
import { makeSeries, newsPage, reportPage } from '../../sites/pages.js';

const [d2022] = makeSeries('试验镇', [{ year: 2022, format: '2021', layout: 'table' }]);
const at = { startUrl: 'http://h/s', gap: 0, depth: 3 };

describe('nextLinks', () => {
  it('follows both neighbours of a report, resolving relative links, dropping fragments', () => {
    const html = reportPage(d2022, { prev: { href: 'a.html#top', title: 'A' }, next: { href: '/x/b.html', title: 'B' } });
    const rec = parseReport(html, { url: 'http://h/x/r.html' });
    expect(isReport(rec)).toBe(true);
    expect(nextLinks('http://h/x/r.html', rec, at, { maxGap: 2 })).toEqual([
      { url: 'http://h/x/a.html', startUrl: 'http://h/s', direction: 'prev', gap: 0, depth: 4, foundFrom: 'http://h/x/r.html', linkTitle: 'A' },
      { url: 'http://h/x/b.html', startUrl: 'http://h/s', direction: 'next', gap: 0, depth: 4, foundFrom: 'http://h/x/r.html', linkTitle: 'B' },
    ]);
  });

  it('counts non-report pages walked through and stops after maxGap of them', () => {
    const html = newsPage('试验镇召开会议', '2024-01-01', ['会议。'], { prev: { href: '/p', title: 'P' }, next: { href: '/n', title: 'N' } });
    const rec = parseReport(html, { url: 'http://h/news' });
    expect(isReport(rec)).toBe(false);
    expect(nextLinks('http://h/news', rec, { ...at, gap: 0 }, { maxGap: 2 }).map((l) => l.gap)).toEqual([1, 1]);
    expect(nextLinks('http://h/news', rec, { ...at, gap: 1 }, { maxGap: 2 }).map((l) => l.gap)).toEqual([2, 2]);
    expect(nextLinks('http://h/news', rec, { ...at, gap: 2 }, { maxGap: 2 })).toEqual([]);
  });

  it('records a link to another host as skipped, never to be fetched', () => {
    const html = reportPage(d2022, { prev: { href: 'http://other.example/r.html', title: 'O' }, next: { href: 'http://h:8080/r.html', title: 'P' } });
    const links = nextLinks('http://h/r.html', parseReport(html, { url: 'http://h/r.html' }), at, { maxGap: 2 });
    expect(links.map((l) => [l.url, l.skip?.kind])).toEqual([
      ['http://other.example/r.html', 'offsite'],
      ['http://h:8080/r.html', 'offsite'],
    ]);
  });

  it('ignores a link to the page itself and links that are not http', () => {
    const html = reportPage(d2022, { prev: { href: '#', title: 'self' }, next: { href: 'r.html', title: 'self again' } });
    expect(nextLinks('http://h/r.html', parseReport(html, { url: 'http://h/r.html' }), at, { maxGap: 2 })).toEqual([]);
    expect(normaliseUrl('javascript:void(0)')).toBeNull();
    expect(normaliseUrl('mailto:a@b')).toBeNull();
  });
});

describe('needsBrowser', () => {
  it('renders a page whose navigation is drawn by script', () => {
    const html = reportPage(d2022, { prev: { href: '/a', title: 'A' }, next: null, drawnByScript: true });
    const rec = parseReport(html, { url: 'http://h/r' });
    expect(isReport(rec)).toBe(true);
    expect(rec.nav).toBeNull();
    expect(needsBrowser(rec, html)).toMatch(/navigation/);
  });

  it('leaves a page alone when its links are in the HTML or it has no scripts', () => {
    const withLinks = reportPage(d2022, { prev: { href: '/a', title: 'A' }, next: null });
    expect(needsBrowser(parseReport(withLinks, { url: 'http://h/r' }), withLinks)).toBeNull();
    const noScripts = '<html><head><title>试验镇2022年政府信息公开工作年度报告</title></head><body><p>正文</p></body></html>';
    expect(needsBrowser(parseReport(noScripts, { url: 'http://h/r' }), noScripts)).toBeNull();
  });

  it('renders a report title without a report body; not a news item with its links', () => {
    const shell = '<html><head><title>试验镇2022年政府信息公开工作年度报告</title><script src="/app.js"></script></head><body><div id="app"></div><p>上一篇：<a href="/a">A</a></p></body></html>';
    expect(needsBrowser(parseReport(shell, { url: 'http://h/r' }), shell)).toMatch(/report body/);
    const news = newsPage('试验镇召开会议', '2024-01-01', ['会议。'], { prev: { href: '/p', title: 'P' }, next: null });
    expect(needsBrowser(parseReport(news, { url: 'http://h/n' }), news)).toBeNull();
    expect(looksLikeReportTitle('试验镇召开会议')).toBe(false);
  });
});

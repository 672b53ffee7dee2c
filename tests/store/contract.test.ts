/**
 * The store contract (scraper/store/contract.ts), one suite run against every implementation:
 * SQLite in a temp file, Postgres on a throwaway cluster. Both must give back the same rows, the
 * same export, and keep a step whole or not at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../parser/index.js';
import { FetchError } from '../../scraper/fetch/contract.js';
import { isReport } from '../../scraper/crawl/chain.js';
import { exportText } from '../../scraper/store/export.js';
import { openStore } from '../../scraper/store/index.js';
import { updateSeries } from '../../scraper/store/series.js';
import { sha256Hex, type NewLink, type Store } from '../../scraper/store/contract.js';
import { makeSeries, newsPage, reportPage } from '../../sites/pages.js';
import { postgresBackend, sqliteBackend, type Backend, type Fresh } from './helpers/backends.js';
import { fakeResult, storePage } from './helpers/fill.js';

const link = (url: string, over: Partial<NewLink> = {}): NewLink => ({ url, startUrl: url, direction: 'start', gap: 0, depth: 0, foundFrom: null, linkTitle: null, ...over });
const nav = { prev: null, next: null };

/** The same pages into any store: three bodies (one with two years), a news item, stored out of order. */
async function fill(store: Store): Promise<void> {
  const qing = makeSeries('青岚镇', [
    { year: 2021, format: '2021', layout: 'table' },
    { year: 2022, format: '2021', layout: 'lines' },
    { year: 2024, format: '2021', layout: 'table' },
  ]);
  const bai = makeSeries('白安镇', [{ year: 2020, format: '2019', layout: 'lines' }, { year: 2021, format: '2021', layout: 'table' }]);
  const latin = makeSeries('Anton', [{ year: 2022, format: '2021', layout: 'table' }]);
  await storePage(store, 'http://h/q2024', reportPage(qing[2], nav));
  await storePage(store, 'http://h/b2021', reportPage(bai[1], nav));
  await storePage(store, 'http://h/news', newsPage('青岚镇召开会议', '2024-01-01', ['会议内容。'], nav));
  await storePage(store, 'http://h/a2022', reportPage(latin[0], nav));
  await storePage(store, 'http://h/q2021', reportPage(qing[0], nav));
  await storePage(store, 'http://h/b2020', reportPage(bai[0], nav));
  await storePage(store, 'http://h/q2022', reportPage(qing[1], nav));
  await updateSeries(store);
}

const exports: Record<string, Record<string, string>> = {};

function contract(backend: Backend) {
  describe.skipIf(backend.skip !== null)(`store contract: ${backend.name}`, () => {
    const opened: Fresh[] = [];
    const fresh = async () => {
      const f = await backend.fresh();
      opened.push(f);
      return f;
    };
    beforeAll(() => backend.setup(), 120_000);
    afterAll(async () => {
      for (const f of opened) await f.store.close().catch(() => {});
      await backend.teardown();
    }, 60_000);

    it('queues a URL once, and not again once it is known as where another redirected to', async () => {
      const { store } = await fresh();
      expect(await store.enqueue(link('http://h/a'))).toBe(true);
      expect(await store.enqueue(link('http://h/a'))).toBe(false);
      await store.saveResponse('http://h/a', fakeResult('http://h/a', '<p>x</p>', { finalUrl: 'http://h/b', redirects: ['http://h/a'] }), true);
      expect(await store.known('http://h/b')).toBe(true);
      expect(await store.known('http://h/c')).toBe(false);
      expect(await store.enqueue(link('http://h/b'))).toBe(false);
      expect((await store.allFrontier()).map((r) => [r.url, r.state, r.final_url, r.attempts])).toEqual([['http://h/a', 'fetched', 'http://h/b', 1]]);
      expect((await store.frontierOf('http://h/x', 'http://h/b'))?.url).toBe('http://h/a');
      expect(await store.countRequested()).toBe(1);
    });

    it('gives back every body byte for byte, one per hash, and one response per URL and way of fetching', async () => {
      const { store, raw } = await fresh();
      const big = '<p>' + '青岚镇政府信息公开工作年度报告。'.repeat(2000) + '</p>';
      const bytes = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
      await store.enqueue(link('http://h/a'));
      await store.enqueue(link('http://h/c'));
      await store.saveResponse('http://h/a', fakeResult('http://h/a', big), true);
      await store.saveResponse('http://h/a', fakeResult('http://h/a', big), true);
      await store.saveResponse('http://h/c', fakeResult('http://h/c', big), true);
      await store.saveResponse('http://h/c', { ...fakeResult('http://h/c', ''), body: bytes, via: 'browser' }, false);
      expect((await store.responses()).map((r) => `${r.url} ${r.via}`)).toEqual(['http://h/a static', 'http://h/c static', 'http://h/c browser']);
      expect(await raw('SELECT sha256 FROM blobs')).toHaveLength(2);
      expect(new TextDecoder().decode(await store.body(sha256Hex(new TextEncoder().encode(big))))).toBe(big);
      expect([...(await store.body(sha256Hex(bytes)))]).toEqual([...bytes]);
      const resp = (await store.response('http://h/c', 'browser'))!;
      expect(resp).toMatchObject({ url: 'http://h/c', via: 'browser', size: 4096, sha256: sha256Hex(bytes), status: 200 });
      expect(await store.responseById(resp.id)).toEqual(resp);
      await expect(store.body('0'.repeat(64))).rejects.toThrow(/no body/);
    });

    it('records a failure with its kind and whether it may pass later; pending rows retry only what may', async () => {
      const { store } = await fresh();
      for (const u of ['http://h/503', 'http://h/404', 'http://h/robots', 'http://h/q']) await store.enqueue(link(u));
      await store.markFailed('http://h/503', new FetchError('http', 'HTTP 503', 'http://h/503', true, 503));
      await store.markFailed('http://h/404', new FetchError('http', 'HTTP 404', 'http://h/404', false, 404));
      await store.markFailed('http://h/robots', new FetchError('robots', 'robots.txt disallows it', 'http://h/robots', false));
      const rows = Object.fromEntries((await store.allFrontier()).map((r) => [r.url, r]));
      expect(rows['http://h/503']).toMatchObject({ state: 'failed', error_kind: 'http', error_status: 503, retryable: 1, attempts: 1 });
      expect(rows['http://h/404']).toMatchObject({ state: 'failed', error_status: 404, retryable: 0 });
      expect(rows['http://h/robots']).toMatchObject({ state: 'robots-blocked', error_kind: 'robots' });
      expect((await store.pending(3)).map((r) => r.url)).toEqual(['http://h/503', 'http://h/q']);
      expect((await store.pending(1)).map((r) => r.url)).toEqual(['http://h/q']);
      expect(await store.countRequested()).toBe(2);
    });

    it('a page whose report file may be had later is read again by the next run, its note cleared; a file that cannot be read is not asked again', async () => {
      const { store } = await fresh();
      const html = newsPage('年度报告', '2024-01-01', ['内容。'], nav);
      const notes = {
        'http://h/busy': { kind: 'attachment', message: 'http://h/busy.pdf: http 503', retryable: true },
        'http://h/bad': { kind: 'attachment', message: 'http://h/bad.pdf: not a PDF or Word file' },
        'http://h/plain': null,
      };
      for (const [u, note] of Object.entries(notes)) {
        await store.enqueue(link(u));
        const resp = await store.saveResponse(u, fakeResult(u, html), true);
        await store.saveParsed(u, resp.id, parseReport(html, { url: u, sha256: resp.sha256, fetchedAt: resp.fetched_at }), false, [], note);
      }
      expect(await store.frontier('http://h/busy')).toMatchObject({ state: 'parsed', error_kind: 'attachment', retryable: 1 });
      // noted in this run (after it began): not asked again in it
      expect(await store.retryNoted('attachment', '2000-01-01T00:00:00.000Z')).toBe(0);
      const next = new Date(Date.now() + 1000).toISOString();
      expect(await store.retryNoted('attachment', next)).toBe(1);
      expect(await store.frontier('http://h/busy')).toMatchObject({ state: 'fetched', error_kind: null, error_message: null });
      expect(await store.frontier('http://h/bad')).toMatchObject({ state: 'parsed', error_kind: 'attachment', retryable: 0 });
      expect((await store.pending(3)).map((r) => r.url)).toEqual(['http://h/busy']);
    });

    it('saves a parsed page, its new neighbours and its note in one step, and none of it when a part fails', async () => {
      const { store } = await fresh();
      const [d] = makeSeries('试验镇', [{ year: 2022, format: '2021', layout: 'table' }]);
      const html = reportPage(d, nav);
      await store.enqueue(link('http://h/r'));
      const resp = await store.saveResponse('http://h/r', fakeResult('http://h/r', html), true);
      const rec = parseReport(html, { url: 'http://h/r', sha256: resp.sha256, fetchedAt: resp.fetched_at });
      const bad = link('http://h/bad', { direction: 'sideways' as never });
      await expect(store.saveParsed('http://h/r', resp.id, rec, true, [link('http://h/n1', { direction: 'next' }), bad])).rejects.toThrow();
      expect(await store.recordRows()).toEqual([]);
      expect(await store.frontier('http://h/n1')).toBeUndefined();
      expect((await store.frontier('http://h/r'))!.state).toBe('fetched');
      const neighbours = [link('http://h/n1', { direction: 'next', gap: 0, depth: 1, foundFrom: 'http://h/r', linkTitle: '下一条' }), link('http://h/r')];
      expect(await store.saveParsed('http://h/r', resp.id, rec, true, neighbours, { kind: 'browser', message: 'needed a browser' })).toBe(1);
      expect(await store.frontier('http://h/r')).toMatchObject({ state: 'parsed', is_report: 1, error_kind: 'browser', error_message: 'needed a browser' });
      expect(await store.frontier('http://h/n1')).toMatchObject({ state: 'queued', direction: 'next', depth: 1, found_from: 'http://h/r', link_title: '下一条' });
      expect(await store.recordRows()).toEqual([{ url: 'http://h/r', response_id: resp.id, is_report: 1, entity: '试验镇', year: 2022, format: '2021', parser_version: rec.parserVersion }]);
      expect(await store.recordJson('http://h/r')).toBe(JSON.stringify(rec));
      expect(await store.countReports()).toBe(1);
      expect(await store.entities()).toEqual(['试验镇']);
      expect(await store.reportsOf('试验镇')).toEqual([rec]);
    });

    it('a re-read replaces the record, says again whether the row is a report, and queues what it finds', async () => {
      const { store } = await fresh();
      const html = newsPage('会议', '2024-01-01', ['内容。'], nav);
      await storePage(store, 'http://h/p', html);
      const f = (await store.frontier('http://h/p'))!;
      expect(f.is_report).toBe(0);
      const [d] = makeSeries('试验镇', [{ year: 2023, format: '2021', layout: 'lines' }]);
      const rec = parseReport(reportPage(d, nav), { url: 'http://h/p', sha256: sha256Hex(new TextEncoder().encode(html)), fetchedAt: null });
      expect(isReport(rec)).toBe(true);
      await store.saveReparsed((await store.response('http://h/p', 'static'))!.id, rec, true, [link('http://h/p2', { direction: 'prev' })], f.id);
      expect((await store.frontier('http://h/p'))!.is_report).toBe(1);
      expect((await store.frontier('http://h/p2'))!.state).toBe('queued');
      expect(JSON.parse((await store.recordJson('http://h/p'))!).year).toBe(2023);
      expect(await store.countReports()).toBe(1);
    });

    it('reads reports back by body then year (bytewise, as SQLite sorts), with their series checks', async () => {
      const { store } = await fresh();
      await fill(store);
      const order: string[] = [];
      for await (const r of store.iterateReports()) order.push(`${r.entity} ${r.year}`);
      expect(order).toEqual(['Anton 2022', '白安镇 2020', '白安镇 2021', '青岚镇 2021', '青岚镇 2022', '青岚镇 2024']);
      const series = await store.seriesEntries();
      expect(series.filter((e) => e.kind === 'gap').map((e) => [e.entity, e.check.scope, e.laterUrl])).toEqual([['青岚镇', '2023', 'http://h/q2024']]);
      const q2022 = [];
      for await (const r of store.reportsWithSeries()) if (r.source.url === 'http://h/q2022') q2022.push(r);
      expect(q2022[0].checks.filter((c) => c.id === 'series.carry').length).toBeGreaterThan(0);
      await store.replaceSeries([]);
      expect(await store.seriesEntries()).toEqual([]);
      exports[backend.name] = {};
      await updateSeries(store);
      for (const format of ['csv', 'wide', 'checks', 'jsonl'] as const) exports[backend.name][format] = await exportText(store, format);
    });

    it('keeps what it holds when reopened, and refuses a store of a newer version', async () => {
      const f = await fresh();
      await f.store.enqueue(link('http://h/a'));
      await f.store.close();
      const again = await openStore(f.spec);
      expect((await again.allFrontier()).map((r) => r.url)).toEqual(['http://h/a']);
      await again.close();
      await f.setVersion(99);
      await expect(openStore(f.spec)).rejects.toThrow(/version 99/);
      f.store = { close: async () => {} } as Store;
    });
  });
}

contract(sqliteBackend());
contract(postgresBackend());

describe('both stores give back the same export', () => {
  it('csv, wide, checks and jsonl are equal, byte for byte', (ctx) => {
    if (!exports.SQLite || !exports.Postgres) ctx.skip();
    for (const format of ['csv', 'wide', 'checks', 'jsonl']) expect(exports.Postgres[format], format).toBe(exports.SQLite[format]);
    expect(exports.SQLite.jsonl.split('\n')).toHaveLength(7);
  });
});

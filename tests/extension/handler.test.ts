import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseReport } from '../../parser/index.js';
import { Library } from '../../extension/lib/library.js';
import { handleRequest, type HandlerDeps } from '../../extension/lib/handler.js';
import { ResponseSchemas } from '../../extension/lib/messages.js';
import { reportPage } from '../../sites/extension-pages.js';

const rec = (entity: string, year: number, url = `http://www.${encodeURIComponent(entity)}.gov.cn/${year}.htm`) =>
  ({ url, record: parseReport(reportPage({ entity, year }), { url }) });

describe('background message handler', () => {
  let lib: Library;
  const opened: string[] = [];
  const injected: number[] = [];
  const filesRead: string[] = [];
  let deps: HandlerDeps;
  beforeEach(() => {
    lib = new Library('handler-lib', { indexedDB: new IDBFactory(), IDBKeyRange });
    opened.length = 0;
    injected.length = 0;
    deps = {
      library: lib,
      inject: async (id) => void injected.push(id),
      openTab: async (u) => void opened.push(u),
      libraryUrl: () => 'chrome-extension://x/popup.html',
      readFile: async (src) => {
        filesRead.push(src.url);
        return { ...rec('附件镇', 2023).record, source: { url: src.pageUrl, file: null, sha256: null, fetchedAt: null, attachment: { url: src.url, kind: 'pdf' } } };
      },
    };
    filesRead.length = 0;
  });
  afterEach(() => lib.close());

  it('saves, lists, exports and deletes through messages', async () => {
    const a = rec('甲镇', 2023);
    expect(await handleRequest({ type: 'library.save', url: a.url, record: a.record }, deps)).toEqual({ ok: true, url: a.url });
    const list = (await handleRequest({ type: 'library.list' }, deps)) as { ok: true; count: number; groups: { entity: string }[] };
    expect(list.count).toBe(1);
    expect(list.groups[0].entity).toBe('甲镇');
    // the answer is what the popup accepts (its tally and figures included)
    expect(ResponseSchemas['library.list'].safeParse(list).success).toBe(true);
    const exp = (await handleRequest({ type: 'library.exportCsv' }, deps)) as { csv: string; count: number };
    expect(exp.count).toBe(1);
    expect(await handleRequest({ type: 'library.delete', url: a.url }, deps)).toEqual({ ok: true, deleted: true });
    expect(await lib.count()).toBe(0);
  });

  it('answers a malformed message with an error and touches nothing', async () => {
    const a = rec('甲镇', 2023);
    const r = (await handleRequest({ type: 'library.save', url: a.url, record: { ...a.record, checks: 'none' } }, deps)) as { ok: boolean; retryable: boolean };
    expect(r.ok).toBe(false);
    expect(r.retryable).toBe(false);
    expect(await lib.count()).toBe(0);
    expect(((await handleRequest({ type: 'page.open', url: 'javascript:alert(1)' }, deps)) as { ok: boolean }).ok).toBe(false);
    expect(opened).toEqual([]);
  });

  it('opens pages and the library, and passes injections to the tab function', async () => {
    await handleRequest({ type: 'library.open' }, deps);
    await handleRequest({ type: 'page.open', url: 'http://www.x.gov.cn/a.htm' }, deps);
    await handleRequest({ type: 'reader.inject', tabId: 4 }, deps);
    expect(opened).toEqual(['chrome-extension://x/popup.html', 'http://www.x.gov.cn/a.htm']);
    expect(injected).toEqual([4]);
  });

  it('reads a file only of the asking page\'s own site (another host of it allowed)', async () => {
    const page = 'http://www.x.gov.cn/art/2024/report.htm';
    const cases: [string, string | undefined, boolean][] = [
      ['http://www.x.gov.cn/files/r.pdf', page, true],
      ['http://file.x.gov.cn/upload/r.pdf', page, true],
      ['https://www.x.gov.cn/files/r.pdf', page, true],
      ['http://www.y.gov.cn/files/r.pdf', page, false], // another body's site
      ['http://x.gov.cn.evil.example/r.pdf', page, false],
      ['http://www.x.gov.cn/files/r.pdf', 'http://www.y.gov.cn/a.htm', false], // the page says it is x, the tab is y
      ['file:///etc/passwd', page, false],
    ];
    for (const [url, senderUrl, ok] of cases) {
      const r = (await handleRequest({ type: 'attachment.read', url, pageUrl: page }, deps, { tabId: 1, url: senderUrl })) as { ok: boolean; record?: { source: { attachment: { url: string } } } };
      expect(r.ok, url).toBe(ok);
      if (ok) expect(r.record!.source.attachment.url).toBe(url);
    }
    expect(filesRead).toEqual(cases.filter((c) => c[2]).map((c) => c[0]));
  });

  it('reports a failing store as a retryable error', async () => {
    const broken: HandlerDeps = { ...deps, library: { ...lib, listGrouped: async () => { throw new Error('QuotaExceededError'); } } as unknown as Library };
    expect(await handleRequest({ type: 'library.list' }, broken)).toEqual({ ok: false, error: 'QuotaExceededError', retryable: true });
  });
});

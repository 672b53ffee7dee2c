import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseReport, RecordSchema, toLongCsv } from '../../parser/index.js';
import { Library } from '../../extension/lib/library.js';
import { figuresOf } from '../../extension/lib/figures.js';
import { verdictOf } from '../../extension/lib/verdict.js';
import { changedCellValues, reportPage, type ReportPage } from '../../sites/extension-pages.js';

const rec = (entity: string, year: number, url = `http://www.${encodeURIComponent(entity)}.gov.cn/${year}.htm`, page: ReportPage = {}) =>
  ({ url, record: parseReport(reportPage({ entity, year, ...page }), { url }) });

describe('library (Dexie over fake-indexeddb)', () => {
  let idb: InstanceType<typeof IDBFactory>;
  let lib: Library;
  beforeEach(() => {
    idb = new IDBFactory();
    lib = new Library('test-lib', { indexedDB: idb, IDBKeyRange });
  });
  afterEach(() => lib.close());

  it('saves a record with its URL and time, and keeps it across a reopen', async () => {
    const a = rec('甲镇', 2023);
    await lib.save(a.url, a.record, new Date('2026-11-28T10:00:00Z'));
    lib.close();
    lib = new Library('test-lib', { indexedDB: idb, IDBKeyRange });
    const got = await lib.get(a.url);
    expect(got?.savedAt).toBe('2026-11-28T10:00:00.000Z');
    expect(got?.entity).toBe('甲镇');
    expect(RecordSchema.parse(got!.record)).toEqual(a.record);
  });

  it('saving the same page again replaces its entry', async () => {
    const a = rec('甲镇', 2023);
    await lib.save(a.url, a.record, new Date('2026-01-01T00:00:00Z'));
    await lib.save(a.url, a.record, new Date('2026-02-01T00:00:00Z'));
    expect(await lib.count()).toBe(1);
    expect((await lib.get(a.url))?.savedAt).toBe('2026-02-01T00:00:00.000Z');
  });

  it('lists saved reports grouped by body, then by year latest first, without the records', async () => {
    for (const r of [rec('乙镇', 2022), rec('甲镇', 2021), rec('甲镇', 2023), rec('甲镇', 2023, 'http://www.jia.gov.cn/copy.htm')]) await lib.save(r.url, r.record);
    const groups = await lib.listGrouped();
    expect(groups.map((g) => g.entity)).toEqual(['甲镇', '乙镇'].sort((a, b) => a.localeCompare(b, 'zh')));
    const jia = groups.find((g) => g.entity === '甲镇')!;
    expect(jia.years.map((y) => [y.year, y.reports.length])).toEqual([[2023, 2], [2021, 1]]);
    expect(Object.keys(jia.years[0].reports[0]).sort()).toEqual(['entity', 'figures', 'savedAt', 'tally', 'title', 'url', 'year']);
  });

  it('gives each listed report its verdict (by verdict.ts, from its tally) and its main figures', async () => {
    const cases = [
      { r: rec('甲镇', 2023, undefined, { values: changedCellValues() }), verdict: 'fail' },
      { r: rec('甲镇', 2022), verdict: 'pass' },
      { r: rec('甲镇', 2021, undefined, { blankTotals: true }), verdict: 'unconfirmed' },
      { r: rec('甲镇', 2020, undefined, { layout: 'concatenated' }), verdict: 'unconfirmed' },
    ];
    for (const c of cases) await lib.save(c.r.url, c.r.record);
    const [jia] = await lib.listGrouped();
    const listed = new Map(jia.years.flatMap((y) => y.reports).map((e) => [e.url, e]));
    for (const c of cases) {
      const e = listed.get(c.r.url)!;
      expect(verdictOf(e.tally), c.r.url).toBe(c.verdict);
      expect(e.figures, c.r.url).toEqual(figuresOf(c.r.record));
    }
    expect(listed.get(cases[1].r.url)!.figures).toEqual({ new_received: 12, granted: 6, denied: 1, review: 1, litigation: 0 });
    // a blank 总计 column leaves 表三's figures unknown, never 0
    expect(listed.get(cases[2].r.url)!.figures).toMatchObject({ new_received: null, granted: null, denied: null, review: 1 });
    expect(listed.get(cases[0].r.url)!.tally).toMatchObject({ fail: 2, pass: 40 });
  });

  it('deletes one report and says whether it was there', async () => {
    const a = rec('甲镇', 2023);
    const b = rec('乙镇', 2023);
    await lib.save(a.url, a.record);
    await lib.save(b.url, b.record);
    expect(await lib.delete(a.url)).toBe(true);
    expect(await lib.delete(a.url)).toBe(false);
    expect((await lib.listGrouped()).map((g) => g.entity)).toEqual(['乙镇']);
  });

  it('exports the whole library as one long CSV in body/year order', async () => {
    const rs = [rec('乙镇', 2022), rec('甲镇', 2023), rec('甲镇', 2021)];
    for (const r of rs) await lib.save(r.url, r.record);
    const { csv, count } = await lib.exportCsv();
    expect(count).toBe(3);
    const ordered = [rs[2], rs[1], rs[0]].sort((x, y) => (x.record.entity!).localeCompare(y.record.entity!, 'zh') || x.record.year! - y.record.year!);
    expect(csv).toBe(toLongCsv(ordered.map((r) => r.record)));
    expect(csv.startsWith('\ufeffsource_url,')).toBe(true);
  });

  it('an empty library exports a header only', async () => {
    const { csv, count } = await lib.exportCsv();
    expect(count).toBe(0);
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(1);
  });
});

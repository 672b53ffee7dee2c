/** Series rows over reports: consecutive years checked, missing years named, doubles named. */
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../parser/index.js';
import { bodySeries, seriesEntries } from '../../scraper/store/series.js';
import { makeSeries, reportPage } from '../../sites/pages.js';

const nav = { prev: null, next: null };
const recs = (entity: string, years: number[]) =>
  makeSeries(entity, years.map((year) => ({ year, format: '2021' as const, layout: 'table' as const }))).map((d) =>
    parseReport(reportPage(d, nav), { url: `http://h/${entity}/${d.year}` }),
  );

describe('series', () => {
  it('checks each pair of consecutive years and names a gap for each missing year', () => {
    const list = recs('甲镇', [2019, 2020, 2023]);
    const e = bodySeries('甲镇', list);
    const kinds = e.map((x) => `${x.kind} ${x.check.id} ${x.laterUrl.split('/').pop()}`);
    expect(kinds.filter((k) => k.startsWith('check')).length).toBe(9); // 7 carry + 2 in_force for 2019→2020
    expect(e.filter((x) => x.kind === 'gap').map((x) => [x.check.scope, x.earlierUrl, x.laterUrl])).toEqual([
      ['2021', 'http://h/甲镇/2020', 'http://h/甲镇/2023'],
      ['2022', 'http://h/甲镇/2020', 'http://h/甲镇/2023'],
    ]);
    expect(e.find((x) => x.kind === 'gap')!.check.reports).toEqual([
      { url: null, year: 2021 },
      { url: 'http://h/甲镇/2023', year: 2023 },
    ]);
  });

  it('a carry that does not match fails, naming both reports', () => {
    const [a, b] = recs('乙镇', [2021, 2022]);
    b.tables.applications!.carried_over.natural_person = { ...b.tables.applications!.carried_over.natural_person, value: 99 };
    const fail = bodySeries('乙镇', [a, b]).filter((x) => x.check.status === 'fail');
    expect(fail.map((x) => `${x.check.id}:${x.check.scope}`)).toEqual(['series.carry:natural_person']);
    expect(fail[0].check.reports?.map((r) => r.year)).toEqual([2021, 2022]);
  });

  it('two pages with the same tables for one year are one report: no duplicate row, no series check between them', () => {
    const [a] = recs('丙镇', [2022]);
    const copy = { ...a, source: { ...a.source, url: 'http://h/丙镇/2022-copy' }, publishedAt: '2020-01-01' };
    expect(seriesEntries([a, copy])).toEqual([]);
  });

  it('two different reports for one year: the latest published is used, the other is named as a duplicate', () => {
    const [a] = recs('丙镇', [2022]);
    const other = structuredClone(a);
    other.source.url = 'http://h/丙镇/2022-draft';
    other.publishedAt = '2020-01-01';
    other.tables.applications!.new_received.natural_person.value = 999;
    const e = seriesEntries([a, other]);
    expect(e.map((x) => [x.kind, x.laterUrl, x.earlierUrl])).toEqual([['duplicate', 'http://h/丙镇/2022-draft', a.source.url]]);
  });

  it('keeps bodies apart and skips reports without a body or year', () => {
    const e = seriesEntries([...recs('丁镇', [2021]), ...recs('戊镇', [2022])]);
    expect(e).toEqual([]);
  });
});

/**
 * The pure parts of the dataset, pinned by tables of cases: body keys, URL normalisation, the
 * 2019↔2021 crosswalk (and docs/crosswalk.md rendered from it), the wide form's statuses,
 * legacy values and harmonised columns.
 */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { bodyKeys, bodyMatches, bodyName, CROSSWALK, crosswalkMarkdown, FORMATS, harmonisedColumns, parseReport, STATUS_SUFFIX, TABLE_KEYS, toWideCsv, type ReportRecord } from '../../parser/index.js';
import { normaliseUrl } from '../../scraper/crawl/chain.js';
import { makeSeries, reportPage } from '../../sites/pages.js';

const wide = (recs: ReportRecord[], harmonised = false) => {
  const [head, ...rows] = Papa.parse<string[]>(toWideCsv(recs, { harmonised }).slice(1), { skipEmptyLines: true }).data;
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
};
const nav = { prev: null, next: null };

describe('body keys', () => {
  it.each([
    ['洪泽区人民政府', '洪泽区'],
    ['洪泽区 人民政府', '洪泽区'],
    ['洪泽区政府', '洪泽区'],
    ['一平浪镇', '一平浪镇'],
    ['平潭综合实验区', '平潭综合实验区'],
    ['平潭县人民政府', '平潭县'],
    ['上海市人民政府办公厅', '上海市人民政府办公厅'],
    ['洪泽区人民政府办公室', '洪泽区人民政府办公室'],
    ['ＡＢ镇人民政府', 'AB镇'],
    ['人民政府', '人民政府'],
    ['市政府', '市政府'],
  ])('%s → %s', (entity, key) => expect(bodyName(entity)).toBe(key));

  const of = (pairs: [string, string][]) => {
    const k = bodyKeys(pairs.map(([entity, site]) => ({ entity, site })));
    return pairs.map(([e, s]) => k.of(e, s));
  };
  it('joins a name and its parent-prefixed form on one site, under the qualified form', () => {
    expect(of([['洪泽区人民政府', 'a'], ['淮安市洪泽区人民政府', 'a']])).toEqual(['淮安市洪泽区', '淮安市洪泽区']);
    expect(of([['洪泽区', 'a'], ['淮安市洪泽区', 'a'], ['江苏省淮安市洪泽区', 'a']])).toEqual(Array(3).fill('江苏省淮安市洪泽区'));
  });
  it('never joins across sites, nor a short name that two parents share', () => {
    expect(of([['洪泽区人民政府', 'a'], ['淮安市洪泽区人民政府', 'b']])).toEqual(['洪泽区', '淮安市洪泽区']);
    expect(of([['朝阳区', 'a'], ['北京市朝阳区', 'a'], ['长春市朝阳区', 'a']])).toEqual(['朝阳区', '北京市朝阳区', '长春市朝阳区']);
    // a renamed body stays another body
    expect(of([['平潭县人民政府', 'a'], ['平潭综合实验区', 'a']])).toEqual(['平潭县', '平潭综合实验区']);
  });
  it.each([
    ['淮安市洪泽区', '洪泽区人民政府', true],
    ['淮安市洪泽区', '淮安市洪泽区', true],
    ['淮安市洪泽区', '泽区', false],
    ['淮安市洪泽区', '安市洪泽区', false],
  ])('body %s answers --body %s: %s', (key, q, yes) => expect(bodyMatches(key, q)).toBe(yes));
});

describe('normaliseUrl', () => {
  it.each([
    ['http://h/nb/t2023.htm?from=list', 'http://h/nb/t2023.htm'],
    ['http://h/nb/t2023.htm#top', 'http://h/nb/t2023.htm'],
    ['http://h/a.htm?spm=1.2&utm_source=x&UTM_Medium=y', 'http://h/a.htm'],
    ['http://h/a.jsp?id=7&b=2&a=1', 'http://h/a.jsp?a=1&b=2&id=7'],
    ['http://h/a.jsp?docid=9&from=list', 'http://h/a.jsp?docid=9'],
    ['http://h/a.jsp?fromx=1', 'http://h/a.jsp?fromx=1'],
  ])('%s → %s', (raw, want) => expect(normaliseUrl(raw)).toBe(want));
});

describe('crosswalk', () => {
  it('docs/crosswalk.md is the table rendered from the code (npm run docs)', () => {
    expect(readFileSync(new URL('../../docs/crosswalk.md', import.meta.url), 'utf8')).toBe(crosswalkMarkdown());
  });
  it('names only cells of the formats, each format cell at most once', () => {
    for (const f of ['2021', '2019'] as const) {
      const cells = new Set(TABLE_KEYS.flatMap((t) => FORMATS[f].tables[t].rows.flatMap((r) => r.columns.map((c) => `${t}.${r.id}.${c.id}`))));
      const used = CROSSWALK.flatMap((e) => e[f]);
      expect(used.filter((p) => !cells.has(p))).toEqual([]);
      expect(new Set(used).size).toBe(used.length);
    }
    expect(new Set(harmonisedColumns()).size).toBe(harmonisedColumns().length);
  });

  it('a 2020 report (2019 format) and a 2021 report share the harmonised columns', () => {
    const [y2020, y2021] = makeSeries('青岚镇', [{ year: 2020, format: '2019', layout: 'table' }, { year: 2021, format: '2021', layout: 'table' }]);
    y2021.applications.other_no_correction = [1, 0, 0, 0, 0, 0];
    y2021.applications.other_other = [2, 0, 0, 0, 0, 0];
    y2021.applications.granted = y2021.applications.granted.map((v, i) => (i === 0 ? v - 3 : v));
    y2020.applications.other = [4, 0, 0, 0, 0, 0];
    y2020.applications.granted = y2020.applications.granted.map((v, i) => (i === 0 ? v - 4 : v));
    const recs = [y2020, y2021].map((d) => parseReport(reportPage(d, nav), { url: `http://h/${d.year}` }));
    const [a, b] = wide(recs, true);
    expect(a['active.normative_documents.issued']).toBe(String(y2020.active.normative_documents.new_made));
    expect(b['active.normative_documents.issued']).toBe(String(y2021.active.normative_documents.issued));
    expect([a['applications.other_total.natural_person'], b['applications.other_total.natural_person']]).toEqual(['4', '3']);
    expect(b['applications.other_no_correction.natural_person']).toBe('1');
    expect(a['applications.new_received.total']).toBe(String(y2020.applications.new_received.reduce((s, v) => s + v, 0)));
    // format-specific cells stay apart: no 2019 name for a 2021 cell
    expect('active.normative_documents.new_made' in a).toBe(false);
    expect(a['active.procurement.amount']).toBe('86.5');
    expect(b['active.procurement.amount']).toBe('');
  });
});

describe('wide form', () => {
  it('keeps each cell\'s status beside its value: a note, a blank, a number', () => {
    const [d] = makeSeries('青岚镇', [{ year: 2022, format: '2021', layout: 'table' }]);
    d.active.fees = { amount: '由市财政局填报' };
    d.active.enforcement = { decisions: null };
    const [row] = wide([parseReport(reportPage(d, nav), { url: 'http://h/2022' })]);
    expect([row['active.fees.amount'], row['active.fees.amount' + STATUS_SUFFIX]]).toEqual(['', 'note']);
    expect([row['active.enforcement.decisions'], row['active.enforcement.decisions' + STATUS_SUFFIX]]).toEqual(['', 'blank']);
    expect([row['active.penalty.decisions'], row['active.penalty.decisions' + STATUS_SUFFIX]]).toEqual([String(d.active.penalty.decisions), '']);
  });

  it('carries a pre-2019 report\'s own-year values as legacy.<指标（单位）> columns', () => {
    const legacy = parseReport(readFileSync(new URL('../fixtures/dataset/legacy-2018.html', import.meta.url), 'utf8'), { url: 'http://h/2018' });
    const [d] = makeSeries('青岚镇', [{ year: 2021, format: '2021', layout: 'table' }]);
    const rows = wide([legacy, parseReport(reportPage(d, nav), { url: 'http://h/2021' })]);
    expect(rows[0].format).toBe('legacy');
    expect(rows[0]['legacy.主动公开文件数（条）']).toBe('356');
    expect(rows[0]['legacy.受理依申请公开信息总数（条）']).toBe('12');
    expect(rows[0]['legacy.行政复议数（件）' + STATUS_SUFFIX]).toBe('');
    expect(rows[1]['legacy.主动公开文件数（条）']).toBe('');
  });
});

/** gongkai export's forms, over a real store: order by body then year, BOM, JSON Lines that validate. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordSchema, WIDE_LEAD, wideColumns } from '../../parser/index.js';
import { makeSeries, newsPage, reportPage } from '../../sites/pages.js';
import { exportText } from '../../scraper/store/export.js';
import { updateSeries } from '../../scraper/store/series.js';
import { SqliteStore as Store } from '../../scraper/store/sqlite.js';
import { storePage } from './helpers/fill.js';

const BOM = '\ufeff';
const rows = (csv: string) => Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;

describe('export', () => {
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-export-'));
    store = new Store(join(dir, 'e.db'));
    const nav = { prev: null, next: null };
    const qing = makeSeries('青岚镇', [
      { year: 2021, format: '2021', layout: 'table' },
      { year: 2022, format: '2021', layout: 'lines' },
      { year: 2024, format: '2021', layout: 'table' },
    ]);
    const bai = makeSeries('白安镇', [
      { year: 2020, format: '2019', layout: 'lines' },
      { year: 2021, format: '2021', layout: 'table' },
    ]);
    // stored out of order, with a news item that is no report
    await storePage(store, 'http://h/q2024', reportPage(qing[2], nav));
    await storePage(store, 'http://h/b2021', reportPage(bai[1], nav));
    await storePage(store, 'http://h/news', newsPage('青岚镇召开会议', '2024-01-01', ['会议内容。'], nav));
    await storePage(store, 'http://h/q2021', reportPage(qing[0], nav));
    await storePage(store, 'http://h/b2020', reportPage(bai[0], nav));
    await storePage(store, 'http://h/q2022', reportPage(qing[1], nav));
    await updateSeries(store);
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const order = ['http://h/b2020', 'http://h/b2021', 'http://h/q2021', 'http://h/q2022', 'http://h/q2024'];

  it('csv: the long form, one row per cell, by body then year, with a BOM', async () => {
    const csv = await exportText(store, 'csv');
    expect(csv.startsWith(BOM)).toBe(true);
    const [head, ...body] = rows(csv);
    expect(head.slice(0, 4)).toEqual(['source_url', 'entity', 'year', 'format']);
    expect([...new Set(body.map((r) => r[0]))]).toEqual(order);
    const cell = body.find((r) => r[0] === 'http://h/q2022' && r[4] === 'applications' && r[5] === 'new_received' && r[7] === 'natural_person')!;
    expect(Number(cell[9])).toBe(makeSeries('青岚镇', [{ year: 2021, format: '2021', layout: 'table' }, { year: 2022, format: '2021', layout: 'lines' }])[1].applications.new_received[0]);
    expect(body.some((r) => r[0] === 'http://h/news')).toBe(false);
  });

  it('wide: one row per report, one column per cell', async () => {
    const csv = await exportText(store, 'wide');
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.indexOf(BOM, 1)).toBe(-1);
    const [head, ...body] = rows(csv);
    expect(head.length).toBe(WIDE_LEAD.length + 2 * wideColumns().length);
    const col = (name: string) => head.indexOf(name);
    expect(body.map((r) => r[col('source_url')])).toEqual(order);
    expect(body.map((r) => `${r[col('entity')]} ${r[col('year')]}`)).toEqual(['白安镇 2020', '白安镇 2021', '青岚镇 2021', '青岚镇 2022', '青岚镇 2024']);
  });

  it('checks: every check, the series checks naming both reports, and the missing year as a gap', async () => {
    const csv = await exportText(store, 'checks');
    expect(csv.startsWith(BOM)).toBe(true);
    const [head, ...body] = rows(csv);
    const col = (name: string) => head.indexOf(name);
    expect([...new Set(body.map((r) => r[0]))]).toEqual(order);
    const carry = body.filter((r) => r[col('check')] === 'series.carry' && r[0] === 'http://h/q2022');
    expect(carry).toHaveLength(7);
    expect(carry.every((r) => r[col('status')] === 'pass' && r[col('other_report_url')] === 'http://h/q2021' && r[col('other_report_year')] === '2021')).toBe(true);
    // 白安镇 2020 (2019 format) → 2021: carry runs, in_force needs two 2021-format years
    expect(body.filter((r) => r[0] === 'http://h/b2021' && r[col('check')] === 'series.carry')).toHaveLength(7);
    expect(body.filter((r) => r[0] === 'http://h/b2021' && r[col('check')] === 'series.in_force')).toHaveLength(0);
    expect(body.filter((r) => r[0] === 'http://h/q2022' && r[col('check')] === 'series.in_force').map((r) => r[col('status')])).toEqual(['pass', 'pass']);
    const gap = body.filter((r) => r[col('check')] === 'series.gap');
    expect(gap.map((r) => [r[0], r[col('scope')], r[col('status')], r[col('other_report_year')]])).toEqual([['http://h/q2024', '2023', 'uncertain', '2023']]);
    expect(gap[0][col('note')]).toContain('2023');
    expect(body.some((r) => r[0] === 'http://h/q2024' && r[col('check')] === 'series.carry')).toBe(false);
  });

  it('jsonl: one record per line, each valid against RecordSchema', async () => {
    const lines = (await exportText(store, 'jsonl')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(5);
    const recs = lines.map((l) => RecordSchema.parse(JSON.parse(l)));
    expect(recs.map((r) => r.source.url)).toEqual(order);
    expect(recs[3].checks.some((c) => c.id === 'series.carry')).toBe(true);
  });

  it('an empty store exports headers only', async () => {
    const empty = new Store(join(dir, 'empty.db'));
    try {
      expect(rows(await exportText(empty, 'csv'))).toHaveLength(1);
      expect(rows(await exportText(empty, 'wide'))).toHaveLength(1);
      expect(await exportText(empty, 'jsonl')).toBe('');
    } finally {
      await empty.close();
    }
  });
});

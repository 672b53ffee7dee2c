/**
 * Start URLs at scale: `--from FILE` as a plain list (comments, blanks, malformed lines) or a CSV
 * whose other columns go into the exports; a malformed input is recorded and skipped, and only a
 * run with no usable input is refused (exit 2), leaving no store behind.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, readInputs } from '../../scraper/crawl/inputs.js';
import { startChainSite, type ChainSite } from '../../sites/chain-site.js';
import { gongkai } from './helpers/cli.js';

describe('readInputs', () => {
  it('reads a list: comments and blank lines skipped, malformed lines kept with their reason', () => {
    const r = readInputs(
      [
        '# 省级部门年报栏目',
        'https://www.example.gov.cn/zwgk/nb/2023.htm',
        '',
        '   http://sub.example.gov.cn/a/b.html#top   ',
        'http://exa mple.gov.cn/x.htm',
        'http://www.example.gov.cn:abc/x.htm',
        'ftp://files.example.gov.cn/nb.pdf',
        'www.example.gov.cn/nb.htm',
        'https://',
      ].join('\n'),
    );
    expect(r.inputs.map((i) => [i.line, i.url])).toEqual([
      [2, 'https://www.example.gov.cn/zwgk/nb/2023.htm'],
      [4, 'http://sub.example.gov.cn/a/b.html'],
    ]);
    expect(r.bad.map((b) => [b.line, b.text])).toEqual([
      [5, 'http://exa mple.gov.cn/x.htm'],
      [6, 'http://www.example.gov.cn:abc/x.htm'],
      [7, 'ftp://files.example.gov.cn/nb.pdf'],
      [8, 'www.example.gov.cn/nb.htm'],
      [9, 'https://'],
    ]);
    expect(r.bad.map((b) => b.reason)).toEqual([
      expect.stringMatching(/not a valid URL/),
      expect.stringMatching(/not a valid URL/),
      expect.stringMatching(/not an http\(s\) URL \(ftp:\)/),
      expect.stringMatching(/no http:\/\//),
      expect.stringMatching(/not a valid URL/),
    ]);
  });

  it('reads a CSV by its url column and keeps the other columns', () => {
    const r = readInputs('\ufeffbody,url,region,division_code\r\n"青白镇, 人民政府",http://a.example/1.htm,云南省,530000\r\n# a comment row\r\n空白镇,,云南省,530001\r\n红安镇,http://b.example/2.htm,"多行\n地区",530002\r\n');
    expect(r.columns).toEqual(['body', 'region', 'division_code']);
    expect(r.inputs).toEqual([
      { url: 'http://a.example/1.htm', line: 2, columns: { body: '青白镇, 人民政府', region: '云南省', division_code: '530000' } },
      { url: 'http://b.example/2.htm', line: 5, columns: { body: '红安镇', region: '多行\n地区', division_code: '530002' } },
    ]);
    expect(r.bad).toEqual([{ line: 4, text: '空白镇,,云南省,530001', reason: 'no url in this row' }]);
  });

  it.each([
    ['a,b\n1,2', [['a', 'b'], ['1', '2']]],
    ['"x ""q"" y",z\r\n', [['x "q" y', 'z']]],
    ['"a\nb",c', [['a\nb', 'c']]],
    ['a,\n,', [['a', ''], ['', '']]],
  ])('parses CSV %j', (text, fields) => {
    expect(parseCsv(text).map((r) => r.fields)).toEqual(fields);
  });
});

describe('gongkai crawl --from', () => {
  let a: ChainSite;
  let b: ChainSite;
  let dir: string;
  beforeAll(async () => {
    // two sites, one town (seven reports) each
    [a, b] = await Promise.all([startChainSite(7, { firstBody: 0 }), startChainSite(7, { firstBody: 3 })]);
    dir = mkdtempSync(join(tmpdir(), 'gongkai-inputs-'));
  });
  afterAll(async () => {
    await Promise.all([a?.server.close(), b?.server.close()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('crawls the good lines of a list, and records the malformed ones with their reason', async () => {
    const list = join(dir, 'list.txt');
    writeFileSync(list, ['# two sites and two mistakes', a.url(a.entries[0].path), 'http://exa mple.gov.cn/x.htm', b.url(b.entries[0].path), 'http://127.0.0.1:abc/'].join('\n'));
    const db = join(dir, 'list.db');
    const r = await gongkai(['crawl', '--from', list, '--db', db, '--delay', '0', '--browser', 'never']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/skipped input "http:\/\/exa mple\.gov\.cn\/x\.htm": .*list\.txt:3: not a valid URL/);
    const d = new Database(db, { readonly: true });
    try {
      expect(d.prepare('SELECT count(*) AS n FROM records WHERE is_report = 1').get()).toEqual({ n: 14 });
      expect(d.prepare("SELECT url, state, error_kind, error_message FROM frontier WHERE error_kind = 'bad_input' ORDER BY id").all()).toEqual([
        { url: 'http://exa mple.gov.cn/x.htm', state: 'skipped', error_kind: 'bad_input', error_message: expect.stringMatching(/list\.txt:3: not a valid URL/) },
        { url: 'http://127.0.0.1:abc/', state: 'skipped', error_kind: 'bad_input', error_message: expect.stringMatching(/list\.txt:5: not a valid URL/) },
      ]);
    } finally {
      d.close();
    }
  }, 60_000);

  it('carries the CSV columns of each start URL into the exports of the reports walked from it', async () => {
    const csv = join(dir, 'bodies.csv');
    writeFileSync(csv, `url,body,region,division_code\n${a.url(a.entries[3].path)},青白镇人民政府,"云南省,普洱市",530821\n${b.url(b.entries[0].path)},金安镇人民政府,云南省,530822\n`);
    const db = join(dir, 'csv.db');
    const r = await gongkai(['crawl', '--from', csv, '--db', db, '--delay', '0', '--browser', 'never', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    for (const format of ['wide', 'csv', 'checks']) {
      const out = await gongkai(['export', '--db', db, '--format', format]);
      expect(out.code, out.stderr).toBe(0);
      const rows = Papa.parse<Record<string, string>>(out.stdout.replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true }).data;
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const fromA = row.source_url.startsWith(a.server.origin);
        // "body" is a column of the export's own: the input's comes as input_body
        expect(row, format).toMatchObject(fromA ? { input_body: '青白镇人民政府', region: '云南省,普洱市', division_code: '530821' } : { input_body: '金安镇人民政府', region: '云南省', division_code: '530822' });
      }
      if (format === 'wide') expect(rows).toHaveLength(14);
    }
    // JSON Lines: the same columns under `input`, by the names the file gave them
    const jsonl = await gongkai(['export', '--db', db, '--format', 'jsonl']);
    expect(jsonl.code, jsonl.stderr).toBe(0);
    const recs = jsonl.stdout.trim().split('\n').map((l) => JSON.parse(l) as { source: { url: string }; input?: Record<string, string> });
    expect(recs).toHaveLength(14);
    for (const rec of recs) {
      const fromA = rec.source.url.startsWith(a.server.origin);
      expect(rec.input).toEqual(fromA ? { body: '青白镇人民政府', region: '云南省,普洱市', division_code: '530821' } : { body: '金安镇人民政府', region: '云南省', division_code: '530822' });
    }
    // a store crawled from a plain list has no input columns, and its records no `input`
    const plain = await gongkai(['export', '--db', join(dir, 'list.db'), '--format', 'jsonl']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout.trim().split('\n').map((l) => 'input' in JSON.parse(l))).toEqual(Array(14).fill(false));
  }, 60_000);

  it('refuses a run with no usable input (exit 2, one line) and leaves no store behind', async () => {
    const list = join(dir, 'bad.txt');
    writeFileSync(list, '# nothing good\nhttp://exa mple.gov.cn/\nnot a url\n');
    const db = join(dir, 'never.db');
    for (const args of [['--from', list], ['http://exa mple.gov.cn/'], ['http://127.0.0.1:abc/']]) {
      const r = await gongkai(['crawl', ...args, '--db', db]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/no usable start URL/);
      expect(existsSync(db)).toBe(false);
    }
  }, 60_000);
});

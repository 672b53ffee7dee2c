/**
 * Discovery from a column's list page: plain 下一页/尾页 pagination and TRS script pagination
 * (createPageHTML → index_1.htm …), read from real pages on 127.0.0.1 by `gongkai crawl --list`,
 * every report found and walked; and the list reader pinned on small pages.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readListPage, trsPages } from '../../scraper/crawl/list.js';
import { startListSite, type ListSite } from '../../sites/list-site.js';
import { gongkai } from './helpers/cli.js';

describe('readListPage', () => {
  const at = 'http://h.example/col/nb/index.htm';
  it.each([
    ['a report link by its text', '<a href="t1.htm">2023年政府信息公开工作年度报告</a>', ['http://h.example/col/nb/t1.htm'], []],
    ['a report link by its title attribute (text cut short)', '<a href="/a/t2.htm" title="某县2022年政务公开工作年度报告">某县2022年政务…</a>', ['http://h.example/a/t2.htm'], []],
    ['not a news item', '<a href="n.htm">关于开展政务公开工作的通知</a>', [], []],
    ['下一页 and 尾页', '<a href="index_1.htm">下一页</a><a href="index_9.htm">尾 页</a>', [], ['http://h.example/col/nb/index_1.htm', 'http://h.example/col/nb/index_9.htm']],
    ['TRS script pagination', "<script>createPageHTML(3, 0, 'index', 'htm');</script>", [], ['http://h.example/col/nb/index_1.htm', 'http://h.example/col/nb/index_2.htm']],
    ['TRS with double quotes and spaces', '<script>createPageHTML( 2 ,1, "index" , "shtml")</script>', [], ['http://h.example/col/nb/index.shtml', 'http://h.example/col/nb/index_1.shtml']],
  ])('%s', (_name, html, reports, pages) => {
    const r = readListPage(`<html><body>${html}</body></html>`, at);
    expect(r.reports.map((x) => x.url)).toEqual(reports);
    expect(r.pages).toEqual(pages);
  });

  it('names TRS pages beside the list page', () => {
    expect(trsPages(3, 'index', 'htm', 'http://h/a/b/index.htm')).toEqual(['http://h/a/b/index.htm', 'http://h/a/b/index_1.htm', 'http://h/a/b/index_2.htm']);
  });
});

describe('gongkai crawl --list', () => {
  let site: ListSite;
  let dir: string;
  beforeAll(async () => {
    site = await startListSite(3, 3);
    dir = mkdtempSync(join(tmpdir(), 'gongkai-list-'));
  });
  afterAll(async () => {
    await site?.server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['plain 下一页/尾页 pagination', 'plain'],
    ['TRS createPageHTML pagination', 'trs'],
  ] as const)('finds every report of a column with %s', async (_name, kind) => {
    const db = join(dir, `${kind}.db`);
    const list = kind === 'plain' ? site.plain : site.trs;
    const r = await gongkai(['crawl', '--list', list, '--db', db, '--delay', '0', '--browser', 'never']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/9 report links on 3 list pages/);
    const d = new Database(db, { readonly: true });
    try {
      const urls = d.prepare('SELECT url FROM records WHERE is_report = 1 ORDER BY url').pluck().all();
      expect(urls).toEqual([...(kind === 'plain' ? site.plainReports : site.trsReports)].sort());
    } finally {
      d.close();
    }
  }, 60_000);

  it('refuses a --list that is not a URL (exit 2, no store)', async () => {
    const r = await gongkai(['crawl', '--list', 'nb/index.htm', '--db', join(dir, 'none.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--list nb\/index\.htm: not a URL/);
    expect(existsSync(join(dir, 'none.db'))).toBe(false);
  }, 30_000);
});

/**
 * Discovery from a column's list page: plain 下一页/尾页 pagination, TRS script pagination
 * (createPageHTML → index_1.htm …) and VSB's (xxgkndbg.htm, then xxgkndbg/{total-1}.htm down to
 * xxgkndbg/1.htm; with links, with the old table pager, and drawn by script only), read from real
 * pages on 127.0.0.1 by `gongkai crawl --list`, every report found and walked; and the list
 * reader pinned on small pages.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readListPage, trsPages, vsbPages } from '../../scraper/crawl/list.js';
import { LIST_KINDS, startListSite, type ListSite } from '../../sites/list-site.js';
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

  const vsb = 'http://h.example/zfxxgk/xxgkndbg.htm';
  const vsbAll = ['http://h.example/zfxxgk/xxgkndbg.htm', 'http://h.example/zfxxgk/xxgkndbg/3.htm', 'http://h.example/zfxxgk/xxgkndbg/2.htm', 'http://h.example/zfxxgk/xxgkndbg/1.htm'];
  it.each([
    ['VSB jump form in an onclick (entities in its arguments)', vsb, '<span class="p_next p_fun"><a href="xxgkndbg/3.htm">下页</a></span><a href="javascript:;" onclick="_simple_list_gotopage_fun(4,&quot;u13_goto&quot;,2)">跳转</a>', vsbAll.slice(1)],
    ['VSB jump function beside a table pager', vsb, "<script>function a1_gopage_fun(){_simple_list_gotopage_fun(4,'a1GOPAGE',2)}</script><a href=\"xxgkndbg/3.htm\" class=\"Next\">下页</a>", vsbAll.slice(1)],
    ['VSB from a later page: the first page is ../xxgkndbg.htm', 'http://h.example/zfxxgk/xxgkndbg/2.htm', '<script>_simple_list_gotopage_fun(4,"ogotopage",2)</script>', [vsbAll[0], vsbAll[1], vsbAll[3]]],
    ['VSB pager drawn by script from var pageCount', vsb, '<script src="/system/resource/js/gotopage.js"></script><script>var pageCount = 4; drawPager(pageCount);</script>', vsbAll.slice(1)],
    ['var pageCount on a page that is not VSB names nothing', vsb, '<script>var pageCount = 4;</script>', []],
    ['VSB on a .jsp list: no page guessed', 'http://h.example/list.jsp?wbtreeid=1', '<script>_simple_list_gotopage_fun(4,"ogotopage",1)</script>', []],
  ])('%s', (_name, url, html, pages) => {
    expect(readListPage(`<html><body>${html}</body></html>`, url).pages).toEqual(pages);
  });

  it('names TRS pages beside the list page', () => {
    expect(trsPages(3, 'index', 'htm', 'http://h/a/b/index.htm')).toEqual(['http://h/a/b/index.htm', 'http://h/a/b/index_1.htm', 'http://h/a/b/index_2.htm']);
  });

  it.each([
    ['the first page', 'http://h/a/nb.htm', 3, ['http://h/a/nb.htm', 'http://h/a/nb/2.htm', 'http://h/a/nb/1.htm']],
    ['a later page', 'http://h/a/nb/1.htm', 3, ['http://h/a/nb.htm', 'http://h/a/nb/2.htm', 'http://h/a/nb/1.htm']],
    ['a first page named by a number not below the count', 'http://h/a/2023.htm', 2, ['http://h/a/2023.htm', 'http://h/a/2023/1.htm']],
    ['a one-page column', 'http://h/a/nb.html', 1, ['http://h/a/nb.html']],
    ['a folder URL (no page name)', 'http://h/a/nb/', 3, []],
  ])('names VSB pages from %s, numbers running down', (_name, url, total, pages) => {
    expect(vsbPages(total, url)).toEqual(pages);
  });
});

describe('gongkai crawl --list', () => {
  let site: ListSite;
  let dir: string;
  beforeAll(async () => {
    site = await startListSite(4, 3);
    dir = mkdtempSync(join(tmpdir(), 'gongkai-list-'));
  });
  afterAll(async () => {
    await site?.server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(LIST_KINDS)('finds every report of a %s column', async (kind) => {
    const db = join(dir, `${kind}.db`);
    const col = site.columns[kind];
    const r = await gongkai(['crawl', '--list', col.list, '--db', db, '--delay', '0', '--browser', 'never']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/12 report links on 4 list pages/);
    expect(r.stderr).not.toMatch(/! list page/);
    const d = new Database(db, { readonly: true });
    try {
      const urls = d.prepare('SELECT url FROM records WHERE is_report = 1 ORDER BY url').pluck().all();
      expect(urls).toEqual([...col.reports].sort());
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

/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The built extension in real Chromium, against our own pages served on 127.0.0.1 and reached
 * as http://www.<name>.gov.cn/ (the resolver maps *.gov.cn there and every other name nowhere).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import Papa from 'papaparse';
import { isSoftCheck, parseReport, toLongCsv } from '../../parser/index.js';
import { cellsToMark } from '../../extension/lib/cells.js';
import { ensureExtensionBuilt, ROOT } from '../../sites/extension-build.js';
import { findChromium, launchWithExtension, startServer, type ExtBrowser, type PageServer } from '../../sites/extension-browser.js';
import { lateReportPage, notReportPage, reportPage, unbalancedValues } from '../../sites/extension-pages.js';

/** The little of the extension API the worker-side snippets use (they run in the service worker). */
declare const chrome: {
  tabs: { query(q: object): Promise<{ id?: number }[]> };
};

const chromiumFound = findChromium();
if (!chromiumFound) console.warn('extension e2e skipped: no Chromium (CHROMIUM_PATH, /usr/bin/chromium or Playwright\'s own)');

const PANEL = '[data-gongkai-panel] section.gk';

/** The cell rows of a CSV as the long form has them (the panel's CSV adds provenance and checks). */
function cellRows(csv: string): string[][] {
  const rows = Papa.parse<Record<string, string>>(csv.replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true }).data;
  return rows.filter((r) => (r.row_type ?? 'cell') === 'cell').map((r) => [r.source_url, r.entity, r.year, r.format, r.table, r.row, r.row_label, r.column, r.column_label, r.value, r.raw, r.status, r.candidates, r.split]);
}
const XSS = '<img src=x onerror=alert(1)>';
const REAL = join(ROOT, '../shared/real/pingtan-2023.html');

describe.skipIf(!chromiumFound)('extension in Chromium', () => {
  let server: PageServer;
  let b: ExtBrowser;
  const serve = (hostPath: string, html: string) => {
    server.pages.set(hostPath, html);
    return `http://${hostPath}`;
  };

  beforeAll(async () => {
    const ext = await ensureExtensionBuilt();
    server = await startServer();
    b = await launchWithExtension(ext, server.port, { locale: 'zh-CN' });
  }, 240_000);

  afterAll(async () => {
    await b?.close();
    await server?.close();
  });

  /**
   * Whether the content script finished on the page (it leaves no trace on pages that are not
   * reports): read its flag in the extension's isolated world through CDP.
   */
  async function readerDone(page: Page): Promise<boolean> {
    const cdp = await b.context.newCDPSession(page);
    try {
      const contexts: { id: number; origin: string; auxData?: { type?: string } }[] = [];
      cdp.on('Runtime.executionContextCreated', (e: { context: { id: number; origin: string; auxData?: { type?: string } } }) => contexts.push(e.context));
      await cdp.send('Runtime.enable');
      const world = contexts.find((c) => c.auxData?.type === 'isolated' && c.origin.includes(b.extId));
      if (!world) return false;
      const r = (await cdp.send('Runtime.evaluate', { contextId: world.id, expression: 'globalThis.__gongkai?.done === true', returnByValue: true })) as { result: { value?: boolean } };
      return r.result.value === true;
    } finally {
      await cdp.detach();
    }
  }

  async function open(url: string): Promise<Page> {
    const page = await b.context.newPage();
    await page.goto(url);
    return page;
  }

  it('reads a <table> report whose numbers pass: panel shows the values, no cell marked fail', async () => {
    const url = serve('www.pass.gov.cn/zwgk/2024/t1.htm', reportPage({ entity: '示例镇' }));
    const page = await open(url);
    await page.locator(PANEL).waitFor();
    const panel = page.locator(PANEL);
    await expect(panel.locator('[data-field=entity]').textContent()).resolves.toBe('示例镇');
    await expect(panel.locator('[data-field=year]').textContent()).resolves.toBe('2023');
    await expect(panel.locator('[data-field=format]').textContent()).resolves.toBe('2021 年版');
    await expect(panel.locator('[data-field=layout]').textContent()).resolves.toBe('表格');
    // the tables are one click away
    await panel.locator('[data-field=tables] > summary').click();
    await expect(panel.locator('td[data-cell="applications.new_received.natural_person"]').textContent()).resolves.toBe('10');
    await expect(panel.locator('td[data-cell="applications.results_total.total"]').textContent()).resolves.toBe('13');
    await expect(panel.locator('td[data-cell="active.licensing.decisions"]').textContent()).resolves.toBe('120');
    // the format's labels, Chinese by default
    await expect(panel.getByText('本年新收政府信息公开申请数量').count()).resolves.toBeGreaterThan(0);
    // three-state verdict: every check passed on cells read as printed
    await expect(page.locator('[data-gongkai-panel]').getAttribute('data-gongkai-verdict')).resolves.toBe('pass');
    await expect(panel.locator('[data-field=summary]').textContent()).resolves.toBe('✓ 42 项已核对');
    await expect(panel.locator('[data-field=verdict]').textContent()).resolves.toBe('✓ 全部核对通过');
    // the passed checks are folded, built when the fold is opened
    expect(await panel.locator('button[data-gongkai-check][data-gongkai-status=pass]').count()).toBe(0);
    await panel.locator('[data-field=checks-passed] > summary').click();
    expect(await panel.locator('button[data-gongkai-check][data-gongkai-status=pass]').count()).toBe(42);
    expect(await panel.locator('button[data-gongkai-check][data-gongkai-status=fail]').count()).toBe(0);
    // each check names its page cells, as the page marks them
    const cellsAttr = await panel.locator('button[data-gongkai-check="applications.balance"][data-gongkai-scope="total"]').getAttribute('data-gongkai-cells');
    expect(cellsAttr).toBe(['new_received', 'carried_over', 'results_total', 'carried_forward'].map((r) => `applications.${r}.total`).join(' '));

    const marks = await page.evaluate(() => [...document.querySelectorAll('[data-gongkai-cell]')].map((e) => [e.getAttribute('data-gongkai-cell'), e.getAttribute('data-gongkai-status'), e.textContent!.trim(), e.tagName]));
    expect(marks.length).toBeGreaterThan(150);
    expect(marks.filter((m) => m[1] !== 'ok')).toEqual([]);
    expect(marks.every((m) => m[3] === 'TD')).toBe(true);
    // each mark stands on the page cell that holds the value
    const byPath = new Map(marks.map((m) => [m[0], m[2]]));
    expect(byPath.get('applications.new_received.total')).toBe('12');
    expect(byPath.get('applications.unable_not_held.commercial_enterprise')).toBe('1');
    expect(byPath.get('review_litigation.review.upheld')).toBe('1');
    // one stylesheet for the marks
    expect(await page.locator('style[data-gongkai-style]').count()).toBe(1);
    await page.close();
  });

  it('marks the cells of a broken balance rule as fail, and a click on the check flashes them', async () => {
    const url = serve('www.fail.gov.cn/t2.htm', reportPage({ entity: '失衡镇', values: unbalancedValues() }));
    const page = await open(url);
    await page.locator(PANEL).waitFor();
    const failed = await page.evaluate(() => [...document.querySelectorAll('[data-gongkai-status="fail"]')].map((e) => e.getAttribute('data-gongkai-cell')).sort());
    const expected = ['natural_person', 'total'].flatMap((c) => ['new_received', 'carried_over', 'results_total', 'carried_forward'].map((r) => `applications.${r}.${c}`)).sort();
    expect(failed).toEqual(expected);
    const panel = page.locator(PANEL);
    await expect(panel.locator('[data-field=summary]').textContent()).resolves.toBe('✗ 2 处对不上 · ✓ 40 项已核对');
    await expect(page.locator('[data-gongkai-panel]').getAttribute('data-gongkai-verdict')).resolves.toBe('fail');
    const check = panel.locator('button[data-check="applications.balance:natural_person"]');
    await expect(check.locator('.text').textContent()).resolves.toBe('自然人：新收 10 + 上年结转 1 = 11，办结 11 + 结转下年度 1 = 12，相差 1（本年新收加上年结转应等于办理结果总计加结转下年度）');
    // the tables are one click away
    await panel.locator('[data-field=tables] > summary').click();
    expect(await panel.locator('td.fail').count()).toBe(8);
    await check.click();
    await page.waitForFunction(() => document.querySelectorAll('[data-gongkai-flash]').length === 4);
    const flashed = await page.evaluate(() => [...document.querySelectorAll('[data-gongkai-flash]')].map((e) => e.getAttribute('data-gongkai-cell')).sort());
    expect(flashed).toEqual(expected.filter((p) => p.endsWith('natural_person')));
    await page.close();
  });

  it('reads a one-cell-per-line page and marks its text with highlights, leaving the text alone', async () => {
    const html = reportPage({ entity: '逐行镇', layout: 'lines' });
    const url = serve('www.lines.gov.cn/t3.htm', html);
    const page = await open(url);
    await page.locator(PANEL).waitFor();
    const panel = page.locator(PANEL);
    await expect(panel.locator('[data-field=layout]').textContent()).resolves.toBe('每格一行');
    // the tables are one click away
    await panel.locator('[data-field=tables] > summary').click();
    await expect(panel.locator('td[data-cell="applications.granted.natural_person"]').textContent()).resolves.toBe('5');
    const state = await page.evaluate(() => {
      const hl = (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights;
      const ok = hl.get('gongkai-ok');
      const texts = ok ? [...ok].map((r) => r.toString()) : [];
      return { ok: ok?.size ?? 0, fail: hl.get('gongkai-fail')?.size ?? 0, texts, attrs: document.querySelectorAll('[data-gongkai-cell]').length, ps: document.querySelectorAll('.TRS_Editor p').length };
    });
    expect(state.ok).toBeGreaterThan(150);
    expect(state.fail).toBe(0);
    expect(state.texts.every((t) => /^\d+(\.\d+)?$/.test(t))).toBe(true);
    expect(state.attrs).toBe(0);
    expect(state.ps).toBe((html.match(/<p>/g) ?? []).length);
    // a click on a check flashes its text ranges (a highlight of their own)
    // passing checks are folded: one click opens them
    await panel.locator('[data-field=checks-passed] > summary').click();
    await panel.locator('button[data-check="applications.balance:commercial_enterprise"]').click();
    await page.waitForFunction(() => ((CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get('gongkai-flash')?.size ?? 0) === 4);
    await page.close();
  });

  it('reads run-together digits: ≡ for rules used to split them, ? for undecided ones, ranges inside text nodes', async () => {
    const html = reportPage({ entity: '连写镇', layout: 'concatenated' });
    const node = parseReport(html, { url: 'http://www.run.gov.cn/t8.htm' });
    const decoded = node.checks.filter((c) => c.usedToDecode).length;
    const uncertain = node.checks.filter((c) => c.status === 'uncertain').length;
    expect(decoded).toBeGreaterThan(0);
    expect(uncertain).toBeGreaterThan(0);
    const url = serve('www.run.gov.cn/t8.htm', html);
    const page = await open(url);
    await page.locator(PANEL).waitFor();
    const panel = page.locator(PANEL);
    await expect(panel.locator('[data-field=layout]').textContent()).resolves.toBe('数字连写');
    // rules used to split the digits confirm nothing: the verdict is not green
    await expect(page.locator('[data-gongkai-panel]').getAttribute('data-gongkai-verdict')).resolves.toBe('unconfirmed');
    await expect(panel.locator('[data-field=verdict]').textContent()).resolves.toBe('? 未能全部确认');
    const decodedTexts = await panel.locator('button.check[data-kind=split]').allTextContents();
    expect(decodedTexts.filter((t) => t.includes('此规则已用来拆分连写的数字'))).toHaveLength(decoded);
    expect(await panel.locator('button.check[data-gongkai-status=uncertain]').count()).toBe(uncertain);
    expect(await panel.locator('button.check[data-gongkai-status=pass]:not([data-kind=split])').count()).toBe(0);
    // the split digits are marked where they stand inside the run, without touching the text
    const hl = await page.evaluate(() => {
      const reg = (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights;
      const texts = (name: string) => [...(reg.get(name) ?? [])].map((r) => r.toString());
      return { ok: texts('gongkai-ok'), ambiguous: texts('gongkai-ambiguous') };
    });
    const okCells = cellsToMark(node).filter((c) => c.status === 'ok');
    expect(hl.ok).toHaveLength(okCells.length);
    expect(hl.ok.every((t) => /^\d+$/.test(t))).toBe(true);
    expect(hl.ambiguous.length).toBe(cellsToMark(node).filter((c) => c.status === 'ambiguous').length);
    await page.close();
  });

  it('shows no panel on a gov.cn page that is not a report', async () => {
    const url = serve('www.home.gov.cn/index.htm', notReportPage());
    const page = await open(url);
    await expect.poll(() => readerDone(page), { timeout: 10_000 }).toBe(true);
    expect(await page.locator('[data-gongkai-panel]').count()).toBe(0);
    expect(await page.locator('[data-gongkai-cell], style[data-gongkai-style]').count()).toBe(0);
    await page.close();
  });

  it('reads a report that the site\'s own script inserts after the page has loaded', async () => {
    const url = serve('www.late.gov.cn/detail.htm', lateReportPage('迟到镇'));
    const page = await open(url);
    await page.locator(PANEL).waitFor();
    await expect(page.locator(PANEL).locator('[data-field=entity]').textContent()).resolves.toBe('迟到镇');
    expect(await page.locator('[data-gongkai-status="ok"]').count()).toBeGreaterThan(150);
    await expect(page.locator('[data-gongkai-cell="applications.new_received.total"]').textContent()).resolves.toBe('12');
    await page.close();
  });

  it('reads a page outside gov.cn only when the toolbar action grants it (activeTab)', async () => {
    const url = serve('mirror.example/archive/t4.htm', reportPage({ entity: '镜像镇' }));
    const page = await open(url);
    await page.bringToFront();
    const inject = () => b.sw.evaluate(async () => {
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      try {
        await (globalThis as unknown as { gongkai: { injectReader(id: number): Promise<void> } }).gongkai.injectReader(tab.id!);
        return 'ok';
      } catch (e) {
        return `error: ${(e as Error).message}`;
      }
    });
    // no broad host permission: before the user's click, the extension cannot touch the page
    expect(await inject()).toMatch(/^error: .*(permission|access)/i);
    expect(await page.locator('[data-gongkai-panel]').count()).toBe(0);
    // the toolbar click, as the browser performs it (CDP Extensions.triggerAction on the tab target)
    const cdp = await b.context.browser()!.newBrowserCDPSession();
    const { targetInfos } = (await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] } as never)) as { targetInfos: { targetId: string; url: string }[] };
    const tab = targetInfos.find((t) => t.url === url);
    expect(tab).toBeDefined();
    await cdp.send('Extensions.triggerAction' as never, { id: b.extId, targetId: tab!.targetId } as never);
    await cdp.detach();
    // the popup's "read this page" button runs this same function in the worker
    // the grant and the active tab settle asynchronously after the click: ask until they have
    await expect.poll(inject, { timeout: 10_000, interval: 250 }).toBe('ok');
    await page.locator(PANEL).waitFor();
    await expect(page.locator(PANEL).locator('[data-field=entity]').textContent()).resolves.toBe('镜像镇');
    await page.close();

    // asked about a page that is not a report, the panel says so (an automatic run would stay silent)
    const other = serve('mirror.example/index.htm', notReportPage());
    const page2 = await open(other);
    await page2.bringToFront();
    const cdp2 = await b.context.browser()!.newBrowserCDPSession();
    const tabs2 = (await cdp2.send('Target.getTargets', { filter: [{ type: 'tab' }] } as never)) as { targetInfos: { targetId: string; url: string }[] };
    await cdp2.send('Extensions.triggerAction' as never, { id: b.extId, targetId: tabs2.targetInfos.find((t) => t.url === other)!.targetId } as never);
    await cdp2.detach();
    // the grant and the active tab settle asynchronously after the click: ask until they have
    await expect.poll(inject, { timeout: 10_000, interval: 250 }).toBe('ok');
    await page2.locator(PANEL).waitFor();
    await expect(page2.locator(PANEL).locator('[data-field=summary]').textContent()).resolves.toBe('此页面未找到政府信息公开年报的统计表。');
    expect(await page2.locator('[data-gongkai-cell]').count()).toBe(0);
    await page2.close();
  });

  it('exports the cells as the parser gives them, with provenance columns and the checks, in one CSV', async () => {
    const html = reportPage({ entity: '导出镇' });
    const url = serve('www.csv.gov.cn/t5.htm', html);
    const page = await open(url);
    await page.locator(PANEL).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(PANEL).locator('button[data-action=export-csv]').click()]);
    expect(download.suggestedFilename()).toBe('gongkai-导出镇-2023.csv');
    const text = readFileSync((await download.path())!, 'utf8');
    // the cells as `gongkai export` gives them, with provenance columns, then the checks
    expect(cellRows(text)).toEqual(cellRows(toLongCsv([parseReport(html, { url })])));
    const rows = Papa.parse<Record<string, string>>(text.replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true }).data;
    expect(rows.filter((r) => r.row_type === 'check')).toHaveLength(42);
    expect(rows.every((r) => r.source_url === url && r.title === '导出镇2023年政府信息公开工作年度报告' && r.published_at === '2024-01-20' && /^\d{4}-\d\d-\d\dT/.test(r.accessed_at))).toBe(true);
    const [json] = await Promise.all([page.waitForEvent('download'), page.locator(PANEL).locator('button[data-action=export-json]').click()]);
    const rec = JSON.parse(readFileSync((await json.path())!, 'utf8'));
    expect(rec.entity).toBe('导出镇');
    expect(rec.tables.applications.results_total.total.value).toBe(13);
    await page.close();
  });

  it('saves a report to the library and lists it in the popup after reload; delete removes it', async () => {
    const url = serve('www.save.gov.cn/t6.htm', reportPage({ entity: '保存镇', year: 2022 }));
    const page = await open(url);
    await page.locator(PANEL).waitFor();
    await page.locator(PANEL).locator('button[data-action=save]').click();
    await expect.poll(() => page.locator(PANEL).locator('[data-field=save-status]').textContent()).toBe('已保存');
    // the panel's library button opens the library in a tab
    const [popup] = await Promise.all([b.context.waitForEvent('page'), page.locator(PANEL).locator('button[data-action=library]').click()]);
    await popup.waitForLoadState();
    expect(popup.url()).toBe(`chrome-extension://${b.extId}/popup.html?view=tab`);
    expect(await popup.locator('#read').isHidden()).toBe(true);
    await page.close();
    await popup.reload();
    const item = popup.locator(`section[data-entity="保存镇"] li[data-url="${url}"]`);
    await item.waitFor();
    await expect(popup.locator('section[data-entity="保存镇"] h3').first().textContent()).resolves.toBe('2022');
    await expect(item.locator('.t').textContent()).resolves.toBe('保存镇2022年政府信息公开工作年度报告');
    const [csv] = await Promise.all([popup.waitForEvent('download'), popup.locator('#export').click()]);
    expect(readFileSync((await csv.path())!, 'utf8')).toContain(`${url},保存镇,2022,2021,applications,new_received`);
    await item.locator('button[data-action=delete]').click();
    await popup.reload();
    await popup.locator('#status').filter({ hasText: /./ }).or(popup.locator('section')).first().waitFor();
    expect(await popup.locator(`li[data-url="${url}"]`).count()).toBe(0);
    await popup.close();
  });

  it('shows markup-like page text literally, and runs no script from it', async () => {
    const url = serve('www.xss.gov.cn/t7.htm', reportPage({ entity: `${XSS}镇` }));
    const page = await open(url);
    const dialogs: string[] = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await page.locator(PANEL).waitFor();
    const panel = page.locator(PANEL);
    await expect(panel.locator('[data-field=title]').textContent()).resolves.toContain(XSS);
    expect(await panel.locator('img').count()).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('reads the real sample pages from the live DOM exactly as the parser reads their HTML in Node', async (ctx) => {
    const dir = dirname(REAL);
    if (!existsSync(dir)) {
      ctx.skip(`no real sample pages at ${dir}`);
      return;
    }
    const files = readdirSync(dir).filter((f) => f.endsWith('.html'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const html = readFileSync(join(dir, f), 'utf8');
      const url = serve(`www.real.gov.cn/${f}`, html);
      const node = parseReport(html, { url });
      const page = await open(url);
      await page.locator(PANEL).waitFor();
      // every cell with a location resolved on the page (the panel says when some do not)
      expect(await page.locator(PANEL).locator('.status').filter({ hasText: /无法在页面上定位/ }).count(), f).toBe(0);
      const [dl] = await Promise.all([page.waitForEvent('download'), page.locator(PANEL).locator('button[data-action=export-csv]').click()]);
      expect(cellRows(readFileSync((await dl.path())!, 'utf8')), f).toEqual(cellRows(toLongCsv([node])));
      // a soft finding (prose against the table) marks no cell
      const failCells = new Set(node.checks.filter((c) => c.status === 'fail' && !isSoftCheck(c)).flatMap((c) => c.cells));
      const marked = await page.evaluate(() => [...document.querySelectorAll('[data-gongkai-status="fail"]')].map((e) => e.getAttribute('data-gongkai-cell')));
      expect(new Set(marked), f).toEqual(failCells);
      await page.close();
    }
  });

  it('reads a real sample page and shows the panel (screenshot)', async (ctx) => {
    if (!existsSync(REAL)) {
      ctx.skip(`no real sample page at ${REAL}`);
      return;
    }
    const url = serve('www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202403/t20240308_87885.htm', readFileSync(REAL, 'utf8'));
    const page = await open(url);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.locator(PANEL).waitFor();
    const panel = page.locator(PANEL);
    await expect(panel.locator('[data-field=entity]').textContent()).resolves.toBe('平潭综合实验区');
    // the tables are one click away
    await panel.locator('[data-field=tables] > summary').click();
    await expect(panel.locator('td[data-cell="applications.new_received.total"]').textContent()).resolves.toBe('81');
    expect(await page.locator('[data-gongkai-cell]').count()).toBeGreaterThan(150);
    const out = process.env.GONGKAI_PANEL_PNG ?? join(ROOT, 'test-results/panel.png');
    mkdirSync(dirname(out), { recursive: true });
    // the page's marked table beside the panel
    await page.locator('[data-gongkai-cell="applications.new_received.natural_person"]').scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -120));
    await page.screenshot({ path: out });
    await page.close();
  });
});

describe.skipIf(!chromiumFound)('extension in an English-language Chromium', () => {
  let server: PageServer;
  let b: ExtBrowser;
  beforeAll(async () => {
    const ext = await ensureExtensionBuilt();
    server = await startServer();
    b = await launchWithExtension(ext, server.port, { locale: 'en-US' });
  }, 240_000);
  afterAll(async () => {
    await b?.close();
    await server?.close();
  });

  it('speaks English, and the panel works from the keyboard', async () => {
    server.pages.set('www.en.gov.cn/r.htm', reportPage({ entity: '英文镇', values: unbalancedValues() }));
    const page = await b.context.newPage();
    await page.goto('http://www.en.gov.cn/r.htm');
    const panel = page.locator(PANEL);
    await panel.waitFor();
    await expect(panel.locator('[data-field=format]').textContent()).resolves.toBe('2021 template');
    await expect(panel.locator('[data-field=summary]').textContent()).resolves.toBe("✗ 2 don't add up · ✓ 40 checked");
    // the tables are one click away
    await panel.locator('[data-field=tables] > summary').click();
    await expect(panel.locator('th.row', { hasText: 'I. New applications received this year' }).count()).resolves.toBe(1);
    await expect(panel.locator('button[data-check="applications.balance:natural_person"]').textContent()).resolves.toContain('Natural persons');
    // keyboard: focus the first check that fails and press Enter → its cells flash; the collapse button collapses
    await panel.locator('button[data-check="applications.balance:total"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-gongkai-flash]').length === 4);
    const collapse = panel.locator('button[data-action=collapse]');
    await collapse.focus();
    await page.keyboard.press('Enter');
    await expect(collapse.getAttribute('aria-expanded')).resolves.toBe('false');
    expect(await panel.locator('#gk-body').isVisible()).toBe(false);
    await page.keyboard.press('Space');
    await expect(collapse.getAttribute('aria-expanded')).resolves.toBe('true');
    await page.close();
  });
});

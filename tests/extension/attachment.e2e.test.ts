/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * A report published as a file, in real Chromium with the built extension: a *.gov.cn page that
 * links its report as a PDF (printed by Chromium from our own report page, as an author's "save
 * as PDF") offers 读取附件; the offscreen reading page fetches and parses it with the bundled
 * PDF.js, and the panel shows the file's verdict with the file's URL in its provenance. The file
 * page reads a PDF open in a tab. PDF.js never reaches the content script.
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ensureExtensionBuilt } from '../../sites/extension-build.js';
import { findChromium, launchWithExtension, startServer, type ExtBrowser, type PageServer } from '../../sites/extension-browser.js';
import { attachmentPage, changedCellValues, reportPage } from '../../sites/extension-pages.js';
import { printPdf } from '../pdf/print.js';

const chromiumFound = findChromium();
if (!chromiumFound) console.warn('extension attachment e2e skipped: no Chromium');
const HOST = '[data-gongkai-panel]';
const PANEL = `${HOST} section.gk`;
const SHOTS = process.env.GONGKAI_SHOTS ?? '/tmp/shots-i11b';

describe.skipIf(!chromiumFound)('a report published as a file', () => {
  let server: PageServer;
  let b: ExtBrowser;
  let ext: string;
  /** the failing report (（一）予以公开 8 instead of 5) and a passing one, printed to PDF */
  const pdfs = {} as { fail: Uint8Array; pass: Uint8Array };

  const print = (html: string) => printPdf(b.context, html);
  const serveFile = (hostPath: string, body: Uint8Array) => server.files.set(hostPath, { body, contentType: 'application/pdf' });

  async function openAt(hostPath: string, html: string): Promise<Page> {
    server.pages.set(hostPath, html);
    const page = await b.context.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`http://${hostPath}`);
    await page.locator(PANEL).waitFor();
    return page;
  }

  beforeAll(async () => {
    ext = await ensureExtensionBuilt();
    server = await startServer();
    b = await launchWithExtension(ext, server.port, { locale: 'zh-CN' });
    pdfs.fail = await print(reportPage({ entity: '附件镇', values: changedCellValues() }));
    pdfs.pass = await print(reportPage({ entity: '附件镇' }));
    mkdirSync(SHOTS, { recursive: true });
  }, 240_000);
  afterAll(async () => {
    await b?.close();
    await server?.close();
  });

  it('keeps PDF.js out of the content script, which stays under 250 KB', () => {
    const content = join(ext, 'content-scripts/content.js');
    expect(statSync(content).size).toBeLessThan(250 * 1024);
    const code = readFileSync(content, 'utf8');
    expect(code).not.toMatch(/GlobalWorkerOptions|pdf\.worker|getTextContent/);
    // the worker and the CMaps ship inside the extension
    expect(statSync(join(ext, 'pdfjs/pdf.worker.min.mjs')).size).toBeGreaterThan(100_000);
    expect(statSync(join(ext, 'pdfjs/cmaps/UniGB-UCS2-H.bcmap')).size).toBeGreaterThan(0);
  });

  it('a page titled as the report that only links its PDF (on the site\'s file server): 读取附件 gives the file\'s verdict', async () => {
    const file = 'file.att1.gov.cn/upload/2024/01/report.pdf';
    serveFile(file, pdfs.fail);
    const page = await openAt('www.att1.gov.cn/art/2024/1/20/art_1.html', attachmentPage({ entity: '附件镇', href: `http://${file}` }));
    await expect(page.locator(`${PANEL} [data-field=summary]`).textContent()).resolves.toBe('此页面没有统计表，报告在附件中。');
    const button = page.locator(`${PANEL} button[data-action=read-attachment]`);
    await expect(button.textContent()).resolves.toBe('读取附件：附件镇2023年政府信息公开工作年度报告.pdf');
    expect(server.log).not.toContain(file); // nothing is fetched before it is asked for
    await button.click();
    await expect.poll(() => page.locator(HOST).getAttribute('data-gongkai-verdict'), { timeout: 30_000 }).toBe('fail');
    // the file's findings, as the HTML page's own: 8 printed where the row adds up to 5
    await expect(page.locator(`${PANEL} [data-field=findings] button[data-gongkai-status=fail] .text`).allTextContents()).resolves.toEqual([
      '（一）予以公开：六类申请人相加为 9，“总计”栏为 6，相差 3（每行各栏之和应等于总计）',
      '自然人：各项办理结果相加为 14，“（七）总计”为 11，相差 3（各项办理结果之和应等于总计）',
    ]);
    await expect(page.locator(`${PANEL} [data-field=title]`).textContent()).resolves.toBe('附件镇2023年政府信息公开工作年度报告');
    await expect(page.locator(`${PANEL} [data-field=from-file] a`).getAttribute('href')).resolves.toBe(`http://${file}`);
    // the citation names the page and the file
    await page.locator(`${PANEL} button[data-action=cite]`).click();
    const cite = await page.locator(`${PANEL} [data-field=citation]`).inputValue();
    expect(cite).toContain('网址：http://www.att1.gov.cn/art/2024/1/20/art_1.html');
    expect(cite).toContain(`附件网址：http://${file}`);
    await page.locator(`${PANEL} [data-field=tables] summary`).click();
    await page.screenshot({ path: join(SHOTS, 'attachment-read-fail.png') });
    // the file came once, from the extension (not the page)
    expect(server.log.filter((l) => l === file)).toHaveLength(1);
    await page.close();
  }, 120_000);

  it('a report page with tables and its PDF: the file is offered beside the page\'s own reading', async () => {
    const file = 'www.att2.gov.cn/u/r.pdf';
    serveFile(file, pdfs.pass);
    const html = reportPage({ entity: '附件镇' }).replace('<div class="footer">', '<p>附件：<a href="/u/r.pdf">附件镇2023年度报告.pdf</a></p><div class="footer">');
    const page = await openAt('www.att2.gov.cn/t.htm', html);
    await expect.poll(() => page.locator(HOST).getAttribute('data-gongkai-verdict')).toBe('pass');
    await page.locator(`${PANEL} button[data-action=read-attachment]`).click();
    await expect.poll(() => page.locator(`${PANEL} [data-field=from-file]`).count(), { timeout: 30_000 }).toBe(1);
    await expect(page.locator(HOST).getAttribute('data-gongkai-verdict')).resolves.toBe('pass');
    await page.close();
  }, 120_000);

  it('offers no file of another site, and says why a file could not be read', async () => {
    const other = await openAt('www.att3.gov.cn/a.htm', attachmentPage({ href: 'http://www.elsewhere.gov.cn/r.pdf' }).replace('</div><div class="footer">', '<p>附件：<a href="/missing.pdf">年度报告.pdf</a></p></div><div class="footer">'));
    const buttons = other.locator(`${PANEL} button[data-action=read-attachment]`);
    await expect(buttons.evaluateAll((els) => els.map((e) => e.getAttribute('data-url')))).resolves.toEqual(['http://www.att3.gov.cn/missing.pdf']);
    await buttons.click();
    await expect.poll(() => other.locator(`${PANEL} [data-field=attachment-status]`).textContent(), { timeout: 30_000 }).toBe('未能读取附件（HTTP 404）');
    expect(server.log).not.toContain('www.elsewhere.gov.cn/r.pdf');
    await other.close();
  }, 120_000);

  it('the file page reads a PDF open in a tab (the popup\'s path for the browser\'s PDF viewer)', async () => {
    const file = 'www.att4.gov.cn/files/report.pdf';
    serveFile(file, pdfs.fail);
    const page = await b.context.newPage();
    await page.goto(`chrome-extension://${b.extId}/file.html?url=${encodeURIComponent(`http://${file}`)}`);
    await expect.poll(() => page.locator('body').getAttribute('data-gongkai-verdict'), { timeout: 30_000 }).toBe('fail');
    await expect(page.locator('#panel section.gk [data-field=title]').textContent()).resolves.toBe('附件镇2023年政府信息公开工作年度报告');
    await page.screenshot({ path: join(SHOTS, 'file-page-fail.png') });
    await page.close();
  }, 120_000);
});

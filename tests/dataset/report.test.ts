/**
 * gongkai series and gongkai report over a real store (SQLite, pages stored as a crawl stores
 * them): a body with a missing year, a broken carry-over, prose that disagrees with its table, a
 * copy at another URL, and a body whose title gains its parent city. The report is opened in
 * real Chromium from a file: it draws its charts with no console error and loads nothing from
 * any network.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateSeries } from '../../scraper/store/series.js';
import { SqliteStore as Store } from '../../scraper/store/sqlite.js';
import { makeSeries, reportPage, type ReportData } from '../../sites/pages.js';
import { chromiumPath } from '../crawl/helpers/chromium.js';
import { storePage } from '../store/helpers/fill.js';

const nav = { prev: null, next: null };
interface Finding { id: string; scope: string; status: string; left: number | null; right: number | null; sentence: string }
const gongkai = (args: string[]) => execFileSync(process.execPath, ['bin/gongkai.js', ...args], { encoding: 'utf8', cwd: new URL('../..', import.meta.url).pathname });

async function fill(store: Store): Promise<void> {
  const qing = makeSeries('青岚镇', [2019, 2020, 2021, 2023].map((year) => ({ year, format: year <= 2020 ? '2019' as const : '2021' as const, layout: 'table' as const })));
  let pages2021: string | undefined;
  for (const d of qing) {
    let html = reportPage(d, nav);
    if (d.year === 2021) {
      // the prose says 5 more than its table
      const total = d.applications.new_received.reduce((a, b) => a + b, 0);
      html = html.replace(`共收到政府信息公开申请${total}件`, `共收到政府信息公开申请${total + 5}件`);
      pages2021 = html;
    }
    await storePage(store, `http://a.gov.cn/nb/${d.year}.htm`, html);
  }
  // the 2021 page again at another path, byte for byte
  await storePage(store, 'http://a.gov.cn/zt/copy-2021.htm', pages2021!);
  const hong = makeSeries('洪泽区人民政府', [2022, 2023].map((year) => ({ year, format: '2021' as const, layout: 'lines' as const })));
  const broken: ReportData = structuredClone(hong[1]);
  broken.applications.carried_over = broken.applications.carried_over.map((v, i) => (i === 0 ? v + 4 : v));
  broken.applications.granted = broken.applications.granted.map((v, i) => (i === 0 ? v + 4 : v));
  broken.applications.results_total = broken.applications.results_total.map((v, i) => (i === 0 ? v + 4 : v));
  await storePage(store, 'http://b.gov.cn/2022.htm', reportPage({ ...hong[0], entity: '淮安市洪泽区人民政府' }, nav));
  await storePage(store, 'http://b.gov.cn/2023.htm', reportPage(broken, nav));
  await updateSeries(store);
}

describe('series and report', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-report-'));
    db = join(dir, 'r.db');
    const store = new Store(db);
    try {
      await fill(store);
    } finally {
      await store.close();
    }
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('series: years with the gap, figures, verdicts, the broken carry-over and the prose finding', () => {
    const json = gongkai(['series', '--db', db, '--json']).trim().split('\n').map((l) => JSON.parse(l));
    expect(json.map((b) => b.body)).toEqual(['淮安市洪泽区', '青岚镇']);
    const [hong, qing] = json;
    expect(qing.years.map((y: { year: number }) => y.year)).toEqual([2019, 2020, 2021, 2023]);
    expect(qing.gaps).toEqual([2022]);
    const q2021 = qing.years[2];
    expect(q2021.duplicateUrls).toEqual(['http://a.gov.cn/zt/copy-2021.htm']);
    expect(q2021.verdict).toBe('pass');
    expect(q2021.findings.some((f: Finding) => f.id === 'narrative.new_received' && f.sentence.startsWith('文字与表格不一致') && f.sentence.includes(`共收到政府信息公开申请${q2021.figures.new_received + 5}件`))).toBe(true);
    expect(hong.years.map((y: { verdict: string }) => y.verdict)).toEqual(['pass', 'fail']);
    // natural_person and total: machine-readable fields, and the sentence with both years' numbers and the rule
    const carry = hong.years[1].findings.filter((f: Finding) => f.id === 'series.carry' && f.status === 'fail');
    expect(carry.map((f: Finding) => f.scope).sort()).toEqual(['natural_person', 'total']);
    for (const f of carry) {
      expect(f.sentence).toBe(`${f.scope === 'total' ? '总计' : '自然人'}：2023年“上年结转”为 ${f.left}，2022年“结转下年度继续办理”为 ${f.right}，相差 4（今年的上年结转应等于去年的结转下年度继续办理）`);
    }
    const text = gongkai(['series', '--db', db, '--body', '洪泽区']);
    expect(text).toContain('淮安市洪泽区');
    expect(text).not.toContain('青岚镇');
    expect(text).toMatch(/2023\s+✗/);
    // each finding a sentence, no check id; --lang en says it in English
    expect(text).toContain(`    ✗ ${carry[0].sentence}\n`);
    expect(text).not.toMatch(/series\.carry|row_total|\[natural_person\]/);
    const en = gongkai(['series', '--db', db, '--body', '洪泽区', '--lang', 'en']);
    expect(en).toMatch(/✗ (Total|Natural persons?): 2023 "carried over" is \d+, 2022 "carried forward" was \d+, a difference of 4 \(this year's carried over should equal last year's carried forward\)/);
    expect(() => gongkai(['series', '--db', db, '--lang', 'fr'])).toThrow(/--lang must be zh or en/);
  });

  const hasChromium = chromiumPath() !== null;
  it.skipIf(!hasChromium)('report: one file that opens in Chromium, draws its charts, logs no error and asks no network', async () => {
    const out = join(dir, 'report.html');
    gongkai(['report', '--db', db, '--out', out]);
    const html = readFileSync(out, 'utf8');
    // nothing loaded from elsewhere: no src/href on script, link or img
    expect(html).not.toMatch(/<(script|img)\b[^>]*\bsrc=/i);
    expect(html).not.toMatch(/<link\b/i);
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath: chromiumPath()!, args: ['--no-sandbox'] });
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
      await page.goto(`file://${out}`);
      await page.waitForSelector('.uplot canvas');
      const found = await page.evaluate(() => {
        const srcs = [...document.querySelectorAll('script[src],link[href],img[src]')].map((e) => e.getAttribute('src') ?? e.getAttribute('href'));
        const canvases = [...document.querySelectorAll<HTMLCanvasElement>('.uplot canvas')];
        // a drawn chart has pixels that are not blank
        const drawn = canvases.filter((c) => {
          const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true;
          return false;
        }).length;
        return { srcs, charts: canvases.length, drawn, bodies: document.querySelectorAll('section[id^=b]').length, overviewRows: document.querySelectorAll('#overview + table tbody tr').length };
      });
      expect(found.srcs).toEqual([]);
      expect(found.bodies).toBe(2);
      expect(found.overviewRows).toBe(2);
      expect(found.charts).toBe(4); // per body: the counts and the 予以公开 share
      expect(found.drawn).toBe(4);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      // GONGKAI_SHOTS=dir keeps a picture of the page for a person to look at
      if (process.env.GONGKAI_SHOTS) await page.screenshot({ path: join(process.env.GONGKAI_SHOTS, 'report.png'), fullPage: true });
      const text = await page.textContent('body');
      expect(text).toContain('文字与表格不一致');
      expect(text).toContain('缺少年度');
      expect(await page.getAttribute('section#b1 a[href^="http://a.gov.cn/nb/2021.htm"]', 'href')).toBe('http://a.gov.cn/nb/2021.htm');
    } finally {
      await browser?.close();
    }
  }, 60_000);

  it('report --lang en speaks English and refuses a missing --out', () => {
    const out = join(dir, 'en.html');
    gongkai(['report', '--db', db, '--out', out, '--lang', 'en']);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Missing years');
    expect(html).toContain('Prose and table differ');
    expect(() => gongkai(['report', '--db', db])).toThrow(/--out/);
  });
});

/**
 * Which links of a page are its report files (附件), and which pages' files are worth reading:
 * the rule the crawler and the extension share (parser/meta/attachments.ts).
 */
import { describe, expect, it } from 'vitest';
import { agreeChecks, pageModel, parsePage, parseReport, reportAttachments, registrableDomain, sentence, wantsAttachment, type Cell, type ReportRecord } from '../parser/index.js';
import { reportPage } from '../sites/extension-pages.js';

const PAGE = 'http://www.x.gov.cn/art/2024/1/20/art_1_1.html';
const page = (title: string, body: string) => `<html><head><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
const files = (html: string, url = PAGE) => reportAttachments(pageModel(html).doc, url).map((a) => [a.url, a.kind]);

describe('report attachments of a page', () => {
  const T = 'X区2023年政府信息公开工作年度报告';
  it.each([
    ['附件 label before the link', page(T, '<p>附件：<a href="/upload/2024/r.pdf">X区2023年政府信息公开工作年度报告.pdf</a></p>'), [['http://www.x.gov.cn/upload/2024/r.pdf', 'pdf']]],
    ['file server of the same site', page(T, '<p>附件：<a href="http://file.x.gov.cn/u/r.docx">年度报告</a></p>'), [['http://file.x.gov.cn/u/r.docx', 'docx']]],
    ['extension only in the text (a download script)', page(T, '<p><a href="/module/download/downfile.jsp?id=77">附件：2023年年报.doc</a></p>'), [['http://www.x.gov.cn/module/download/downfile.jsp?id=77', 'doc']]],
    ['extension in the query', page(T, '<p><a href="/down?file=%E5%B9%B4%E6%8A%A5.pdf">下载年报</a></p>'), [['http://www.x.gov.cn/down?file=%E5%B9%B4%E6%8A%A5.pdf', 'pdf']]],
    ['another site\'s file is not offered', page(T, '<p>附件：<a href="http://www.y.gov.cn/r.pdf">年度报告.pdf</a></p>'), []],
    ['a look-alike host is another site', page(T, '<p>附件：<a href="http://x.gov.cn.example.com/r.pdf">年度报告.pdf</a></p>'), []],
    ['an unnamed single file on a page titled as a report', page(T, '<p><a href="/u/123.pdf">点击查看</a></p>'), [['http://www.x.gov.cn/u/123.pdf', 'pdf']]],
    ['an unnamed file among several is not guessed', page(T, '<p><a href="/u/1.pdf">查看</a><a href="/u/2.pdf">查看</a></p>'), []],
    ['an unnamed file on a page not titled as a report', page('通知', '<p><a href="/u/123.pdf">点击查看</a></p>'), []],
    ['the report ranks before other attachments', page(T, '<p>附件：<a href="/u/a.pdf">政策解读.pdf</a> <a href="/u/b.pdf">2023年度报告.pdf</a></p>'), [['http://www.x.gov.cn/u/b.pdf', 'pdf'], ['http://www.x.gov.cn/u/a.pdf', 'pdf']]],
    // the cheap look before any URL is parsed (mayNameFile) must not lose these
    ['an extension split by a newline in the href (the URL parser drops it)', page(T, '<p>附件：<a href="/u/r.p\ndf">年度报告</a></p>'), [['http://www.x.gov.cn/u/r.pdf', 'pdf']]],
    ['an extension percent-encoded in the query', page(T, '<p><a href="/down?file=r%2Epdf">下载年报</a></p>'), [['http://www.x.gov.cn/down?file=r%2Epdf', 'pdf']]],
    ['a link with no path of its own takes the <base>\'s file name', `<html><head><title>${T}</title><base href="/u/report.pdf"></head><body><p>附件：<a href="?v=2">年度报告</a></p></body></html>`, [['http://www.x.gov.cn/u/report.pdf?v=2', 'pdf']]],
    ['pages and scripts are not files', page(T, '<p>附件：<a href="/art/r.html">年度报告</a><a href="javascript:void(0)">年报.pdf</a></p>'), []],
  ])('%s', (_name, html, want) => {
    expect(files(html)).toEqual(want);
  });

  it('takes registrable domains under gov.cn and friends', () => {
    expect([registrableDomain('www.x.gov.cn'), registrableDomain('file.x.gov.cn'), registrableDomain('x.gov.cn'), registrableDomain('www.gov.cn'), registrableDomain('a.b.example'), registrableDomain('127.0.0.1')])
      .toEqual(['x.gov.cn', 'x.gov.cn', 'x.gov.cn', 'www.gov.cn', 'b.example', '127.0.0.1']);
  });

  it('wants the file of a report page, or of a page titled as a report without tables; not of other pages', () => {
    const wants = (html: string) => {
      const p = pageModel(html);
      return wantsAttachment(parsePage(p, { url: PAGE }), p.doc);
    };
    expect(wants(reportPage())).toBe(true);
    expect(wants(page('X区2023年政府信息公开工作年度报告', '<p>附件：<a href="/r.pdf">年报.pdf</a></p>'))).toBe(true);
    expect(wants(page('关于印发某某方案的通知', '<p>附件：<a href="/r.pdf">方案.pdf</a></p>'))).toBe(false);
  });
});

describe('source.agree: a page\'s tables against its file\'s', () => {
  const read = (html: string) => parseReport(html, { url: PAGE });
  const base = read(reportPage());
  const withCell = (rec: ReportRecord, path: string, cell: Partial<Cell>): ReportRecord => {
    const copy = structuredClone(rec);
    const [t, row, col] = path.split('.');
    Object.assign((copy.tables as Record<string, Record<string, Record<string, Cell>>>)[t][row][col], cell);
    return copy;
  };
  const P = 'applications.granted.natural_person';

  it('passes each table when every cell agrees', () => {
    const checks = agreeChecks(base, structuredClone(base));
    expect(checks.map((c) => [c.scope, c.status])).toEqual([['active', 'pass'], ['applications', 'pass'], ['review_litigation', 'pass']]);
    expect(sentence({ rec: base, lang: 'zh' }, checks[1])).toMatch(/^收到和处理政府信息公开申请情况：\d+ 个单元格网页与附件相同，一致（网页上的表格与附件中的表格应一致）$/);
  });

  it.each([
    ['two numbers read as printed differ: fail, naming the cell', { value: 8, raw: '8' }, 'fail', '自然人·（一）予以公开：网页为 5，附件为 8，相差 3（网页上的表格与附件中的表格应一致）'],
    ['a number against an ambiguous reading: uncertain', { value: null, status: 'ambiguous', candidates: [5, 8] }, 'uncertain', null],
    ['a number against a blank (a column a PDF may lose): uncertain', { value: null, raw: null, status: 'blank' }, 'uncertain', null],
    ['a number split out of a run: uncertain', { value: 8, split: true }, 'uncertain', null],
  ] as const)('%s', (_name, cell, status, words) => {
    const checks = agreeChecks(base, withCell(base, P, cell as Partial<Cell>));
    const bad = checks.filter((c) => c.status !== 'pass');
    expect(bad.map((c) => [c.scope, c.status, c.cells])).toEqual([[P, status, [P]]]);
    expect(checks.find((c) => c.scope === 'applications')).toBeUndefined(); // that table has no pass
    if (words) expect(sentence({ rec: base, lang: 'zh' }, bad[0])).toBe(words);
  });

  it('a blank and a 0 agree; other formats are not compared', () => {
    const zero = withCell(base, 'applications.denied_state_secret.natural_person', { value: null, raw: null, status: 'blank' });
    expect(agreeChecks(base, zero).every((c) => c.status === 'pass')).toBe(true);
    expect(agreeChecks(base, { ...base, format: 'unknown', tables: {} })).toEqual([]);
  });
});

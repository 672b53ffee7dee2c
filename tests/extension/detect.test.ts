import { describe, expect, it } from 'vitest';
import { fileOfTab, looksLikeReport } from '../../extension/lib/detect.js';
import { notReportPage } from '../../sites/extension-pages.js';

describe('pre-check', () => {
  it('passes reports and stops ordinary pages', () => {
    expect(looksLikeReport('某局2023年政府信息公开工作年度报告_年报', '')).toBe(true);
    expect(looksLikeReport('通知', '……政府信息 公开……一、本年新收政府信息公开申请数量')).toBe(true);
    expect(looksLikeReport('示例镇人民政府门户网站', notReportPage())).toBe(false);
    expect(looksLikeReport('年度报告', '企业年度报告公示')).toBe(false);
  });

  it('reads the page text only when the title does not say it', () => {
    let read = 0;
    const text = () => (read++, '……政府信息公开……本年新收');
    expect(looksLikeReport('某局2023年政府信息公开工作年度报告', text)).toBe(true);
    expect(read).toBe(0);
    expect(looksLikeReport('通知', text)).toBe(true);
    expect(read).toBe(1);
  });
});

describe('a report file open in a tab', () => {
  it.each([
    ['http://www.x.gov.cn/files/2023年报.pdf', true],
    ['https://file.x.gov.cn/u/R.PDF', true],
    ['http://www.x.gov.cn/files/r.docx', true],
    ['http://www.x.gov.cn/files/r.doc', true],
    ['http://www.x.gov.cn/art/report.htm', false],
    ['http://www.x.gov.cn/down.jsp?f=r.pdf', false], // a download script: its page, not a file view
    ['file:///home/u/r.pdf', false],
    ['chrome://newtab', false],
  ])('%s → %s', (url, isFile) => {
    expect(fileOfTab(url) !== null).toBe(isFile);
  });
});

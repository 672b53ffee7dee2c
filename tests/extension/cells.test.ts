import { describe, expect, it } from 'vitest';
import { parseReport } from '../../parser/index.js';
import { cellsToMark } from '../../extension/lib/cells.js';
import { looksLikeReport } from '../../extension/lib/detect.js';
import { exportName } from '../../extension/lib/download.js';
import { pickLang } from '../../extension/lib/i18n.js';
import { notReportPage, reportPage, unbalancedValues } from './pages.js';

describe('cells to mark', () => {
  it('marks every read cell ok when the checks pass', () => {
    const cells = cellsToMark(parseReport(reportPage(), { url: 'http://www.x.gov.cn/' }));
    expect(cells.length).toBeGreaterThan(150);
    expect(cells.every((c) => c.status === 'ok' && c.loc.kind === 'element')).toBe(true);
  });

  it('marks fail exactly the cells of failing checks', () => {
    const rec = parseReport(reportPage({ values: unbalancedValues() }), { url: 'http://www.x.gov.cn/' });
    const failing = new Set(rec.checks.filter((c) => c.status === 'fail').flatMap((c) => c.cells));
    expect(failing.size).toBe(8);
    const marked = cellsToMark(rec);
    expect(new Set(marked.filter((c) => c.status === 'fail').map((c) => c.path))).toEqual(failing);
  });

  it('marks ambiguous cells ambiguous and skips cells without a location', () => {
    const rec = parseReport(reportPage(), { url: 'http://www.x.gov.cn/' });
    const app = rec.tables.applications!;
    app.granted.natural_person = { ...app.granted.natural_person, status: 'ambiguous', value: null, candidates: [5, 50] };
    app.granted.total = { ...app.granted.total, loc: null };
    const marked = cellsToMark(rec);
    expect(marked.find((c) => c.path === 'applications.granted.natural_person')?.status).toBe('ambiguous');
    expect(marked.find((c) => c.path === 'applications.granted.total')).toBeUndefined();
  });

  it('gives text locations for a one-cell-per-line page', () => {
    const cells = cellsToMark(parseReport(reportPage({ layout: 'lines' }), { url: 'http://www.x.gov.cn/' }));
    expect(cells.length).toBeGreaterThan(150);
    expect(cells.every((c) => c.loc.kind === 'range')).toBe(true);
  });
});

describe('pre-check, names and language', () => {
  it('passes reports and stops ordinary pages', () => {
    expect(looksLikeReport('某局2023年政府信息公开工作年度报告_年报', '')).toBe(true);
    expect(looksLikeReport('通知', '……政府信息 公开……一、本年新收政府信息公开申请数量')).toBe(true);
    expect(looksLikeReport('示例镇人民政府门户网站', notReportPage())).toBe(false);
    expect(looksLikeReport('年度报告', '企业年度报告公示')).toBe(false);
  });

  it('names export files after body and year, without characters file systems refuse', () => {
    expect(exportName({ entity: '甲镇', year: 2023 }, 'csv')).toBe('gongkai-甲镇-2023.csv');
    expect(exportName({ entity: 'a/b:c*"d" e', year: null }, 'json')).toBe('gongkai-a_b_c_d_e.json');
    expect(exportName({ entity: null, year: null }, 'csv')).toBe('gongkai-report.csv');
  });

  it('speaks Chinese to Chinese browsers and English to the rest', () => {
    expect(pickLang(['zh-CN', 'en'])).toBe('zh');
    expect(pickLang(['zh-TW'])).toBe('zh');
    expect(pickLang(['en-US', 'zh-CN'])).toBe('en');
    expect(pickLang([], 'fr')).toBe('en');
    expect(pickLang(undefined, undefined)).toBe('zh');
  });
});

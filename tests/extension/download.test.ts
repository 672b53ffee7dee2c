import { describe, expect, it } from 'vitest';
import { parseReport, toLongCsv } from '../../parser/index.js';
import { exportName, recordCsv, recordJson } from '../../extension/lib/download.js';
import { reportPage } from '../../sites/extension-pages.js';

describe('exports', () => {
  it('names export files after body and year, without characters file systems refuse', () => {
    expect(exportName({ entity: '甲镇', year: 2023 }, 'csv')).toBe('gongkai-甲镇-2023.csv');
    expect(exportName({ entity: 'a/b:c*"d" e', year: null }, 'json')).toBe('gongkai-a_b_c_d_e.json');
    expect(exportName({ entity: null, year: null }, 'csv')).toBe('gongkai-report.csv');
  });

  it('gives the long CSV of the parser and the record as JSON', () => {
    const rec = parseReport(reportPage({ entity: '甲镇' }), { url: 'http://www.x.gov.cn/a.htm' });
    expect(recordCsv(rec)).toBe(toLongCsv([rec]));
    expect(JSON.parse(recordJson(rec))).toEqual(rec);
  });
});

/** Inputs no report page should be, and the corners of the splitter: the parser never throws. */
import { describe, expect, it } from 'vitest';
import { parseReport, RecordSchema, splitTokens } from '../parser/index.js';
import { decodeBytes } from '../scraper/fetch/decode.js';

const garbage: [string, string][] = [
  ['empty', ''],
  ['whitespace', ' \n\t\u3000\u00a0 '],
  ['binary-ish', String.fromCharCode(...Array.from({ length: 2000 }, (_, i) => (i * 7919) % 65536))],
  ['a news page', '<html><head><title>我区召开安全生产工作会议</title></head><body><p>11月3日，区政府召开会议……</p></body></html>'],
  ['unclosed tags', '<table><tr><td>一、本年新收政府信息公开申请数量<td>1<td>2<tr><td><p><span>'],
  ['deep nesting', '<div>'.repeat(5000) + '本年新收政府信息公开申请数量' + '</div>'.repeat(5000)],
  ['labels only', '一、本年新收政府信息公开申请数量二、上年结转政府信息公开申请数量三、本年度办理结果（一）予以公开'],
  ['script injection', '<script>throw new Error("x")</script><img src=x onerror=alert(1)>政府信息公开工作年度报告'],
  ['lone surrogates', '\ud800\udc00\ud800 2022年政府信息公开工作年度报告 \udfff'],
];

describe('garbage input', () => {
  it.each(garbage)('%s: a record, no throw', (_name, input) => {
    const rec = parseReport(input);
    expect(RecordSchema.safeParse(rec).success).toBe(true);
    expect(rec.issues.some((i) => i.code === 'INTERNAL_ERROR')).toBe(false);
    expect(rec.checks.filter((c) => c.status === 'fail')).toEqual([]);
  });
  it('a page with no report says so', () => {
    const rec = parseReport(garbage[3][1]);
    expect(rec.format).toBe('unknown');
    expect(rec.issues.map((i) => i.code)).toContain('NO_REPORT');
  });
  it('non-string input is treated as empty', () => {
    const rec = parseReport(undefined as unknown as string);
    expect(rec.format).toBe('unknown');
  });
});

describe('digit runs', () => {
  it('a 500-digit run after a row label ends, ambiguous, without exhausting time', () => {
    const run = '1234567890'.repeat(50);
    const page = `三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他一、本年新收政府信息公开申请数量${run}二、上年结转政府信息公开申请数量0000000三、本年度办理结果（一）予以公开0000000（二）部分公开0000000（七）总计0000000四、结转下年度继续办理0000000`;
    const rec = parseReport(page);
    const cell = rec.tables.applications?.new_received?.natural_person;
    expect(cell?.status).toBe('ambiguous');
    expect(cell?.value).toBeNull();
  });
  it('splits by the row rule: 15130000154 = 151, 3, 0, 0, 0, 0, 154', () => {
    const r = splitTokens([{ kind: 'digits', int: '15130000154', tail: '', unit: '' }], 7, { sums: [[0, 1, 2, 3, 4, 5, 6]], useRules: true });
    expect(r.readings.map((x) => x.map((p) => p.value))).toEqual([[151, 3, 0, 0, 0, 0, 154]]);
  });
  it('lists every reading that satisfies the rule, and never invents one', () => {
    const r = splitTokens([{ kind: 'digits', int: '110000011', tail: '', unit: '' }], 7, { sums: [[0, 1, 2, 3, 4, 5, 6]], useRules: true });
    expect(r.readings.map((x) => x.map((p) => p.value)).sort()).toEqual([[1, 10, 0, 0, 0, 0, 11], [11, 0, 0, 0, 0, 0, 11]]);
  });
  it('a number never starts with 0', () => {
    const r = splitTokens([{ kind: 'digits', int: '1001', tail: '', unit: '' }], 2, { sums: [], useRules: false });
    expect(r.readings.filter((x) => !x.some((p) => p.vanished)).map((x) => x.map((p) => p.value))).toEqual([[100, 1]]);
    // or one number with an empty cell that left no trace, on either side
    expect(r.readings.filter((x) => x.some((p) => p.vanished)).map((x) => x.map((p) => (p.vanished ? null : p.value)))).toEqual([[null, 1001], [1001, null]]);
  });
  it('a run with no rule over its cells is read only when one reading exists: 350 may be 3, 5, 0, or 35 and 0 with an empty cell, or 350 alone', () => {
    const page = '二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件350第二十条第（五）项信息内容本年处理决定数量行政许可12三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他一、本年新收政府信息公开申请数量0000000二、上年结转政府信息公开申请数量0000000三、本年度办理结果（一）予以公开0000000（七）总计0000000四、结转下年度继续办理0000000四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计000000000000000';
    const rec = parseReport(page);
    expect(Object.values(rec.tables.active!.regulations).map((c) => c.value)).toEqual([0, 0, 0]);
    const nd = rec.tables.active!.normative_documents;
    expect(Object.values(nd).map((c) => c.status)).toEqual(['ambiguous', 'ambiguous', 'ambiguous']);
    expect(nd.issued.candidates).toEqual([3, 35, 350]);
    expect(rec.tables.active!.licensing.decisions.value).toBe(12);
  });
  it('an item number stuck to the digits belongs to the next label: 3700000372.没有现成信息', () => {
    const rows = ['一、本年新收政府信息公开申请数量370000037', '二、上年结转政府信息公开申请数量0000000', '三、本年度办理结果（一）予以公开0000000',
      '（四）无法提供1.本机关不掌握相关政府信息3700000372.没有现成信息需要另行制作00000003.补正后申请内容仍不明确0000000', '（七）总计370000037四、结转下年度继续办理0000000'];
    const rec = parseReport('三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他' + rows.join(''));
    expect(rec.tables.applications?.unable_not_held?.natural_person?.value).toBe(37);
    expect(rec.tables.applications?.unable_not_held?.total?.value).toBe(37);
    expect(rec.tables.applications?.unable_needs_creation?.total?.value).toBe(0);
  });
});

describe('checks', () => {
  it('a broken rule that rests on a blank read as 0 is uncertain, not a fail', () => {
    const cells = (vals: string[]) => vals.map((v) => `<td>${v}</td>`).join('');
    const html = `<table><tr><td>申请人情况</td><td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td><td>总计</td></tr>
      <tr><td>一、本年新收政府信息公开申请数量</td>${cells(['5', '', '', '', '', '', ''])}</tr>
      <tr><td>二、上年结转政府信息公开申请数量</td>${cells(['0', '0', '0', '0', '0', '0', '0'])}</tr>
      <tr><td>三、本年度办理结果</td><td>（一）予以公开</td>${cells(['5', '0', '0', '0', '0', '0', '5'])}</tr>
      <tr><td>（七）总计</td>${cells(['5', '0', '0', '0', '0', '0', '5'])}</tr>
      <tr><td>四、结转下年度继续办理</td>${cells(['0', '0', '0', '0', '0', '0', '0'])}</tr></table>`;
    const rec = parseReport(html);
    const rowTotal = rec.checks.find((c) => c.id === 'applications.row_total' && c.scope === 'new_received');
    expect(rowTotal?.status).toBe('uncertain');
    expect(rowTotal?.assumed).toContain('applications.new_received.total');
    const balanceTotal = rec.checks.find((c) => c.id === 'applications.balance' && c.scope === 'total');
    expect(balanceTotal?.status).toBe('uncertain');
    expect(rec.checks.filter((c) => c.status === 'fail')).toEqual([]);
  });
});

describe('decoding bytes', () => {
  const gbk = new Uint8Array([0xd5, 0xfe, 0xb8, 0xae, 0xd0, 0xc5, 0xcf, 0xa2, 0xb9, 0xab, 0xbf, 0xaa]); // 政府信息公开 in GBK
  it('meta charset gb2312 decodes as GB18030', () => {
    const head = new TextEncoder().encode('<meta charset="gb2312"><p>');
    const d = decodeBytes(new Uint8Array([...head, ...gbk]));
    expect(d.text).toContain('政府信息公开');
    expect(d.source).toBe('meta');
  });
  it('undeclared non-UTF-8 bytes decode as GB18030', () => {
    expect(decodeBytes(gbk).text).toBe('政府信息公开');
  });
  it('an unknown label falls through and is recorded', () => {
    const d = decodeBytes(new TextEncoder().encode('<p>政府</p>'), 'text/html; charset=x-klingon');
    expect(d.text).toContain('政府');
    expect(d.unknownLabel).toBe('x-klingon');
  });
});

describe('tables as real pages draw them', () => {
  const cells = (vals: (string | number)[]) => vals.map((v) => `<td>${v}</td>`).join('');
  const html = `<p>三、收到和处理政府信息公开申请情况</p><table><tr><td rowspan=2 colspan=2>申请人情况</td><td rowspan=2>自 然 人</td><td colspan=5>法人或其他组织</td></tr>
    <tr><td>商业企业</td><td>科研机构</td><td>社会公益 组织</td><td>法律服务机构</td><td>其他</td></tr>
    <tr><td colspan=2>一、本年新收政府信息公开申请数量</td>${cells([5, 1, 0, 0, 0, 0])}</tr>
    <tr><td colspan=2>二、上年结转政府信息公开申请数量</td>${cells(['０', 0, 0, 0, 0, 0])}</tr>
    <tr><td rowspan=3>三、本年度办理结果</td><td>（一）予以公开</td>${cells([5, '—', '-', '/', '无', '&nbsp;'])}</tr>
    <tr><td>（二）部分公开</td>${cells([0, 1, 0, 0, 0, 0])}</tr>
    <tr><td>（七）总计</td>${cells([5, 1, 0, 0, 0, 0])}</tr>
    <tr><td colspan=2>四、结转下年度继续办理</td>${cells([0, 0, 0, 0, 0, 0])}</tr></table>`;
  const rec = parseReport(html);
  it('a table without a 总计 column: six columns read, totals missing, no row-total checks', () => {
    expect(rec.tables.applications?.new_received?.natural_person?.value).toBe(5);
    expect(rec.tables.applications?.new_received?.other_org?.value).toBe(0);
    expect(rec.tables.applications?.new_received?.total?.status).toBe('missing');
    expect(rec.issues.map((i) => i.code)).toContain('NO_TOTAL_COLUMN');
    expect(rec.checks.some((c) => c.id === 'applications.row_total')).toBe(false);
    expect(rec.checks.find((c) => c.id === 'applications.balance' && c.scope === 'commercial_enterprise')?.status).toBe('pass');
  });
  it('dash-like markers and empty cells are blank, full-width digits are numbers', () => {
    const g = rec.tables.applications!.granted;
    expect(['commercial_enterprise', 'research_institution', 'social_welfare_org', 'legal_service_org', 'other_org'].map((c) => g[c].status)).toEqual(['blank', 'blank', 'blank', 'blank', 'blank']);
    expect(g.commercial_enterprise.raw).toBe('—');
    expect(rec.tables.applications?.carried_over?.natural_person?.value).toBe(0);
    expect(rec.tables.applications?.granted?.natural_person?.loc?.kind).toBe('element');
  });
});

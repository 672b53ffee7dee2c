/**
 * narrative.*: the prose of 一、总体情况 against the tables, on pages of our own (sites/pages.ts
 * with the overview paragraph rewritten). A mismatch is a soft finding quoting the sentence; a
 * match is a pass; nothing stated, nothing checked.
 */
import { describe, expect, it } from 'vitest';
import { isSoftCheck, narrativeChecks, pageModel, parsePage, parseReport, toChecksCsv, toWideCsv, type Check } from '../../parser/index.js';
import { makeSeries, reportPage, type ReportData } from '../../sites/pages.js';

const nav = { prev: null, next: null };
const [base] = makeSeries('青岚镇', [{ year: 2022, format: '2021', layout: 'table' }]);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const T = {
  received: sum(base.applications.new_received),
  carried: sum(base.applications.carried_over),
  granted: sum(base.applications.granted),
  partial: sum(base.applications.partially_granted),
  forward: sum(base.applications.carried_forward),
  review: sum(base.review[0]),
  litigation: sum(base.review[1]) + sum(base.review[2]),
  inForce: base.active.normative_documents.in_force as number,
};

function page(overview: string, d: ReportData = base, layout: ReportData['layout'] = 'table'): string {
  const html = reportPage({ ...d, layout }, nav);
  // the builder's own overview sentence (sites/pages.ts), replaced by the one under test
  const said = `${d.year}年，${d.entity}共收到政府信息公开申请${sum(d.applications.new_received)}件，均已按时答复。`;
  if (!html.includes(said)) throw new Error('the overview sentence was not found');
  return html.replace(said, overview);
}
const narrative = (html: string) => parseReport(html, { url: 'http://h/2022' }).checks.filter((c) => c.id.startsWith('narrative.'));
const one = (html: string, id: string) => narrative(html).find((c) => c.id === id);

describe('narrative checks', () => {
  it('prose that says 25 where the table says 21: a soft finding quoting the sentence', () => {
    const d = structuredClone(base);
    d.applications.new_received = [15, 3, 0, 3, 0, 0]; // 21
    d.applications.granted = d.applications.granted.map((v, i) => v + [15, 3, 0, 3, 0, 0][i] - base.applications.new_received[i]);
    d.applications.results_total = d.applications.results_total.map((v, i) => v + [15, 3, 0, 3, 0, 0][i] - base.applications.new_received[i]);
    const rec = parseReport(page('2022年，青岚镇共收到政府信息公开申请25件，均已按时答复。', d), { url: 'http://h/2022' });
    const c = rec.checks.find((x) => x.id === 'narrative.new_received')!;
    expect(c).toMatchObject({ status: 'fail', soft: true, left: 25, right: 21, quote: '2022年，青岚镇共收到政府信息公开申请25件，均已按时答复' });
    expect(c.note).toContain('文字与表格不一致');
    expect(c.note).toContain('共收到政府信息公开申请25件');
    expect(isSoftCheck(c)).toBe(true);
    // never a hard fail: the table's own rules still pass, and the wide form counts it apart
    expect(rec.checks.filter((x) => x.status === 'fail' && !isSoftCheck(x))).toEqual([]);
    const [head, row] = toWideCsv([rec]).slice(1).split('\r\n').map((l) => l.split(','));
    expect([row[head.indexOf('checks_failed')], row[head.indexOf('checks_soft')]]).toEqual(['0', '1']);
    expect(toChecksCsv([rec])).toContain('文字与表格不一致');
  });

  it('prose that agrees: a pass naming the sentence', () => {
    const c = one(page(`2022年，青岚镇共收到政府信息公开申请${T.received}件，均已按时答复。`), 'narrative.new_received')!;
    expect(c).toMatchObject({ status: 'pass', left: T.received, right: T.received, soft: true });
    expect(c.quote).toBe(`2022年，青岚镇共收到政府信息公开申请${T.received}件，均已按时答复`);
  });

  it.each([
    [`全年共受理政府信息公开申请${T.received}件`, 'narrative.new_received', T.received],
    [`本年度新收政府信息公开申请${T.received}件，上年结转${T.carried}件`, 'narrative.carried_over', T.carried],
    [`收到依申请公开申请 ${T.received} 件`, 'narrative.new_received', T.received],
    [`其中予以公开${T.granted}件、部分公开${T.partial}件`, 'narrative.granted', T.granted],
    [`其中予以公开${T.granted}件、部分公开${T.partial}件`, 'narrative.partially_granted', T.partial],
    [`其中予以公开及部分公开${T.granted + T.partial}件`, 'narrative.granted_or_partial', T.granted + T.partial],
    [`另有${T.forward}件结转下年度继续办理`, 'narrative.carried_forward', T.forward],
    [`结转下年度办理${T.forward}件`, 'narrative.carried_forward', T.forward],
    [`发生政府信息公开行政复议${T.review}起，行政诉讼${T.litigation}起`, 'narrative.review', T.review],
    [`发生政府信息公开行政复议${T.review}起，行政诉讼${T.litigation}起`, 'narrative.litigation', T.litigation],
    [`现行有效规范性文件${T.inForce}件`, 'narrative.normative_in_force', T.inForce],
    [`共收到政府信息公开申请${'０１２３４５６７８９'[Math.floor(T.received / 10)]}${'０１２３４５６７８９'[T.received % 10]}件`, 'narrative.new_received', T.received],
  ])('“%s” → %s = %i, a pass', (sentence, id, n) => {
    const c = one(page(`2022年，${sentence}。`), id);
    expect(c, id).toBeDefined();
    expect(c).toMatchObject({ status: 'pass', left: n, right: n });
  });

  it.each([
    ['未发生因政府信息公开引起的行政复议、行政诉讼'],
    ['共发布信息356条，其中自然人申请20件'],
    ['不予公开的申请均已说明理由'],
  ])('“%s” states no figure it can pin to a cell: nothing checked', (sentence) => {
    expect(narrative(page(`2022年，${sentence}。`)).map((c: Check) => c.id)).toEqual([]);
  });

  it('予以公开及部分公开 is the two together, never read as 部分公开 alone', () => {
    const ids = narrative(page(`其中予以公开及部分公开${T.granted + T.partial}件。`)).map((c) => c.id);
    expect(ids).toEqual(['narrative.granted_or_partial']);
  });

  it('a difference that rests on blank cells read as 0 is uncertain, not a finding', () => {
    const p = pageModel(page('部分公开3件。'));
    const rec = parsePage(p);
    rec.tables.applications!.partially_granted.total = { value: null, raw: '', status: 'blank', loc: null };
    const c = narrativeChecks(p.doc, rec.tables).find((x) => x.id === 'narrative.partially_granted');
    expect(c).toMatchObject({ status: 'uncertain', left: 3, right: 0 });
  });

  it('reads the prose of the lines and the concatenated layouts too', () => {
    for (const layout of ['lines', 'concatenated'] as const) {
      const c = one(page(`共收到政府信息公开申请${T.received + 4}件。`, base, layout), 'narrative.new_received');
      expect(c, layout).toMatchObject({ status: 'fail', left: T.received + 4, right: T.received });
    }
  });

  it('only the overview counts: the same phrase in section 三 is not read', () => {
    const html = page('本年度工作有序推进。').replace('信息公开的及时性仍需提高，下一步将加强培训。', '共收到政府信息公开申请999件。');
    expect(html).toContain('申请999件');
    expect(narrative(html)).toEqual([]);
  });
});

/** The demo site's page builder: every layout and format reads back to the numbers it was built from. */
import { describe, expect, it } from 'vitest';
import { APPLICANT_COLUMN_IDS, parseReport } from '../../parser/index.js';
import { encodeGbk } from '../../sites/gbk.js';
import { makeSeries, reportPage, type PageLayout } from '../../sites/pages.js';
import { demoEntries } from '../../sites/demo-site.js';

describe('report pages', () => {
  const cases: [PageLayout, '2019' | '2021'][] = [['table', '2019'], ['lines', '2019'], ['table', '2021'], ['lines', '2021'], ['concatenated', '2021']];
  for (const [layout, format] of cases) {
    it(`${format} format, ${layout} layout: 表三 reads back exactly, every hard check passes`, () => {
      const [d] = makeSeries('测试镇', [{ year: format === '2019' ? 2020 : 2022, format, layout }]);
      const rec = parseReport(reportPage(d, { prev: { href: '/p.html', title: 'P' }, next: null }), { url: 'http://h/r.html' });
      expect([rec.entity, rec.format, rec.layout]).toEqual(['测试镇', format, layout]);
      for (const [row, six] of Object.entries(d.applications)) {
        const seven = [...six, six.reduce((a, b) => a + b, 0)];
        APPLICANT_COLUMN_IDS.forEach((c, i) => expect(rec.tables.applications?.[row]?.[c]?.value, `${row}.${c}`).toBe(seven[i]));
      }
      expect(rec.checks.filter((c) => c.status !== 'pass')).toEqual([]);
      expect(rec.nav?.prev?.url).toBe('http://h/p.html');
    });
  }

  it('makeSeries carries each year forward into the next', () => {
    const s = makeSeries('测试镇', [2021, 2022, 2023].map((year) => ({ year, format: '2021' as const, layout: 'table' as const })));
    expect(s[1].applications.carried_over).toEqual(s[0].applications.carried_forward);
    expect(s[2].active.normative_documents.in_force).toBe(
      (s[1].active.normative_documents.in_force as number) + (s[2].active.normative_documents.issued as number) - (s[2].active.normative_documents.repealed as number),
    );
  });

  it('encodes GBK that decodes back to the same text', () => {
    const text = '<p>青岚镇2022年政府信息公开工作年度报告：（一）予以公开 “三安全一稳定”</p>';
    const bytes = encodeGbk(text);
    expect(bytes.length).toBeLessThan(new TextEncoder().encode(text).length);
    expect(new TextDecoder('gbk').decode(bytes)).toBe(text);
    expect(new TextDecoder('gbk').decode(encodeGbk('😀'))).toBe('&#128512;');
  });

  it('the demo column: seven reports, news between them, one GBK page and one script-drawn navigation', () => {
    const entries = demoEntries();
    const built = entries.map((e, i) => e.build({ prev: i ? { href: entries[i - 1].path, title: entries[i - 1].title } : null, next: null }) as { body: string | Uint8Array });
    expect(built.filter((b) => b.body instanceof Uint8Array)).toHaveLength(1);
    expect(built.filter((b) => typeof b.body === 'string' && b.body.includes("document.createElement('a')"))).toHaveLength(1);
    expect(entries.filter((e) => e.title.includes('年度报告'))).toHaveLength(7);
  });
});

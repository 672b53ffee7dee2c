import { describe, expect, it } from 'vitest';
import { CHECK_IDS, ISSUE_CODES } from '../../parser/index.js';
import { pickLang, STRINGS } from '../../extension/lib/i18n.js';

describe('language', () => {
  it('speaks Chinese to Chinese browsers and English to the rest', () => {
    expect(pickLang(['zh-CN', 'en'])).toBe('zh');
    expect(pickLang(['zh-TW'])).toBe('zh');
    expect(pickLang(['en-US', 'zh-CN'])).toBe('en');
    expect(pickLang([], 'fr')).toBe('en');
    expect(pickLang(undefined, undefined)).toBe('zh');
  });

  it('has every word in both languages', () => {
    expect(Object.keys(STRINGS.en).sort()).toEqual(Object.keys(STRINGS.zh).sort());
    for (const k of ['rules', 'issueCodes', 'find', 'counts', 'verdict', 'cite', 'dateFrom', 'dateSource', 'report', 'series'] as const) {
      expect(Object.keys(STRINGS.en[k]).sort(), k).toEqual(Object.keys(STRINGS.zh[k]).sort());
    }
    expect(STRINGS.en.legend).toHaveLength(STRINGS.zh.legend.length);
  });

  it('has words for every issue code and every check id (typed by them: a new one without words fails the type check)', () => {
    for (const lang of ['zh', 'en'] as const) {
      expect(Object.keys(STRINGS[lang].issueCodes).sort(), lang).toEqual([...ISSUE_CODES].sort());
      expect(Object.keys(STRINGS[lang].rules).sort(), lang).toEqual([...CHECK_IDS.filter((id) => !id.startsWith('narrative.')), 'generic'].sort());
    }
  });
});

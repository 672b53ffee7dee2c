/** The report page's own words, in Chinese and English (figure names come from parser/series/view.ts). */
import type { Verdict } from '../../parser/index.js';

export interface ReportStrings {
  title: string;
  generated: (at: string, bodies: number, reports: number) => string;
  legend: string;
  overview: string;
  body: string;
  reports: string;
  years: string;
  missing: string;
  yearsFailing: string;
  latest: string;
  year: string;
  verdictHead: string;
  verdict: Record<Verdict, string>;
  source: string;
  page: string;
  names: string;
  copies: (n: number) => string;
}

export const REPORT_STRINGS: Record<'zh' | 'en', ReportStrings> = {
  zh: {
    title: '政府信息公开工作年度报告 · 核对与历年数据',
    generated: (at, b, r) => `生成于 ${at}，共 ${b} 个主体、${r} 份年报（同一报告的多个网址只计一次）。`,
    legend: '✓ 全部核对通过 · ✗ 报告自己的数字对不上（勾稽关系） · ? 未能全部确认（留空、读不准或依赖拆分的连写数字）。文字与表格不一致单独列出，不影响结论。',
    overview: '总览', body: '主体', reports: '年报数', years: '年度', missing: '缺少年度', yearsFailing: '有不符的年度', latest: '最近一年',
    year: '年度', verdictHead: '结论', verdict: { pass: '✓ 通过', fail: '✗ 有不符', unconfirmed: '? 未能全部确认' },
    source: '来源', page: '原文', names: '标题中的名称', copies: (n) => `（另有 ${n} 个网址为同一报告）`,
  },
  en: {
    title: 'Government information disclosure annual reports · checks and figures over the years',
    generated: (at, b, r) => `Generated ${at}: ${b} bodies, ${r} reports (a report reached from several URLs counts once).`,
    legend: '✓ every check passed · ✗ the report\'s own numbers break a rule · ? not all confirmed (blank, unreadable, or split digits). Prose that differs from the tables is listed apart and does not change the verdict.',
    overview: 'Overview', body: 'Body', reports: 'Reports', years: 'Years', missing: 'Missing years', yearsFailing: 'Years failing', latest: 'Latest year',
    year: 'Year', verdictHead: 'Verdict', verdict: { pass: '✓ pass', fail: '✗ fails', unconfirmed: '? unconfirmed' },
    source: 'Source', page: 'page', names: 'Names in titles', copies: (n) => `(${n} more URL${n > 1 ? 's' : ''} of this report)`,
  },
};

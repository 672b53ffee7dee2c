/**
 * The prose against the tables (`narrative.*`, soft): sentences of 一、总体情况 that state a
 * table figure in a common phrasing (共收到政府信息公开申请25件, 上年结转6件, 予以公开20件,
 * 行政复议36起 …) are compared with the cells they name. A match is a pass; a mismatch is a
 * soft finding "文字与表格不一致" quoting the sentence, never a hard fail: prose sometimes counts
 * another scope (an office's own applications inside a district's report).
 */
import type { DocModel } from '../doc/model.js';
import { fold } from '../format/normalize.js';
import type { CheckId } from '../format/spec.js';
import type { Check, ReportRecord } from '../record/schema.js';
import { cellAt } from './rules.js';

interface NarrativeRule {
  id: CheckId;
  /** what the sentence names, said in the finding */
  what: string;
  /** phrasings on folded text (no whitespace, half-width digits, 、。 as '.'); group 1 is the number */
  patterns: RegExp[];
  /** the cells whose sum the sentence states */
  cells: string[];
}

/** A clause never crosses these (folded): the number must belong to the phrase before it. */
const GAP = '[^,.;:\\d]';
const UNIT = '(?:件|宗|条|个|份|起|次|人次)';
const re = (s: string) => new RegExp(s.replace(/GAP/g, GAP).replace(/UNIT/g, UNIT));

const DENIED = ['state_secret', 'prohibited_by_law', 'security_stability', 'third_party', 'internal_affairs', 'process_information', 'enforcement_files', 'administrative_query'];

export const NARRATIVE_RULES: readonly NarrativeRule[] = [
  {
    id: 'narrative.new_received', what: '新收政府信息公开申请',
    patterns: [re(`(?:收到|受理|接收|新收|接到)GAP{0,12}?(?:政府信息公开|信息公开|依申请公开)GAP{0,2}?申请GAP{0,6}?(\\d+)UNIT`)],
    cells: ['applications.new_received.total'],
  },
  {
    id: 'narrative.carried_over', what: '上年结转申请',
    patterns: [re(`(?:上一?年度?结转|结转上一?年度?)GAP{0,12}?(\\d+)UNIT`)],
    cells: ['applications.carried_over.total'],
  },
  {
    id: 'narrative.granted', what: '予以公开', patterns: [re(`(?<!不)予以公开GAP{0,2}?(\\d+)UNIT`)],
    cells: ['applications.granted.total'],
  },
  {
    // 予以公开及部分公开42件: the two results together
    id: 'narrative.granted_or_partial', what: '予以公开及部分公开', patterns: [re(`予以公开(?:及|和|与|或|\\.)部分公开GAP{0,2}?(\\d+)UNIT`)],
    cells: ['applications.granted.total', 'applications.partially_granted.total'],
  },
  {
    id: 'narrative.partially_granted', what: '部分公开', patterns: [re(`(?<!公开(?:及|和|与|或|\\.))部分公开GAP{0,2}?(\\d+)UNIT`)],
    cells: ['applications.partially_granted.total'],
  },
  {
    id: 'narrative.denied', what: '不予公开', patterns: [re(`不予公开GAP{0,2}?(\\d+)UNIT`)],
    cells: DENIED.map((d) => `applications.denied_${d}.total`),
  },
  {
    id: 'narrative.carried_forward', what: '结转下年度办理',
    patterns: [re(`结转(?:至|到)?下一?年度?GAP{0,8}?(\\d+)UNIT`), re(`(\\d+)UNIT(?:申请)?GAP{0,2}?结转(?:至|到)?下一?年度?`)],
    cells: ['applications.carried_forward.total'],
  },
  {
    id: 'narrative.review', what: '行政复议', patterns: [re(`行政复议(?:案件|申请)?GAP{0,4}?(\\d+)UNIT`)],
    cells: ['review_litigation.review.total'],
  },
  {
    id: 'narrative.litigation', what: '行政诉讼', patterns: [re(`行政诉讼(?:案件)?GAP{0,4}?(\\d+)UNIT`)],
    cells: ['review_litigation.litigation_direct.total', 'review_litigation.litigation_after_review.total'],
  },
  {
    id: 'narrative.normative_in_force', what: '现行有效规范性文件',
    patterns: [re(`现行有效的?(?:行政)?规范性文件GAP{0,4}?(\\d+)UNIT`), re(`规范性文件GAP{0,10}?现行有效GAP{0,2}?(\\d+)UNIT`)],
    cells: ['active.normative_documents.in_force'],
  },
];

const SECTION_START = /一\s*[、.．]\s*总\s*体\s*情\s*况/;
const SECTION_END = /[二三四五六]\s*[、.．]\s*(?:主\s*动\s*公\s*开|收\s*到\s*和\s*处\s*理)/;
/** How far the section may run when its end is not found. */
const MAX_SECTION = 4000;

/** The text of 一、总体情况 (the page's own text, not folded), or null when the page has no such section. */
export function overviewText(doc: DocModel): string | null {
  const blocks: string[] = [];
  const units = doc.units;
  for (let i = 0; i < units.length; i++) if (units[i].kind === 'block') blocks.push(units[i].text);
  const text = blocks.join('\n');
  const start = SECTION_START.exec(text);
  if (!start) return null;
  const from = start.index + start[0].length;
  const rest = text.slice(from, from + MAX_SECTION);
  const end = SECTION_END.exec(rest);
  return end ? rest.slice(0, end.index) : rest;
}

/** Sentences as the page writes them, whitespace folded for quoting. */
export function sentences(text: string): string[] {
  return text.split(/[。；;！!？?\n]+/).map((s) => s.replace(/\s+/g, ' ').trim()).filter((s) => s.length > 0);
}

/** The narrative checks of a record whose tables are read. */
export function narrativeChecks(doc: DocModel, tables: ReportRecord['tables']): Check[] {
  const section = overviewText(doc);
  if (section === null) return [];
  const said = sentences(section).map((s) => ({ raw: s, folded: fold(s) }));
  const out: Check[] = [];
  for (const rule of NARRATIVE_RULES) {
    const hit = firstStatement(rule, said);
    if (!hit) continue;
    const check = compare(rule, hit.sentence, hit.value, tables);
    if (check) out.push(check);
  }
  return out;
}

function firstStatement(rule: NarrativeRule, said: { raw: string; folded: string }[]): { sentence: string; value: number } | null {
  for (const s of said) {
    for (const p of rule.patterns) {
      const m = p.exec(s.folded);
      if (m) return { sentence: s.raw, value: Number(m[1]) };
    }
  }
  return null;
}

function compare(rule: NarrativeRule, sentence: string, said: number, tables: ReportRecord['tables']): Check | null {
  const cells = rule.cells.map((p) => [p, cellAt(tables, p)] as const);
  if (cells.every(([, c]) => !c || c.status === 'missing')) return null;
  const assumed: string[] = [];
  const unreadable: string[] = [];
  let sum = 0;
  for (const [p, c] of cells) {
    if (c?.status === 'ok') sum += c.value ?? 0;
    else if (c?.status === 'blank') assumed.push(p);
    else unreadable.push(p);
  }
  const base = { id: rule.id, scope: 'total', left: said, cells: rule.cells, assumed, soft: true, quote: sentence };
  let check: Check;
  if (unreadable.length) check = { ...base, status: 'uncertain', right: null };
  else if (sum === said) check = { ...base, status: 'pass', right: sum };
  // as in the table's own rules: a difference that rests on blanks read as 0 is not a finding
  else if (assumed.length) check = { ...base, status: 'uncertain', right: sum };
  else check = { ...base, status: 'fail', right: sum };
  return { ...check, note: narrativeSentence(check, 'zh') };
}

const WHAT = new Map(NARRATIVE_RULES.map((r) => [r.id as string, r.what]));
const WHAT_EN: Record<string, string> = {
  'narrative.new_received': 'new applications', 'narrative.carried_over': 'applications carried over',
  'narrative.granted': 'granted', 'narrative.granted_or_partial': 'granted in full or in part', 'narrative.partially_granted': 'partially granted',
  'narrative.denied': 'refused', 'narrative.carried_forward': 'carried forward', 'narrative.review': 'administrative reviews',
  'narrative.litigation': 'lawsuits', 'narrative.normative_in_force': 'normative documents in force',
};

/** A narrative check in words, the sentence quoted: the record's note (zh), the report's and panel's line. */
export function narrativeSentence(c: Check, lang: 'zh' | 'en'): string {
  const q = c.quote ?? '';
  const n = (v: number | null) => (v === null ? '—' : String(v));
  if (lang === 'en') {
    const what = WHAT_EN[c.id] ?? c.id;
    if (c.status === 'pass') return `The prose agrees with the table (${what} ${n(c.left)}): “${q}”`;
    if (c.right === null) return `The prose says ${what} ${n(c.left)} (“${q}”); the table's cell could not be read`;
    if (c.assumed.length) return `The prose says ${what} ${n(c.left)} (“${q}”); the table gives ${n(c.right)} only if its blank cells mean 0`;
    return `Prose and table differ: “${q}” says ${what} ${n(c.left)}, the table ${n(c.right)}`;
  }
  const what = WHAT.get(c.id) ?? c.id;
  if (c.status === 'pass') return `文字与表格一致：「${q}」`;
  if (c.right === null) return `文字「${q}」称${what}${n(c.left)}，表格中相应数字读不准`;
  if (c.assumed.length) return `文字「${q}」称${what}${n(c.left)}；表格留空，按0计为${n(c.right)}`;
  return `文字与表格不一致：「${q}」称${what}${n(c.left)}，表格为${n(c.right)}`;
}

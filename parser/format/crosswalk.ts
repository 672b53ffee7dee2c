/**
 * One vocabulary across the two official formats: which cells of the 2019 trial format
 * (国办公开办函〔2019〕60号) and the 2021 format (〔2021〕30号) mean the same, so a series that
 * crosses 2020→2021 has one column per figure. Cells without an equivalent keep their
 * format-specific names. docs/crosswalk.md is rendered from this table (a test keeps it so).
 */
import type { Cell } from '../record/schema.js';
import { FORMATS, TABLE_KEYS, type StandardFormat } from './spec.js';

export type CrosswalkRelation = 'same' | 'renamed' | 'sum';

export interface CrosswalkEntry {
  /** the harmonised column name */
  id: string;
  relation: CrosswalkRelation;
  /** the cells that give it in each format; several are added up */
  '2021': readonly string[];
  '2019': readonly string[];
  note?: string;
}

const APPLICANT_AND_TOTAL = ['natural_person', 'commercial_enterprise', 'research_institution', 'social_welfare_org', 'legal_service_org', 'other_org', 'total'];

/** The cells whose meaning is the same under another name or as a sum: the explicit part of the crosswalk. */
const EXPLICIT: readonly CrosswalkEntry[] = [
  {
    id: 'active.regulations.issued', relation: 'renamed',
    '2021': ['active.regulations.issued'], '2019': ['active.regulations.new_made'],
    note: '本年制发件数 (2021) and 本年新制作数量 (2019): the documents the body made in the year',
  },
  {
    id: 'active.normative_documents.issued', relation: 'renamed',
    '2021': ['active.normative_documents.issued'], '2019': ['active.normative_documents.new_made'],
    note: '行政规范性文件 本年制发件数 (2021) and 规范性文件 本年新制作数量 (2019)',
  },
  ...APPLICANT_AND_TOTAL.map((c): CrosswalkEntry => ({
    id: `applications.other_total.${c}`, relation: 'sum',
    '2021': [`applications.other_no_correction.${c}`, `applications.other_fee_unpaid.${c}`, `applications.other_other.${c}`],
    '2019': [`applications.other.${c}`],
    note: '（六）其他处理: one row in 2019, three numbered sub-rows in 2021',
  })),
];

const cellsOf = (f: StandardFormat) => TABLE_KEYS.flatMap((t) => FORMATS[f].tables[t].rows.flatMap((r) => r.columns.map((c) => `${t}.${r.id}.${c.id}`)));

/**
 * The whole crosswalk: the explicit entries, then every cell that has the same identifier in
 * both formats (表三's common rows, 表四, the 处理决定数量 of 表二), in 2021 format order.
 */
export const CROSSWALK: readonly CrosswalkEntry[] = (() => {
  const explicit = new Set(EXPLICIT.flatMap((e) => [...e['2021'], ...e['2019']]));
  const in2019 = new Set(cellsOf('2019'));
  const same = cellsOf('2021')
    .filter((p) => in2019.has(p) && !explicit.has(p))
    .map((p): CrosswalkEntry => ({ id: p, relation: 'same', '2021': [p], '2019': [p] }));
  return [...same, ...EXPLICIT];
})();

/**
 * The cells of one format that keep their own column in the harmonised form: those with no
 * equivalent, and the 2021 sub-rows a `sum` adds up (their detail has no 2019 counterpart, but is
 * worth keeping beside the sum).
 */
export function formatOnlyCells(f: StandardFormat): string[] {
  const used = new Set(CROSSWALK.flatMap((e) => (e.relation === 'sum' ? e['2019'] : [...e['2021'], ...e['2019']])));
  return cellsOf(f).filter((p) => !used.has(p));
}

/** The harmonised wide form's cell columns: crosswalk ids, then the cells of one format only. */
export function harmonisedColumns(): string[] {
  return [...CROSSWALK.map((e) => e.id), ...formatOnlyCells('2021'), ...formatOnlyCells('2019')];
}

const STATUS_WEIGHT: Record<Cell['status'], number> = { ok: 0, blank: 1, missing: 2, note: 3, ambiguous: 4 };

/**
 * The harmonised cell of a record of format `f`: a plain cell, or the sum of several. A sum is
 * read only when each part is a number or blank (blank counts 0); otherwise it takes the worst
 * status of its parts and no value.
 */
export function harmonisedCell(entry: CrosswalkEntry, f: StandardFormat, get: (path: string) => Cell | undefined): Cell | undefined {
  const parts = entry[f].map(get);
  if (parts.length === 1) return parts[0];
  if (parts.every((c) => c === undefined)) return undefined;
  const cells = parts.map((c) => c ?? { value: null, raw: null, status: 'missing' as const, loc: null });
  const worst = cells.reduce((w, c) => (STATUS_WEIGHT[c.status] > STATUS_WEIGHT[w.status] ? c : w), cells[0]);
  if (worst.status === 'ok' || worst.status === 'blank') {
    const any = cells.some((c) => c.status === 'ok');
    return { value: any ? cells.reduce((s, c) => s + (c.status === 'ok' ? c.value ?? 0 : 0), 0) : null, raw: null, status: any ? 'ok' : 'blank', loc: null };
  }
  return { value: null, raw: null, status: worst.status, loc: null };
}

/** docs/crosswalk.md, rendered from the table above. */
export function crosswalkMarkdown(): string {
  const label = (f: StandardFormat, p: string) => {
    const [t, r, c] = p.split('.');
    const row = FORMATS[f].tables[t as 'active'].rows.find((x) => x.id === r);
    const col = row?.columns.find((x) => x.id === c);
    return `\`${p}\` ${row?.label ?? ''} · ${col?.label ?? ''}`.trim();
  };
  const lines = [
    '# Crosswalk: the 2019 and 2021 formats in one vocabulary',
    '',
    '<!-- generated from parser/format/crosswalk.ts by `npm run docs`; a test keeps the two equal -->',
    '',
    '`gongkai export --format wide --harmonised` names each figure by the `harmonised` column below,',
    'whichever format the report used. `same`: one identifier in both formats; `renamed`: another',
    'identifier, the same figure; `sum`: the 2021 format splits into sub-rows what the 2019 format',
    'gives as one (the harmonised value is their sum, blank counting 0; an unreadable part leaves it',
    'empty with that part\'s status). Cells not listed have no equivalent in the other format and keep',
    'their own names (e.g. `active.regulations.in_force` 现行有效件数 is 2021 only, `active.procurement.*`',
    '政府集中采购 is 2019 only; 对外公开总数量 counts documents published, not in force, so it is not',
    'crossed with 现行有效件数).',
    '',
    '| harmonised | relation | 2021 format | 2019 format | note |',
    '|---|---|---|---|---|',
  ];
  for (const e of CROSSWALK) {
    lines.push(`| \`${e.id}\` | ${e.relation} | ${e['2021'].map((p) => label('2021', p)).join(' + ')} | ${e['2019'].map((p) => label('2019', p)).join(' + ')} | ${e.note ?? ''} |`);
  }
  for (const f of ['2021', '2019'] as const) {
    lines.push('', `Columns of the ${f} format only (empty for a report in the other format): ${formatOnlyCells(f).map((p) => `\`${p}\``).join(', ')}.`);
  }
  return lines.join('\n') + '\n';
}

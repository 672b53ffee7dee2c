/**
 * `source.agree`: a page whose HTML tables and whose report file (附件) both read says the same
 * numbers twice. Each table whose every cell agrees is one pass; each cell that differs is one
 * check — a fail only when both readings are certain (a number read as printed, not split out of
 * a run), else uncertain (a blank against a number may be a column a PDF lost, an ambiguous cell
 * may be either). A blank and a 0 agree: publishers write either for nothing.
 */
import type { CheckId } from '../format/spec.js';
import type { Cell, Check, ReportRecord } from '../record/schema.js';

export const SOURCE_AGREE = 'source.agree' as const satisfies CheckId;

const TABLES = ['active', 'applications', 'review_litigation'] as const;

const certain = (c: Cell) => c.status === 'ok' && !c.split && c.value !== null;
const nothing = (c: Cell) => c.status === 'blank' || (c.status === 'ok' && c.value === 0);
const reading = (c: Cell | undefined) => (c === undefined ? 'absent' : c.status === 'ok' ? String(c.value) : c.status);

/** The page's record against its file's: [] when they are not the same format (nothing to compare). */
export function agreeChecks(page: ReportRecord, file: ReportRecord): Check[] {
  if (page.format !== file.format || (page.format !== '2021' && page.format !== '2019')) return [];
  const out: Check[] = [];
  for (const t of TABLES) {
    const a = page.tables[t];
    const b = file.tables[t];
    if (!a || !b) continue;
    let compared = 0;
    const differ: Check[] = [];
    for (const [row, cols] of Object.entries(a)) {
      for (const [col, x] of Object.entries(cols)) {
        const y = b[row]?.[col];
        if (x.status === 'missing' && (!y || y.status === 'missing')) continue;
        compared++;
        if (y && ((nothing(x) && nothing(y)) || (certain(x) && certain(y) && x.value === y.value))) continue;
        const path = `${t}.${row}.${col}`;
        const sure = y !== undefined && certain(x) && certain(y);
        differ.push({
          id: SOURCE_AGREE, scope: path, status: sure ? 'fail' : 'uncertain',
          left: sure ? x.value : null, right: sure ? y.value : null, cells: [path], assumed: [],
          note: `page ${reading(x)}, file ${reading(y)}`,
        });
      }
    }
    if (compared === 0) continue;
    if (differ.length === 0) out.push({ id: SOURCE_AGREE, scope: t, status: 'pass', left: compared, right: compared, cells: [], assumed: [], note: `${compared} cells agree` });
    out.push(...differ);
  }
  return out;
}

/**
 * Amounts written with a unit (251000元, 0万元, 225253.168万元) keep it in the cell's `raw` and
 * `unit`. Where the format fixes a column's unit (2021 表二 本年收费金额（单位：万元）), a value
 * written in another unit is converted to the column's, and the record says so; elsewhere
 * (2019 采购总金额, whose unit the format leaves to the page) the value stays as written.
 */
import type { FormatSpec, TableKey } from '../format/spec.js';
import type { Cell, Issue } from '../record/schema.js';

/** Factor from a written unit to a column's unit. */
const FACTOR: Record<string, Record<string, number>> = {
  万元: { 元: 1e-4 },
};

export function toColumnUnits(spec: FormatSpec, tables: Record<TableKey, Record<string, Record<string, Cell>>>, issues: Issue[]): void {
  for (const key of Object.keys(spec.tables) as TableKey[]) {
    for (const row of spec.tables[key].rows) {
      for (const col of row.columns) {
        const cell = tables[key]?.[row.id]?.[col.id];
        if (!col.unit || !cell || cell.status !== 'ok' || cell.value === null || !cell.unit || cell.unit === col.unit) continue;
        const f = FACTOR[col.unit]?.[cell.unit];
        if (f === undefined) continue;
        const value = Math.round(cell.value * f * 1e6) / 1e6;
        issues.push({ code: 'UNIT_CONVERTED', severity: 'info', path: `${key}.${row.id}.${col.id}`, message: `${cell.raw} is read as ${value}${col.unit}, the unit of the column` });
        cell.value = value;
      }
    }
  }
}

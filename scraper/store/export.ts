/**
 * The store's reports in the forms of the record contract (../shared/spec/record.md): long CSV, wide CSV, checks CSV (the series
 * checks and gaps included, naming both reports) and JSON Lines, ordered by body then year.
 * Written in pieces, so that a large store never has to fit in one string.
 */
import { BOM, CHECKS_HEADER, checkRow, csvLine, LONG_HEADER, longRows, toWideCsv, type ReportRecord } from '../../parser/index.js';
import type { Store } from './contract.js';

export const EXPORT_FORMATS = ['csv', 'wide', 'checks', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The export as a sequence of text chunks (the first carries the BOM for the CSV forms). */
export async function* exportChunks(records: AsyncIterable<ReportRecord> | Iterable<ReportRecord>, format: ExportFormat): AsyncGenerator<string> {
  switch (format) {
    case 'csv':
      yield BOM + csvLine(LONG_HEADER);
      for await (const r of records) {
        let chunk = '';
        for (const row of longRows(r)) chunk += csvLine(row);
        if (chunk) yield chunk;
      }
      return;
    case 'wide': {
      // toWideCsv writes header and rows in one string: feed it one record at a time
      let first = true;
      for await (const r of records) {
        const csv = toWideCsv([r], first);
        yield first ? csv : csv.slice(csv.indexOf('\r\n') + 2);
        first = false;
      }
      if (first) yield toWideCsv([]);
      return;
    }
    case 'checks':
      yield BOM + csvLine(CHECKS_HEADER);
      for await (const r of records) {
        let chunk = '';
        for (const c of r.checks) chunk += csvLine(checkRow(r, c));
        if (chunk) yield chunk;
      }
      return;
    case 'jsonl':
      for await (const r of records) yield JSON.stringify(r) + '\n';
      return;
  }
}

/** Reports of the store with their series checks, in export order, one at a time. */
export function exportRecords(store: Store): AsyncIterable<ReportRecord> {
  return store.reportsWithSeries();
}

export async function exportText(store: Store, format: ExportFormat): Promise<string> {
  let text = '';
  for await (const chunk of exportChunks(exportRecords(store), format)) text += chunk;
  return text;
}

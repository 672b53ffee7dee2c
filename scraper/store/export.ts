/**
 * The store's reports in the forms of the record contract (../shared/spec/record.md): long CSV, wide CSV
 * (optionally harmonised across the 2019 and 2021 formats), checks CSV (the series checks and gaps
 * included, naming both reports) and JSON Lines. One row per canonical report (scraper/store/dataset.ts),
 * ordered by body then year, each with its provenance. Written in pieces, so that a large store
 * never has to fit in one string.
 */
import { BOM, CHECKS_HEADER, checkRow, csvLine, LONG_HEADER, longRows, WIDE_LEAD, wideChunks, type DatasetReport, type ExtraColumns } from '../../parser/index.js';
import type { ReportInputs, Store } from './contract.js';
import { datasetRows, type DatasetFilter } from './dataset.js';

export const EXPORT_FORMATS = ['csv', 'wide', 'checks', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  /** wide only: name the cells by the 2019↔2021 crosswalk */
  harmonised?: boolean;
  /** the columns that came with the start URLs (`crawl --from list.csv`), added to every CSV row and, as `input`, to every JSON line */
  inputs?: ReportInputs;
}

/** The input columns as extra CSV columns: each report's values through its URL. */
function inputColumns(inputs: ReportInputs | undefined): ExtraColumns {
  const names = inputs?.columns ?? [];
  // a column of the export's own (body, entity, year …) keeps its name; the input's is input_body
  const own = new Set<string>([...LONG_HEADER, ...CHECKS_HEADER, ...WIDE_LEAD]);
  return {
    names: names.map((n) => (own.has(n) ? `input_${n}` : n)),
    values: (d) => {
      const cols = d.record.source.url ? inputs?.byReport.get(d.record.source.url) : undefined;
      return names.map((n) => cols?.[n] ?? '');
    },
  };
}

/** The export as a sequence of text chunks (the first carries the BOM for the CSV forms). */
export async function* exportChunks(rows: AsyncIterable<DatasetReport> | Iterable<DatasetReport>, format: ExportFormat, opts: ExportOptions = {}): AsyncGenerator<string> {
  const extra = inputColumns(opts.inputs);
  switch (format) {
    case 'csv':
      yield BOM + csvLine([...LONG_HEADER, ...extra.names]);
      for await (const d of rows) {
        const more = extra.values(d);
        let chunk = '';
        for (const row of longRows(d)) chunk += csvLine([...row, ...more]);
        if (chunk) yield chunk;
      }
      return;
    case 'wide': {
      // the wide form holds its rows until every legacy label is known (parser/export/csv.ts)
      const all: DatasetReport[] = [];
      for await (const d of rows) all.push(d);
      yield* wideChunks(all, { harmonised: opts.harmonised, extra: extra.names.length ? extra : undefined });
      return;
    }
    case 'checks':
      yield BOM + csvLine([...CHECKS_HEADER, ...extra.names]);
      for await (const d of rows) {
        const more = extra.values(d);
        let chunk = '';
        for (const c of d.record.checks) chunk += csvLine([...checkRow(d, c), ...more]);
        if (chunk) yield chunk;
      }
      return;
    case 'jsonl':
      for await (const d of rows) yield JSON.stringify(jsonlRecord(d, opts.inputs)) + '\n';
      return;
  }
}

/**
 * The record with its place in the dataset, under `dataset`, and, when the store holds input
 * columns, the ones its start URL came with under `input` (every column, '' where its start had
 * none, as in the CSV forms; the names as the input file gave them): fields the record contract
 * allows adding.
 */
export function jsonlRecord(d: DatasetReport, inputs?: ReportInputs) {
  const dataset = { reportId: d.reportId, body: d.body, site: d.site, duplicateUrls: d.duplicateUrls, inSeries: d.inSeries };
  if (!inputs?.columns.length) return { ...d.record, dataset };
  const cols = d.record.source.url ? inputs.byReport.get(d.record.source.url) : undefined;
  return { ...d.record, dataset, input: Object.fromEntries(inputs.columns.map((n) => [n, cols?.[n] ?? ''])) };
}

/** Canonical reports of the store with their series checks, in export order, one body at a time. */
export function exportRecords(store: Store, filter: DatasetFilter = {}): AsyncIterable<DatasetReport> {
  return datasetRows(store, filter);
}

export async function exportText(store: Store, format: ExportFormat, opts: ExportOptions & { filter?: DatasetFilter } = {}): Promise<string> {
  let text = '';
  for await (const chunk of exportChunks(exportRecords(store, opts.filter), format, { inputs: await store.reportInputs(), ...opts })) text += chunk;
  return text;
}

/**
 * gongkai export [--db FILE] [--format csv|wide|checks|jsonl] [--harmonised] [filters] [--out FILE]:
 * the store's canonical reports as CSV or JSON Lines, each with its provenance.
 */
import { EXPORT_FORMATS, exportChunks, exportRecords, type ExportFormat } from '../../scraper/store/export.js';
import { parseArgs, UsageError } from '../args.js';
import { FILTER_FLAGS, filterFlags } from '../filters.js';
import { dbSpec, openExistingStore, writeExport } from '../store-file.js';

export async function run(args: string[]): Promise<number> {
  const { flags, positional } = parseArgs(args, { db: 'string', format: 'string', out: 'string', harmonised: 'boolean', ...FILTER_FLAGS });
  if (positional.length) throw new UsageError(`unexpected argument ${positional[0]}`);
  const db = dbSpec(flags);
  const format = ((flags.format as string | undefined) ?? 'csv') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  if (flags.harmonised && format !== 'wide') throw new UsageError('--harmonised goes with --format wide');
  const filter = filterFlags(flags);
  const store = await openExistingStore(db);
  try {
    let count = 0;
    const counted = (async function* () {
      for await (const r of exportRecords(store, filter)) {
        count++;
        yield r;
      }
    })();
    const out = flags.out as string | undefined;
    await writeExport(exportChunks(counted, format, { harmonised: Boolean(flags.harmonised), inputs: await store.reportInputs() }), out);
    if (out) process.stderr.write(`gongkai export: ${count} reports → ${out} (${format})\n`);
    return 0;
  } finally {
    await store.close();
  }
}

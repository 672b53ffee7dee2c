/** gongkai export [--db FILE] [--format csv|wide|checks|jsonl] [--out FILE]: the store's reports as CSV or JSON Lines. */
import { EXPORT_FORMATS, exportChunks, exportRecords, type ExportFormat } from '../../scraper/store/export.js';
import { parseArgs, UsageError } from '../args.js';
import { dbSpec, openExistingStore, writeExport } from '../store-file.js';

export async function run(args: string[]): Promise<number> {
  const { flags, positional } = parseArgs(args, { db: 'string', format: 'string', out: 'string' });
  if (positional.length) throw new UsageError(`unexpected argument ${positional[0]}`);
  const db = dbSpec(flags);
  const format = ((flags.format as string | undefined) ?? 'csv') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  const store = await openExistingStore(db);
  try {
    let count = 0;
    const counted = (async function* () {
      for await (const r of exportRecords(store)) {
        count++;
        yield r;
      }
    })();
    const out = flags.out as string | undefined;
    await writeExport(exportChunks(counted, format), out);
    if (out) process.stderr.write(`gongkai export: ${count} reports → ${out} (${format})\n`);
    return 0;
  } finally {
    await store.close();
  }
}

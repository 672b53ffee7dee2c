/** gongkai export [--db FILE] [--format csv|wide|checks|jsonl] [--out FILE]: the store's reports as CSV or JSON Lines. */
import { createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { EXPORT_FORMATS, exportChunks, exportRecords, type ExportFormat } from '../../scraper/store/export.js';
import { Store, StoreError } from '../../scraper/store/store.js';
import { parseArgs, UsageError } from '../args.js';

export async function run(args: string[]): Promise<number> {
  const { flags, positional } = parseArgs(args, { db: 'string', format: 'string', out: 'string' });
  if (positional.length) throw new UsageError(`unexpected argument ${positional[0]}`);
  const db = (flags.db as string | undefined) ?? './gongkai.db';
  const format = ((flags.format as string | undefined) ?? 'csv') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  if (!existsSync(db)) throw new UsageError(`no store at ${db} (run gongkai crawl first)`);
  const store = openStore(db);
  try {
    let count = 0;
    const counted = (function* () {
      for (const r of exportRecords(store)) {
        count++;
        yield r;
      }
    })();
    const out = flags.out as string | undefined;
    await writeExport(exportChunks(counted, format), out);
    if (out) process.stderr.write(`gongkai export: ${count} reports → ${out} (${format})\n`);
    return 0;
  } finally {
    store.close();
  }
}

/** To a file (written aside, then renamed: never a half-written export) or to stdout. */
export async function writeExport(chunks: Iterable<string>, out?: string): Promise<void> {
  if (!out) {
    for (const c of chunks) if (!process.stdout.write(c)) await once(process.stdout, 'drain');
    return;
  }
  const tmp = `${out}.part`;
  const ws = createWriteStream(tmp);
  try {
    for (const c of chunks) if (!ws.write(c)) await once(ws, 'drain');
  } catch (err) {
    // a record that cannot be exported: leave nothing behind, the old export (if any) untouched
    ws.destroy();
    await once(ws, 'close').catch(() => undefined);
    rmSync(tmp, { force: true });
    throw err;
  }
  ws.end();
  await once(ws, 'finish');
  renameSync(tmp, out);
}

/** The store at `file`; a file that cannot be one is unusable input (exit 2), not a failure. */
export function openStore(file: string): Store {
  try {
    return new Store(file);
  } catch (err) {
    if (err instanceof StoreError) throw new UsageError(err.message);
    throw err;
  }
}

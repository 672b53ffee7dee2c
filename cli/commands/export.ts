/** gongkai export [--db FILE] [--format csv|wide|checks|jsonl] [--out FILE]: the store's reports as CSV or JSON Lines. */
import { createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { EXPORT_FORMATS, exportChunks, exportRecords, type ExportFormat } from '../../scraper/store/export.js';
import { isPostgresUrl, openStore as openAnyStore, StoreError, type Store } from '../../scraper/store/index.js';
import { parseArgs, UsageError } from '../args.js';

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

/** To a file (written aside, then renamed: never a half-written export) or to stdout. */
export async function writeExport(chunks: AsyncIterable<string> | Iterable<string>, out?: string): Promise<void> {
  if (!out) {
    for await (const c of chunks) if (!process.stdout.write(c)) await once(process.stdout, 'drain');
    return;
  }
  const tmp = `${out}.part`;
  const ws = createWriteStream(tmp);
  try {
    for await (const c of chunks) if (!ws.write(c)) await once(ws, 'drain');
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

/** The store a command works on: --db, else $GONGKAI_DB, else ./gongkai.db (a file path or a postgres:// URL). */
export function dbSpec(flags: Record<string, string | boolean>): string {
  return (flags.db as string | undefined) ?? (process.env.GONGKAI_DB || './gongkai.db');
}

/** The store at `spec`; one that cannot be a store is unusable input (exit 2), not a failure. */
export async function openStore(spec: string): Promise<Store> {
  try {
    return await openAnyStore(spec);
  } catch (err) {
    if (err instanceof StoreError) throw new UsageError(err.message);
    throw err;
  }
}

/** The store at `spec`, which must hold a crawl already (a file must exist; a database is created by its first crawl). */
export async function openExistingStore(spec: string): Promise<Store> {
  if (!isPostgresUrl(spec) && !existsSync(spec)) throw new UsageError(`no store at ${spec} (run gongkai crawl first)`);
  return openStore(spec);
}

/**
 * The files the commands read and write: the store (a file path or a postgres:// URL; one that
 * cannot be a store is unusable input, exit 2) and the exports (written aside, then renamed:
 * never a half-written export).
 */
import { createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { isPostgresUrl, openStore as openAnyStore, StoreError, type Store } from '../scraper/store/index.js';
import { UsageError } from './args.js';

export const DEFAULT_DB = './gongkai.db';

/** The store a command works on: --db, else $GONGKAI_DB, else ./gongkai.db. */
export function dbSpec(flags: Record<string, string | boolean>): string {
  return (flags.db as string | undefined) ?? (process.env.GONGKAI_DB || DEFAULT_DB);
}

/** The store at `spec`, created when absent. */
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

/** To a file (written aside, then renamed) or to stdout. */
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

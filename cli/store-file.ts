/**
 * The files the commands read and write: the store (a file that cannot be one is unusable input,
 * exit 2) and the exports (written aside, then renamed: never a half-written export).
 */
import { createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { Store, StoreError } from '../scraper/store/store.js';
import { UsageError } from './args.js';

export const DEFAULT_DB = './gongkai.db';

/** The store at `file`, created when absent. */
export function openStore(file: string): Store {
  try {
    return new Store(file);
  } catch (err) {
    if (err instanceof StoreError) throw new UsageError(err.message);
    throw err;
  }
}

/** The store at `file`, which must be there already (commands that read a crawl's results). */
export function openExistingStore(file: string): Store {
  if (!existsSync(file)) throw new UsageError(`no store at ${file} (run gongkai crawl first)`);
  return openStore(file);
}

/** To a file (written aside, then renamed) or to stdout. */
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

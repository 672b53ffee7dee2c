/**
 * Whose SQLite file is it? A gongkai store carries gongkai's mark in its header (PRAGMA
 * application_id) and its schema version (PRAGMA user_version). Before a file is opened for
 * writing — before WAL mode is switched on or a table created — its header is read as bytes, and
 * anything that is not a gongkai store (another program's database, a file that is not SQLite)
 * is refused and left exactly as it was. A store made before the mark (schema 1, told by its
 * `meta` table) is migrated (migrations.ts).
 */
import { closeSync, existsSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { StoreError } from './contract.js';

/** 'gkai' */
export const APPLICATION_ID = 0x676b6169;

export type FileVerdict =
  | { kind: 'new' }
  /** a marked gongkai store of this schema version */
  | { kind: 'gongkai'; version: number }
  /** a store of schema 1, from before the mark */
  | { kind: 'unmarked-v1' };

const MAGIC = 'SQLite format 3\0';

/** The first 100 bytes (the database header), or fewer when the file is shorter. */
function header(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(100);
    const n = readSync(fd, buf, 0, 100, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

export function inspectStoreFile(file: string): FileVerdict {
  if (file === ':memory:') return { kind: 'new' };
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new StoreError(`${file} is a folder, not a store file`);
    size = st.size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'new' };
    throw err;
  }
  if (size === 0) return { kind: 'new' };
  const h = header(file);
  if (h.length < 100 || h.toString('latin1', 0, 16) !== MAGIC) throw new StoreError(`${file} is not a gongkai store (not a SQLite file); it was left untouched`);
  // the header on disk may be behind: in WAL mode page 1's latest copy can be in the -wal file,
  // so the mark is read through a read-only connection, which sees both (and writes neither)
  return judge(file, look(file));
}

interface Look {
  appId: number;
  userVersion: number;
  tables: string[];
  metaVersion: string | undefined;
}

function look(file: string): Look {
  // a read-only connection to a WAL-mode file makes -wal and -shm beside it: if they were not
  // there before, they go again, so a refused file's folder is as it was
  const sides = [`${file}-wal`, `${file}-shm`].filter((f) => !existsSync(f));
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const appId = (db.pragma('application_id', { simple: true }) as number) >>> 0;
    const userVersion = db.pragma('user_version', { simple: true }) as number;
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    const metaVersion = tables.includes('meta') ? (db.prepare("SELECT value FROM meta WHERE key = 'store_version'").pluck().get() as string | undefined) : undefined;
    return { appId, userVersion, tables, metaVersion };
  } catch (err) {
    throw new StoreError(`${file} is not a gongkai store (${(err as Error).message}); it was left untouched`);
  } finally {
    db.close();
    for (const f of sides) if (existsSync(f) && (f.endsWith('-shm') || statSync(f).size === 0)) rmSync(f, { force: true });
  }
}

/** Ours (marked, or of schema 1 from before the mark), an empty database, or someone else's. */
function judge(file: string, l: Look): FileVerdict {
  if (l.appId === APPLICATION_ID) return { kind: 'gongkai', version: Math.max(l.userVersion, Number(l.metaVersion) || 0) };
  if (l.appId !== 0) throw new StoreError(`${file} is another program's SQLite database (application_id 0x${l.appId.toString(16)}); gongkai will not write into it, and left it untouched`);
  const v1Tables = ['meta', 'frontier', 'responses', 'blobs', 'records'].every((t) => l.tables.includes(t));
  if (v1Tables && l.metaVersion === '1') return { kind: 'unmarked-v1' };
  if (v1Tables && l.metaVersion !== undefined) return { kind: 'gongkai', version: Number(l.metaVersion) || 0 };
  if (l.tables.length === 0) return { kind: 'new' };
  const shown = l.tables.slice(0, 4).join(', ') + (l.tables.length > 4 ? ', …' : '');
  throw new StoreError(`${file} is another program's SQLite database (tables: ${shown}); gongkai will not write into it, and left it untouched`);
}

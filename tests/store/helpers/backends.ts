/**
 * The store implementations the contract suite runs against, each able to open a fresh store,
 * reopen it, and reach under the contract where a test must (to play an older or newer version).
 * Postgres runs on a throwaway cluster (sites/postgres.ts); where its binaries are absent the
 * suite skips it with a message — except in CI, which installs them, where that is a failure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Store } from '../../../scraper/store/contract.js';
import { openStore } from '../../../scraper/store/index.js';
import { findPostgres, startPostgres, type PostgresCluster } from '../../../sites/postgres.js';

export interface Fresh {
  store: Store;
  /** where the store is (a file or a postgres:// URL), as a user gives it with --db */
  spec: string;
  /** Marks the store as written by another store version. */
  setVersion(v: number): Promise<void>;
  /** Runs one SQL statement on the store's database, as another program would. */
  raw(sql: string): Promise<unknown[]>;
}

export interface Backend {
  name: string;
  /** why this backend is skipped here, or null */
  skip: string | null;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  fresh(): Promise<Fresh>;
}

export function sqliteBackend(): Backend {
  let dir = '';
  let n = 0;
  return {
    name: 'SQLite',
    skip: null,
    async setup() {
      dir = mkdtempSync(join(tmpdir(), 'gongkai-contract-'));
    },
    async teardown() {
      rmSync(dir, { recursive: true, force: true });
    },
    async fresh() {
      const spec = join(dir, `s${++n}.db`);
      const raw = (sql: string) => {
        const db = new Database(spec);
        try {
          const st = db.prepare(sql);
          return st.reader ? st.all() : (st.run(), []);
        } finally {
          db.close();
        }
      };
      return {
        store: await openStore(spec),
        spec,
        setVersion: async (v) => void raw(`UPDATE meta SET value = '${v}' WHERE key = 'store_version'`),
        raw: async (sql) => raw(sql),
      };
    },
  };
}

/** Postgres on a cluster of the suite's own; skipped (not in CI) without the binaries. */
export function postgresBackend(): Backend {
  const found = findPostgres();
  const skip = 'missing' in found && !process.env.CI ? found.missing : null;
  let cluster: PostgresCluster | null = null;
  let n = 0;
  return {
    name: 'Postgres',
    skip,
    async setup() {
      cluster = await startPostgres();
    },
    async teardown() {
      await cluster?.stop();
    },
    async fresh() {
      const spec = await cluster!.createDatabase(`c${++n}`);
      const raw = async (sql: string) => {
        const c = new pg.Client({ connectionString: spec });
        await c.connect();
        try {
          return (await c.query(sql)).rows;
        } finally {
          await c.end();
        }
      };
      return {
        store: await openStore(spec),
        spec,
        setVersion: async (v) => void (await raw(`INSERT INTO schema_version (version, what, applied_at) VALUES (${v}, 'from the future', 'now')`)),
        raw,
      };
    },
  };
}

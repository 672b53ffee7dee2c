/**
 * The store's schema versions (PRAGMA user_version) and the steps between them. A new store is
 * made at the latest version by schema.sql; an older one is brought up step by step, each step
 * one transaction, so a store is always at exactly one version.
 *
 * 1 → 2: raw pages compressed (blobs.codec: NULL raw, 'br' brotli; old pages stay raw and are
 *        read as before), the CSV columns of start URLs (inputs), and the header mark.
 * 2 → 3: records compressed (records.json_codec: NULL JSON text, 'br' brotli of it; old records
 *        stay text and are read as before).
 */
import type Database from 'better-sqlite3';
import { APPLICATION_ID } from './sqlite-file.js';

export const SCHEMA_VERSION = 3;

const STEPS: { to: number; up: (db: Database.Database) => void }[] = [
  {
    to: 2,
    up: (db) => {
      const cols = db.prepare('PRAGMA table_info(blobs)').all() as { name: string }[];
      if (!cols.some((c) => c.name === 'codec')) db.exec('ALTER TABLE blobs ADD COLUMN codec TEXT');
      db.exec('CREATE TABLE IF NOT EXISTS inputs (url TEXT PRIMARY KEY, columns TEXT NOT NULL)');
    },
  },
  {
    to: 3,
    up: (db) => {
      const cols = db.prepare('PRAGMA table_info(records)').all() as { name: string }[];
      if (!cols.some((c) => c.name === 'json_codec')) db.exec('ALTER TABLE records ADD COLUMN json_codec TEXT');
    },
  },
];

/** Brings a store from `from` to SCHEMA_VERSION and marks it; one transaction per step. */
export function migrate(db: Database.Database, from: number): void {
  for (const step of STEPS) {
    if (step.to <= from) continue;
    db.transaction(() => {
      step.up(db);
      mark(db, step.to);
    })();
  }
}

/** The mark of a gongkai store at `version`: header fields, and the meta row older readers look at. */
export function mark(db: Database.Database, version: number): void {
  db.pragma(`application_id = ${APPLICATION_ID | 0}`);
  db.pragma(`user_version = ${version}`);
  db.prepare("INSERT INTO meta (key, value) VALUES ('store_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(String(version));
}

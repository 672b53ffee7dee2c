/**
 * One way to open a store: a `postgres://` or `postgresql://` URL is a Postgres store shared by
 * workers; anything else is the path of a SQLite file.
 */
import type { Store } from './contract.js';
import { SqliteStore } from './sqlite.js';

export * from './contract.js';

/** Whether `spec` names a Postgres database rather than a file. */
export const isPostgresUrl = (spec: string) => /^postgres(ql)?:\/\//i.test(spec);

export async function openStore(spec: string): Promise<Store> {
  if (isPostgresUrl(spec)) {
    // loaded only when asked for: a SQLite user never loads the driver
    const { PostgresStore } = await import('./postgres.js');
    return PostgresStore.open(spec);
  }
  return new SqliteStore(spec);
}

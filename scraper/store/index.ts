/**
 * One way to open a store: a `postgres://` or `postgresql://` URL is a Postgres store shared by
 * workers; anything else is the path of a SQLite file.
 */
import { StoreError, type Store } from './contract.js';
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
  // any other URL is not a file name: taken as one it would make a folder "mysql:" here
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) throw new StoreError(`${spec}: not a store gongkai can open (a SQLite file path, or postgres://…)`);
  return new SqliteStore(spec);
}

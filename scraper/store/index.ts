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
  if (isPostgresUrl(spec)) throw new StoreError(`${spec}: Postgres stores are not available in this build`);
  return new SqliteStore(spec);
}

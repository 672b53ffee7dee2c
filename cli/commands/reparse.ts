/** gongkai reparse [--db FILE]: re-read every stored page with the current parser, offline. */
import { existsSync } from 'node:fs';
import { reparseStore } from '../../scraper/crawl/reparse.js';
import { openStore } from './export.js';
import { parseArgs, UsageError } from '../args.js';

export async function run(args: string[]): Promise<number> {
  const { flags, positional } = parseArgs(args, { db: 'string', quiet: 'boolean' });
  if (positional.length) throw new UsageError(`unexpected argument ${positional[0]}`);
  const db = (flags.db as string | undefined) ?? './gongkai.db';
  if (!existsSync(db)) throw new UsageError(`no store at ${db} (run gongkai crawl first)`);
  const store = openStore(db);
  try {
    const r = reparseStore(store);
    if (!flags.quiet) process.stderr.write(`gongkai reparse: ${r.pages} pages re-parsed with parser ${r.parserVersion}: ${r.reports} reports, ${r.changed} records changed, ${r.series} series rows\n`);
    return 0;
  } finally {
    store.close();
  }
}

/** gongkai reparse [--db FILE]: re-read every stored page with the current parser, offline. */
import { reparseStore } from '../../scraper/crawl/reparse.js';
import { parseArgs, UsageError } from '../args.js';
import { dbSpec, openExistingStore } from '../store-file.js';

export async function run(args: string[]): Promise<number> {
  const { flags, positional } = parseArgs(args, { db: 'string', quiet: 'boolean' });
  if (positional.length) throw new UsageError(`unexpected argument ${positional[0]}`);
  const store = await openExistingStore(dbSpec(flags));
  try {
    const r = await reparseStore(store);
    if (!flags.quiet) process.stderr.write(`gongkai reparse: ${r.pages} pages re-parsed with parser ${r.parserVersion}: ${r.reports} reports, ${r.changed} records changed, ${r.series} series rows\n`);
    return 0;
  } finally {
    await store.close();
  }
}

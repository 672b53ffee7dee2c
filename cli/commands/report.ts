/**
 * gongkai report [--db FILE] --out report.html [--lang zh|en] [filters]: one self-contained HTML
 * file of every body's series (cli/report/html.ts), written aside and renamed.
 */
import type { BodySeries } from '../../parser/index.js';
import { bodyViews } from '../../scraper/store/dataset.js';
import { parseArgs, UsageError } from '../args.js';
import { FILTER_FLAGS, filterFlags } from '../filters.js';
import { reportHtml } from '../report/html.js';
import { dbSpec, openExistingStore, writeExport } from '../store-file.js';

export async function run(args: string[]): Promise<number> {
  const { flags, positional } = parseArgs(args, { db: 'string', out: 'string', lang: 'string', ...FILTER_FLAGS });
  if (positional.length) throw new UsageError(`unexpected argument ${positional[0]}`);
  const out = flags.out as string | undefined;
  if (!out) throw new UsageError('--out FILE is needed (the report is one HTML file)');
  const lang = (flags.lang as string | undefined) ?? 'zh';
  if (lang !== 'zh' && lang !== 'en') throw new UsageError('--lang must be zh or en');
  const filter = filterFlags(flags);
  const store = await openExistingStore(dbSpec(flags));
  try {
    const views: BodySeries[] = [];
    for await (const v of bodyViews(store, filter)) views.push(v);
    await writeExport([reportHtml(views, lang, new Date().toISOString().slice(0, 19).replace('T', ' ') + ' UTC')], out);
    process.stderr.write(`gongkai report: ${views.length} bodies, ${views.reduce((n, v) => n + v.years.length, 0)} reports → ${out}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

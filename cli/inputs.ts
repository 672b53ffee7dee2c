/**
 * The start URLs of `gongkai crawl`: those on the command line and those of `--from FILE`, each
 * checked. A malformed one is reported and skipped (and recorded in the store as a failed input);
 * only when none is usable is the crawl refused (exit 2), before any store is opened.
 */
import { readFileSync } from 'node:fs';
import { argInputs, checkStartUrl, readInputs, type Inputs } from '../scraper/crawl/inputs.js';
import { UsageError } from './args.js';

export function gatherInputs(args: string[], from?: string, list?: string, refresh = false): Inputs {
  const all = argInputs(args);
  if (from !== undefined) {
    let text: string;
    try {
      text = readFileSync(from, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read --from ${from}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const file = readInputs(text);
    all.inputs.push(...file.inputs);
    all.bad.push(...file.bad.map((b) => ({ ...b, text: b.text, reason: `${from}:${b.line}: ${b.reason}` })));
    all.columns = file.columns;
  }
  // one URL given twice is one start (the later line's columns win)
  const seen = new Map(all.inputs.map((i) => [i.url, i]));
  all.inputs = [...seen.values()];
  if (list !== undefined) {
    const c = checkStartUrl(list);
    if ('reason' in c) throw new UsageError(`--list ${list}: ${c.reason}`);
    // the list page is where the starts come from: enough on its own
    if (all.inputs.length === 0) return all;
  }
  // a refresh starts from what the store holds
  if (all.inputs.length === 0 && refresh && all.bad.length === 0) return all;
  if (all.inputs.length === 0) {
    if (all.bad.length === 0) throw new UsageError(from !== undefined ? `no start URL in ${from}` : 'give at least one start URL, or --from FILE');
    const first = all.bad[0];
    const more = all.bad.length > 1 ? ` (and ${all.bad.length - 1} more)` : '';
    throw new UsageError(`no usable start URL: ${first.text}: ${first.reason}${more}`);
  }
  return all;
}

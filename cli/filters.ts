/** The report filters that export, series and report share: --entity --body --year --from-year --to-year. */
import type { DatasetFilter } from '../scraper/store/dataset.js';
import { intFlag, UsageError } from './args.js';

export const FILTER_FLAGS = { entity: 'string', body: 'string', year: 'string', 'from-year': 'string', 'to-year': 'string' } as const;

export const FILTER_HELP = [
  '--entity NAME         only reports whose title names exactly this body',
  '--body NAME           only this body, by its normalised key (洪泽区人民政府 finds 洪泽区 and 淮安市洪泽区)',
  '--year Y              only the reports on year Y',
  '--from-year Y, --to-year Y   only years from / up to Y (series checks still compare with the year before)',
];

export function filterFlags(flags: Record<string, string | boolean>): DatasetFilter {
  const f: DatasetFilter = {};
  if (typeof flags.entity === 'string') f.entity = flags.entity;
  if (typeof flags.body === 'string') f.body = flags.body;
  if (flags.year !== undefined) f.year = intFlag(flags, 'year', 0, 1900);
  if (flags['from-year'] !== undefined) f.fromYear = intFlag(flags, 'from-year', 0, 1900);
  if (flags['to-year'] !== undefined) f.toYear = intFlag(flags, 'to-year', 0, 1900);
  if (f.fromYear !== undefined && f.toYear !== undefined && f.fromYear > f.toYear) throw new UsageError('--from-year is after --to-year');
  return f;
}

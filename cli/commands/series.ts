/**
 * gongkai series [--db FILE] [--body B] [filters] [--lang zh|en] [--json]: per body, the years
 * found (gaps shown), the main figures over the years, and each year's verdict with the checks
 * that need a look, the cross-year ones included, each said as the panel and the report say it.
 */
import { FIGURES, isSoftCheck, sentence, yearContext, type BodySeries, type Check, type FindingContext, type Lang, type Verdict } from '../../parser/index.js';
import { bodyViews } from '../../scraper/store/dataset.js';
import { parseArgs, UsageError } from '../args.js';
import { FILTER_FLAGS, filterFlags } from '../filters.js';
import { dbSpec, openExistingStore } from '../store-file.js';
import { pad, width } from '../terminal.js';

export async function run(args: string[]): Promise<number> {
  const { flags, positional } = parseArgs(args, { db: 'string', json: 'boolean', lang: 'string', ...FILTER_FLAGS });
  if (positional.length) throw new UsageError(`unexpected argument ${positional[0]}`);
  const lang = (flags.lang as string | undefined) ?? 'zh';
  if (lang !== 'zh' && lang !== 'en') throw new UsageError('--lang must be zh or en');
  const filter = filterFlags(flags);
  const store = await openExistingStore(dbSpec(flags));
  try {
    let n = 0;
    for await (const view of bodyViews(store, filter)) {
      n++;
      process.stdout.write(flags.json ? JSON.stringify(seriesJson(view, lang)) + '\n' : seriesText(view, lang) + '\n');
    }
    if (n === 0) process.stderr.write(`gongkai series: no reports${filter.body ? ` of a body named ${filter.body}` : ''} in the store\n`);
    return 0;
  } finally {
    await store.close();
  }
}

const MARK: Record<Verdict, string> = { pass: '✓', fail: '✗', unconfirmed: '?' };

function fmt(v: number | null, share = false): string {
  if (v === null) return '—';
  return share ? `${Math.round(v * 1000) / 10}%` : String(v);
}

/**
 * One line per failing or undecided check, as a sentence a reader can check against the page
 * (where, the printed number, the sum, the difference, the rule), marked ✗ for a hard fail, ~ for
 * a soft one and ? for one that cannot be judged; prose findings say what they are themselves.
 */
export function checkLine(ctx: FindingContext, c: Check): string {
  const text = sentence(ctx, c);
  if (c.id.startsWith('narrative.')) return text;
  return `${c.status === 'fail' ? (isSoftCheck(c) ? '~' : '✗') : '?'} ${text}`;
}

export function seriesText(v: BodySeries, lang: Lang = 'zh'): string {
  const lines: string[] = [];
  const span = v.years.length ? `${v.years[0].year}–${v.years[v.years.length - 1].year}` : 'no year';
  lines.push(`${v.body}   (${v.entities.join(' · ')}${v.sites.length ? ` — ${v.sites.join(', ')}` : ''})`);
  lines.push(`  years ${span}: ${v.years.map((y) => y.year).join(' ')}${v.gaps.length ? `   missing: ${v.gaps.join(' ')}` : ''}`);
  const head = ['year', 'verdict', ...FIGURES.map((f) => f.zh)];
  const rows = v.years.map((y) => [String(y.year), `${MARK[y.verdict]} ${y.counts.fail ? `${y.counts.fail}✗ ` : ''}${y.counts.soft ? `${y.counts.soft}~ ` : ''}${y.counts.uncertain ? `${y.counts.uncertain}?` : ''}`.trim(), ...FIGURES.map((f) => fmt(y.figures[f.id], f.share))]);
  const w = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => pad(c, w[i])).join('  ').trimEnd();
  lines.push(line(head), ...rows.map(line));
  for (const [i, y] of v.years.entries()) {
    const ctx = yearContext(v, i, lang);
    const notes = [...y.failing, ...y.prose].map((c) => checkLine(ctx, c));
    if (y.row.duplicateUrls.length) notes.push(`also at ${y.row.duplicateUrls.join(' ')}`);
    if (notes.length) lines.push(`  ${y.year} ${y.row.record.source.url ?? ''}`, ...notes.map((t) => `    ${t}`));
  }
  for (const o of v.others) lines.push(`  not in the series: ${o.record.year ?? '?'} ${o.record.source.url ?? ''} (another report of that year is used)`);
  return lines.join('\n') + '\n';
}

/** A finding for machines: the check's own fields (id, scope, status, both sides, cells) and its sentence. */
function findingJson(ctx: FindingContext, c: Check) {
  return { id: c.id, scope: c.scope, status: c.status, soft: isSoftCheck(c), left: c.left, right: c.right, cells: c.cells, sentence: sentence(ctx, c) };
}

export function seriesJson(v: BodySeries, lang: Lang = 'zh') {
  return {
    body: v.body, entities: v.entities, sites: v.sites, gaps: v.gaps,
    years: v.years.map((y, i) => {
      const ctx = yearContext(v, i, lang);
      return {
        year: y.year, reportId: y.row.reportId, url: y.row.record.source.url, duplicateUrls: y.row.duplicateUrls,
        verdict: y.verdict, counts: y.counts, figures: y.figures, findings: [...y.failing, ...y.prose].map((c) => findingJson(ctx, c)),
      };
    }),
  };
}

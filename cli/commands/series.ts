/**
 * gongkai series [--db FILE] [--body B] [filters] [--json]: per body, the years found (gaps
 * shown), the main figures over the years, and each year's verdict with the checks that need a
 * look, the cross-year ones included.
 */
import { FIGURES, isSoftCheck, narrativeSentence, type BodySeries, type Check, type Verdict } from '../../parser/index.js';
import { bodyViews } from '../../scraper/store/dataset.js';
import { parseArgs, UsageError } from '../args.js';
import { FILTER_FLAGS, filterFlags } from '../filters.js';
import { dbSpec, openExistingStore } from '../store-file.js';
import { pad, width } from '../terminal.js';

export async function run(args: string[]): Promise<number> {
  const { flags, positional } = parseArgs(args, { db: 'string', json: 'boolean', ...FILTER_FLAGS });
  if (positional.length) throw new UsageError(`unexpected argument ${positional[0]}`);
  const filter = filterFlags(flags);
  const store = await openExistingStore(dbSpec(flags));
  try {
    let n = 0;
    for await (const view of bodyViews(store, filter)) {
      n++;
      process.stdout.write(flags.json ? JSON.stringify(seriesJson(view)) + '\n' : seriesText(view) + '\n');
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

/** One line per failing or undecided check, in words a reader can check against the page. */
export function checkLine(c: Check): string {
  if (c.id.startsWith('narrative.')) return narrativeSentence(c, 'zh');
  const mark = c.status === 'fail' ? (isSoftCheck(c) ? '~' : '✗') : '?';
  const sides = c.left !== null || c.right !== null ? ` ${fmt(c.left)} ≠ ${fmt(c.right)}` : '';
  return `${mark} ${c.id} [${c.scope}]${sides}${c.note ? ` — ${c.note}` : ''}`;
}

export function seriesText(v: BodySeries): string {
  const lines: string[] = [];
  const span = v.years.length ? `${v.years[0].year}–${v.years[v.years.length - 1].year}` : 'no year';
  lines.push(`${v.body}   (${v.entities.join(' · ')}${v.sites.length ? ` — ${v.sites.join(', ')}` : ''})`);
  lines.push(`  years ${span}: ${v.years.map((y) => y.year).join(' ')}${v.gaps.length ? `   missing: ${v.gaps.join(' ')}` : ''}`);
  const head = ['year', 'verdict', ...FIGURES.map((f) => f.zh)];
  const rows = v.years.map((y) => [String(y.year), `${MARK[y.verdict]} ${y.counts.fail ? `${y.counts.fail}✗ ` : ''}${y.counts.soft ? `${y.counts.soft}~ ` : ''}${y.counts.uncertain ? `${y.counts.uncertain}?` : ''}`.trim(), ...FIGURES.map((f) => fmt(y.figures[f.id], f.share))]);
  const w = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => pad(c, w[i])).join('  ').trimEnd();
  lines.push(line(head), ...rows.map(line));
  for (const y of v.years) {
    const notes = [...y.failing, ...y.prose].map(checkLine);
    if (y.row.duplicateUrls.length) notes.push(`also at ${y.row.duplicateUrls.join(' ')}`);
    if (notes.length) lines.push(`  ${y.year} ${y.row.record.source.url ?? ''}`, ...notes.map((t) => `    ${t}`));
  }
  for (const o of v.others) lines.push(`  not in the series: ${o.record.year ?? '?'} ${o.record.source.url ?? ''} (another report of that year is used)`);
  return lines.join('\n') + '\n';
}

export function seriesJson(v: BodySeries) {
  return {
    body: v.body, entities: v.entities, sites: v.sites, gaps: v.gaps,
    years: v.years.map((y) => ({
      year: y.year, reportId: y.row.reportId, url: y.row.record.source.url, duplicateUrls: y.row.duplicateUrls,
      verdict: y.verdict, counts: y.counts, figures: y.figures, findings: [...y.failing, ...y.prose].map(checkLine),
    })),
  };
}

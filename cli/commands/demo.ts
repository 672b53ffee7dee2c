/**
 * gongkai demo: serves the bundled demo site on 127.0.0.1, crawls it into ./demo/gongkai.db
 * (fresh each run), exports ./demo/reports.csv and ./demo/checks.csv, and prints the years
 * found with their checks. Works offline; without Chromium the script-drawn page is named as
 * needing a browser and the rest completes.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { exportChunks, exportRecords } from '../../scraper/store/export.js';
import { startDemoSite } from '../../sites/demo-site.js';
import type { DatasetReport, ReportRecord } from '../../parser/index.js';
import { browserFlag, parseArgs, UsageError } from '../args.js';
import { crawlToStore } from '../crawl-run.js';
import { openStore, writeExport } from '../store-file.js';
import { pad, width } from '../terminal.js';

export async function run(args: string[]): Promise<number> {
  const { flags, positional } = parseArgs(args, { dir: 'string', browser: 'string', quiet: 'boolean' });
  if (positional.length) throw new UsageError(`unexpected argument ${positional[0]}`);
  const dir = (flags.dir as string | undefined) ?? './demo';
  const browser = browserFlag(flags);
  const db = join(dir, 'gongkai.db');
  mkdirSync(dir, { recursive: true });
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });

  const site = await startDemoSite();
  const out = process.stdout;
  out.write(`gongkai demo: serving the demo site at ${site.server.origin} (${site.entries.length} pages), crawling from\n  ${site.startUrl}\n`);
  let summary;
  try {
    ({ summary } = await crawlToStore([site.startUrl], { db, delayMs: 50, browser, quiet: Boolean(flags.quiet) }));
  } finally {
    await site.server.close();
  }
  const store = await openStore(db);
  try {
    const records: DatasetReport[] = [];
    for await (const r of exportRecords(store)) records.push(r);
    await writeExport(exportChunks(records, 'csv'), join(dir, 'reports.csv'));
    await writeExport(exportChunks(records, 'checks'), join(dir, 'checks.csv'));
    out.write('\n' + demoTable(records.map((d) => d.record)) + '\n');
    for (const r of (await store.responses()).filter((x) => x.via === 'browser')) out.write(`rendered with Chromium: ${r.url} (its 上一篇/下一篇 are drawn by script)\n`);
    for (const e of summary.neededBrowser) out.write(`note: ${e.url} draws its 上一篇/下一篇 with script and needed a browser: ${e.message}\n`);
    out.write(`\nstore   ${db}\nexports ${join(dir, 'reports.csv')} (one row per cell) · ${join(dir, 'checks.csv')} (one row per check)\n`);
    out.write(`more:   npx gongkai export --db ${db} --format wide|jsonl\n`);
    return 0;
  } finally {
    await store.close();
  }
}

/** The years found and their checks: counts per status, failing rules named (with their scopes). */
export function demoTable(records: ReportRecord[]): string {
  const head = ['body', 'year', 'format', 'layout', 'pass', 'fail', 'uncertain', 'failing rules'];
  const rows = records.map((r) => {
    const n = (s: string) => String(r.checks.filter((c) => c.status === s).length);
    const failing = new Map<string, string[]>();
    for (const c of r.checks) if (c.status === 'fail') failing.set(c.id, [...(failing.get(c.id) ?? []), c.scope]);
    const gaps = r.checks.filter((c) => c.id === 'series.gap').map((c) => `missing ${c.scope}`);
    const named = [...[...failing].map(([id, scopes]) => `${id} (${scopes.join(', ')})`), ...gaps].join('; ');
    return [r.entity ?? '?', String(r.year ?? '?'), r.format, r.layout ?? '-', n('pass'), n('fail'), n('uncertain'), named || '—'];
  });
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]))).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') +
    '\n(checks include series.carry and series.in_force against the year before, when it was found)';
}

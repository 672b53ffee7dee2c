/**
 * `npm run bench`: every benchmark in one run — parser (bench/parser.ts), crawler (bench/crawl.ts →
 * benchCrawl), extension (bench/extension.ts → benchExtension), report files (bench/files.ts →
 * benchFiles), the researchers' dataset (bench/dataset.ts → benchDataset: export and report
 * of 2,000 reports) and workers on Postgres (bench/workers.ts → benchWorkers) — as one table, each target
 * marked met or not, and the figures written to bench/results.json with the machine (CPU count and
 * model, Node version) so that two runs can be compared. A part that is not there, or whose
 * prerequisites are missing, is skipped with a message; a part that fails is reported and the run
 * goes on (exit code 1 at the end).
 * Options: --only parser,crawl,origins,extension,files,dataset,workers   --out FILE (default bench/results.json)
 */
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

type Figures = Record<string, number | string>;

interface Part {
  name: string;
  file: string;
  exportName: string;
}

const HERE = fileURLToPath(new URL('.', import.meta.url));
const PARTS: Part[] = [
  { name: 'parser', file: 'parser.ts', exportName: 'benchParser' },
  { name: 'crawl', file: 'crawl.ts', exportName: 'benchCrawl' },
  { name: 'origins', file: 'origins.ts', exportName: 'benchManyOrigins' },
  { name: 'extension', file: 'extension.ts', exportName: 'benchExtension' },
  { name: 'files', file: 'files.ts', exportName: 'benchFiles' },
  { name: 'dataset', file: 'dataset.ts', exportName: 'benchDataset' },
  { name: 'workers', file: 'workers.ts', exportName: 'benchWorkers' },
];

/** The targets the project set, by figure: met when `value op limit`. */
interface Target {
  key: string;
  op: '<=' | '<' | '>=';
  limit: number;
  says: string;
}
export const TARGETS: Target[] = [
  { key: 'parser_all_html_ratio_vs_cheerio', op: '<=', limit: 3, says: 'parse + checks within 3× of cheerio.load alone (all HTML pages)' },
  { key: 'parser_fixtures_html_ratio_vs_cheerio', op: '<=', limit: 3, says: 'the same, fixture HTML pages' },
  { key: 'parser_generated_html_ratio_vs_cheerio', op: '<=', limit: 3, says: 'the same, generated HTML pages' },
  { key: 'parser_real_html_ratio_vs_cheerio', op: '<=', limit: 3, says: 'the same, real HTML pages (../shared/real)' },
  { key: 'parser_all_max_page_ms', op: '<=', limit: 50, says: 'no single page over 50 ms' },
  { key: 'parser_all_max_page_cpu_ms', op: '<=', limit: 50, says: 'the same in CPU time (what a busy machine changes least)' },
  { key: 'parser_all_html_ratio_vs_cheerio_cpu', op: '<=', limit: 3, says: 'the 3× target in CPU time (all HTML pages)' },
  { key: 'crawl.throughput_ratio', op: '>=', limit: 0.7, says: 'crawl within 70% of a bare fetch + cheerio.load loop' },
  { key: 'crawl.peak_rss_mb', op: '<', limit: 300, says: 'crawl peak resident memory < 300 MB' },
  { key: 'workers.ratio_to_bound', op: '<=', limit: 1.5, says: '3 workers on Postgres, 60 origins × 20 pages, --delay 200: within 1.5× the politeness bound' },
  { key: 'crawl.origins_20x30.ratio', op: '<=', limit: 1.5, says: '20 sites × 30 pages within 1.5× of the slowest site alone' },
  { key: 'crawl.origins_100x20.ratio', op: '<=', limit: 2, says: '100 sites × 20 pages within 2× of the slowest site alone' },
  { key: 'crawl.origins_100x20.peak_rss_mb', op: '<', limit: 400, says: '100 sites at once under 400 MB' },
  { key: 'crawl.origins_20x30.pages_stored_vs_raw', op: '<=', limit: 0.3, says: 'report pages stored in ≤ 30 % of their raw bytes' },
  { key: 'crawl.origins_20x30.store_file_vs_raw', op: '<=', limit: 0.3, says: 'the whole store file (pages, records, frontier) ≤ 30 % of the raw page bytes' },
  { key: 'extension_panel_after_load_ms_median', op: '<', limit: 150, says: 'extension panel on screen < 150 ms after load' },
  { key: 'dataset.export_wide_s', op: '<', limit: 10, says: 'wide export of 2,000 reports < 10 s' },
  { key: 'dataset.export_csv_s', op: '<', limit: 10, says: 'long (cell) export of 2,000 reports < 10 s' },
  { key: 'dataset.report_s', op: '<', limit: 10, says: 'gongkai report of 2,000 reports < 10 s' },
  { key: 'extension_content_script_bytes', op: '<', limit: 250 * 1024, says: 'content script < 250 KB' },
  { key: 'files_pdf_parse_ms', op: '<=', limit: 250, says: 'a 5-page report PDF parsed warm in ≤ 250 ms' },
  { key: 'files_pdf_parse_cpu_ms', op: '<=', limit: 250, says: 'the same in CPU time' },
];

function parseOptions(argv: string[]) {
  let only: Set<string> | null = null;
  let out = join(HERE, 'results.json');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--only') only = new Set((argv[++i] ?? '').split(',').filter(Boolean));
    else if (argv[i] === '--out') out = argv[++i];
    else throw new Error(`bench: unknown option ${argv[i]} (use --only parser,crawl,origins,extension,files,dataset,workers and --out FILE)`);
  }
  return { only, out };
}

async function runPart(p: Part): Promise<{ status: 'ok' | 'skipped' | 'failed'; message?: string; figures: Figures; seconds: number }> {
  const path = join(HERE, p.file);
  const t0 = performance.now();
  const secs = () => Math.round((performance.now() - t0) / 100) / 10;
  if (!existsSync(path)) return { status: 'skipped', message: `bench/${p.file} is not there yet`, figures: {}, seconds: 0 };
  try {
    const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    const fn = mod[p.exportName];
    if (typeof fn !== 'function') return { status: 'skipped', message: `bench/${p.file} does not export ${p.exportName}()`, figures: {}, seconds: secs() };
    const figures = (await (fn as () => Promise<Figures>)()) ?? {};
    const skipped = Object.entries(figures).find(([k]) => k.endsWith('_skipped'));
    if (skipped) return { status: 'skipped', message: String(skipped[1]), figures, seconds: secs() };
    return { status: 'ok', figures, seconds: secs() };
  } catch (err) {
    return { status: 'failed', message: err instanceof Error ? err.stack ?? err.message : String(err), figures: {}, seconds: secs() };
  }
}

export function judge(figures: Figures) {
  return TARGETS.filter((t) => typeof figures[t.key] === 'number').map((t) => {
    const v = figures[t.key] as number;
    const met = t.op === '<=' ? v <= t.limit : t.op === '<' ? v < t.limit : v >= t.limit;
    return { key: t.key, target: `${t.op} ${t.limit}`, value: v, met, says: t.says };
  });
}

async function main() {
  const { only, out } = parseOptions(process.argv.slice(2));
  const started = new Date().toISOString();
  const cpu = cpus();
  const machine = {
    cpus: cpu.length,
    cpuModel: cpu[0]?.model?.trim() ?? 'unknown',
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: (await import('node:os')).loadavg().map((x) => Math.round(x * 100) / 100),
  };
  console.log(`gongkai bench — ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, load ${machine.loadAverage.join(' ')}`);
  const parts: Record<string, unknown> = {};
  const all: Figures = {};
  let failed = false;
  for (const p of PARTS) {
    if (only && !only.has(p.name)) continue;
    console.log(`\n== ${p.name}`);
    const r = await runPart(p);
    parts[p.name] = r;
    if (r.status !== 'ok') console.log(`   ${r.status}: ${r.message}`);
    if (r.status === 'failed') failed = true;
    for (const [k, v] of Object.entries(r.figures)) {
      all[k] = v;
      console.log(`   ${k.padEnd(52)} ${v}`);
    }
    if (r.status === 'ok') console.log(`   (${r.seconds} s)`);
  }
  const targets = judge(all);
  if (targets.length) {
    console.log('\n== targets');
    for (const t of targets) console.log(`   ${t.met ? 'MET    ' : 'NOT MET'}  ${t.key.padEnd(44)} ${String(t.value).padStart(10)} ${t.target.padEnd(10)} ${t.says}`);
  }
  const result = { started, finished: new Date().toISOString(), machine, parts, targets };
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(`\nwritten: ${out}`);
  if (failed) process.exitCode = 1;
}

// run when started as a script (npm run bench), not when a test imports judge()
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();

/**
 * Parser bench: reports per second on one core (Node runs parseReport on its one main thread),
 * side by side with `cheerio.load` alone on the same pages, per set of pages:
 *   - `fixtures`: the repository's own fixture pages (tests/fixtures/*.txt|html)
 *   - `generated`: pages from sites/gen.ts (2021 and 2019, all three layouts), fixed seed
 *   - `real`: /work/shared/real pages (../shared/real), when that folder is there
 * The 3× target is judged on HTML pages (`*_html_ratio_vs_cheerio`): cheerio.load of a page's
 * markup is the baseline the target names. Text pages are also handed to cheerio.load as they are
 * (it wraps them in <html><body>) for the all-pages ratio, but loading text with no markup costs
 * next to nothing, so that ratio is information, not the target. Each page is warmed up, then timed until it has run both MIN_RUNS times and
 * MIN_MS in all; its time is the median of its runs.
 * Targets: parse + checks within 3× of cheerio.load alone; no page over 50 ms.
 * Run alone: `node bin/run-ts.js bench/parser.ts`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as cheerio from 'cheerio';
import fc from 'fast-check';
import { parseReport } from '../parser/index.js';
import { LAYOUTS, renderOptionsArb, renderPage, smallCountArb, valuesArb } from '../sites/gen.js';

export const PARSER_TARGETS = { ratio: 3, maxPageMs: 50 } as const;

const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const MIN_RUNS = Number(process.env.BENCH_MIN_RUNS ?? 7);
const MIN_MS = Number(process.env.BENCH_MIN_MS ?? 150);
const MAX_RUNS = 200;
const GENERATED_REPORTS = Number(process.env.BENCH_GENERATED ?? 8);

export interface BenchPage {
  set: 'fixtures' | 'generated' | 'real';
  name: string;
  text: string;
  as: 'html' | 'text';
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const REAL_DIR = join(ROOT, '..', 'shared', 'real');

function readDir(dir: string, set: BenchPage['set']): BenchPage[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.(txt|html?)$/.test(f))
    .sort()
    .map((f) => ({ set, name: f, text: readFileSync(join(dir, f), 'utf8'), as: /\.html?$/.test(f) ? 'html' as const : 'text' as const }));
}

/** Generated pages: half of ordinary bodies, half of small ones, each in the three layouts. */
export function generatedPages(n = GENERATED_REPORTS): BenchPage[] {
  const any = fc.sample(fc.tuple(valuesArb(), renderOptionsArb), { numRuns: Math.ceil(n / 2), seed: 20261128 });
  const small = fc.sample(fc.tuple(valuesArb(undefined, smallCountArb), renderOptionsArb), { numRuns: Math.floor(n / 2), seed: 20261129 });
  const out: BenchPage[] = [];
  [...any, ...small].forEach(([v, o], i) => {
    for (const layout of LAYOUTS) {
      const p = renderPage(v, layout, o);
      out.push({ set: 'generated', name: `gen-${i}-${v.format}-${layout}`, text: p.text, as: p.as });
    }
  });
  return out;
}

export function benchPages(): BenchPage[] {
  return [...readDir(join(ROOT, 'tests', 'fixtures'), 'fixtures'), ...generatedPages(), ...readDir(REAL_DIR, 'real')];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Median wall time of fn in ms (performance.now()), after warm-up runs, and the median CPU time
 * of this process over the same runs: on a machine busy with other work the wall time grows, the
 * CPU time much less, so the two together tell a slow parser from a busy machine.
 */
function timeIt(fn: () => unknown): { wall: number; cpu: number } {
  for (let i = 0; i < WARMUP; i++) fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  let total = 0;
  while ((wall.length < MIN_RUNS || total < MIN_MS) && wall.length < MAX_RUNS) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    const dt = performance.now() - t0;
    const c = process.cpuUsage(c0);
    wall.push(dt);
    cpu.push((c.user + c.system) / 1000);
    total += dt;
  }
  return { wall: median(wall), cpu: median(cpu) };
}

export interface PageTiming {
  page: BenchPage;
  parseMs: number;
  cheerioMs: number;
  parseCpuMs: number;
  cheerioCpuMs: number;
}

export function timePages(pages: BenchPage[]): PageTiming[] {
  return pages.map((page) => {
    const p = timeIt(() => parseReport(page.text, { as: page.as }));
    const c = timeIt(() => cheerio.load(page.text));
    return { page, parseMs: p.wall, cheerioMs: c.wall, parseCpuMs: p.cpu, cheerioCpuMs: c.cpu };
  });
}

const r2 = (x: number) => Math.round(x * 100) / 100;

export async function benchParser(): Promise<Record<string, number | string>> {
  const timings = timePages(benchPages());
  const out: Record<string, number | string> = {
    parser_method: `median of ≥${MIN_RUNS} runs and ≥${MIN_MS} ms per page after ${WARMUP} warm-up runs; one core; text pages given to cheerio.load as they are`,
  };
  const sets = ['fixtures', 'generated', 'real', 'all'] as const;
  for (const set of sets) {
    const ts = set === 'all' ? timings : timings.filter((t) => t.page.set === set);
    if (ts.length === 0) {
      out[`parser_${set}`] = set === 'real' ? `skipped: ${REAL_DIR} is not there` : 'no pages';
      continue;
    }
    const parse = ts.reduce((s, t) => s + t.parseMs, 0);
    const load = ts.reduce((s, t) => s + t.cheerioMs, 0);
    const html = ts.filter((t) => t.page.as === 'html');
    const worst = ts.reduce((a, b) => (b.parseMs > a.parseMs ? b : a));
    out[`parser_${set}_pages`] = ts.length;
    out[`parser_${set}_bytes`] = ts.reduce((s, t) => s + Buffer.byteLength(t.page.text), 0);
    out[`parser_${set}_reports_per_s`] = r2((1000 * ts.length) / parse);
    out[`parser_${set}_cheerio_load_per_s`] = r2((1000 * ts.length) / load);
    out[`parser_${set}_ratio_vs_cheerio`] = r2(parse / load);
    const sum = (xs: PageTiming[], f: (t: PageTiming) => number) => xs.reduce((s, t) => s + f(t), 0);
    if (html.length) {
      out[`parser_${set}_html_pages`] = html.length;
      out[`parser_${set}_html_ratio_vs_cheerio`] = r2(sum(html, (t) => t.parseMs) / sum(html, (t) => t.cheerioMs));
      out[`parser_${set}_html_ratio_vs_cheerio_cpu`] = r2(sum(html, (t) => t.parseCpuMs) / sum(html, (t) => t.cheerioCpuMs));
    }
    out[`parser_${set}_median_page_ms`] = r2(median(ts.map((t) => t.parseMs)));
    out[`parser_${set}_max_page_ms`] = r2(worst.parseMs);
    out[`parser_${set}_max_page`] = `${worst.page.set}/${worst.page.name}`;
    out[`parser_${set}_max_page_cpu_ms`] = r2(Math.max(...ts.map((t) => t.parseCpuMs)));
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchParser();
  for (const [k, v] of Object.entries(r)) console.log(`${k.padEnd(44)} ${v}`);
}

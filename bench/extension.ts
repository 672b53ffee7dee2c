/**
 * Extension bench: on a ~300 KB report page (our fixture padded with page chrome), the time from
 * the page's load to the panel on screen, median of runs; and the size of the content-script
 * bundle. "Load" is DOMContentLoaded (the document is there to read): the load event itself comes
 * after the panel, because the content script's own work runs inside the page's loading and
 * delays it. The figure is split into the browser's wait before it runs content scripts
 * (until document_end), the script's start-up (evaluating the bundle) and the reader's work, and
 * the reader's work by stage (walk, parse, mark, panel). Targets: under 150 ms, under 250 KB. Run alone with `node bin/run-ts.js bench/extension.ts`
 * (or `npx tsx bench/extension.ts`); bench/run.ts calls benchExtension().
 *
 * Wall times move with the machine's load. `BENCH_EXT_CPU=1` also traces each load and gives the
 * content script's own thread CPU time (Chromium's trace: its EvaluateScript event, from the
 * script's evaluation to the panel, compile included), which other processes move much less.
 * bench/extension-profile.ts gives a CPU profile of the same work, by function and line.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureExtensionBuilt, ROOT } from '../sites/extension-build.js';
import type { Page } from 'playwright-core';
import { findChromium, launchWithExtension, startServer, type ExtBrowser } from '../sites/extension-browser.js';
import { reportPage } from '../sites/extension-pages.js';

const RUNS = Number(process.env.BENCH_EXT_RUNS ?? 9);
const PAGE_BYTES = 300_000;
/** A real page of about that size, read (not copied) when the shared samples are there. */
const REAL_PAGE = join(ROOT, '../shared/real/pingtan-2020.html');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const round = (x: number) => Math.round(x * 10) / 10;

interface Timings {
  afterLoad: number[];
  work: number[];
  parse: number[];
  idleWait: number[];
  startup: number[];
  /** the reader's work by stage: walk, parse, mark, panel */
  stages: Record<string, number[]>;
  /** the content script's thread CPU time (BENCH_EXT_CPU=1) */
  cpu: number[];
}

const TRACE_CPU = process.env.BENCH_EXT_CPU === '1';

interface TraceEvent { name: string; ph: string; tdur?: number; args?: { data?: { url?: string } } }

/** Starts a trace of the page's renderer; the returned function ends it and gives the content script's thread CPU time (ms). */
async function traceContentScript(b: ExtBrowser, page: Page): Promise<() => Promise<number>> {
  const cdp = await b.context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline', transferMode: 'ReportEvents' });
  return async () => {
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await done;
    const run = events.find((e) => e.name === 'EvaluateScript' && e.ph === 'X' && /content-scripts\/content\.js$/.test(e.args?.data?.url ?? ''));
    return run?.tdur !== undefined ? run.tdur / 1000 : NaN;
  };
}

/** Loads `url` RUNS (+1 warm-up) times, each in a new tab, and reads the panel's timestamps. */
async function timePanel(b: ExtBrowser, url: string): Promise<Timings> {
  const out: Timings = { afterLoad: [], work: [], parse: [], idleWait: [], startup: [], stages: {}, cpu: [] };
  for (let i = 0; i < RUNS + 1; i++) {
    const page = await b.context.newPage();
    const cpuOf = TRACE_CPU ? await traceContentScript(b, page) : null;
    await page.goto(`${url}?run=${i}`);
    await page.locator('[data-gongkai-panel]').waitFor({ state: 'attached', timeout: 30_000 });
    const cpu = cpuOf ? await cpuOf() : NaN;
    const t = await page.evaluate(() => {
      const h = document.querySelector('[data-gongkai-panel]')!;
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return {
        shown: Number(h.getAttribute('data-gongkai-shown-ms')),
        start: Number(h.getAttribute('data-gongkai-start-ms')),
        script: Number(h.getAttribute('data-gongkai-script-ms')),
        parse: Number(h.getAttribute('data-gongkai-parse-ms')),
        stages: h.getAttribute('data-gongkai-stages'),
        dcl: nav.domContentLoadedEventEnd,
      };
    });
    await page.close();
    if (process.env.BENCH_EXT_VERBOSE) console.log(url, JSON.stringify(t));
    if (i === 0) continue; // warm-up: first compile of the content script
    out.afterLoad.push(t.shown - t.dcl);
    out.work.push(t.shown - t.start);
    out.parse.push(t.parse);
    out.idleWait.push(t.script - t.dcl);
    out.startup.push(t.start - t.script);
    for (const [stage, ms] of Object.entries(JSON.parse(t.stages ?? '{}') as Record<string, number>)) (out.stages[stage] ??= []).push(ms);
    if (cpuOf) out.cpu.push(cpu);
  }
  return out;
}

export async function benchExtension(): Promise<Record<string, number | string>> {
  if (!findChromium()) return { extension_skipped: 'no Chromium (CHROMIUM_PATH, /usr/bin/chromium or Playwright\'s own)' };
  const ext = await ensureExtensionBuilt();
  const contentBytes = statSync(join(ext, 'content-scripts/content.js')).size;
  const html = reportPage({ entity: '测速镇', padTo: PAGE_BYTES });
  const server = await startServer();
  server.pages.set('www.bench.gov.cn/report.htm', html);
  const real = existsSync(REAL_PAGE) ? readFileSync(REAL_PAGE, 'utf8') : null;
  if (real) server.pages.set('www.pingtan.gov.cn/real.htm', real);
  const b = await launchWithExtension(ext, server.port);
  let ours: Timings;
  let theirs: Timings | null = null;
  try {
    ours = await timePanel(b, 'http://www.bench.gov.cn/report.htm');
    if (real) theirs = await timePanel(b, 'http://www.pingtan.gov.cn/real.htm');
  } finally {
    await b.close();
    await server.close();
  }
  const afterLoad = ours.afterLoad;
  const work = ours.work;
  const parse = ours.parse;
  const idleWait = ours.idleWait;
  const startup = ours.startup;
  const realFigures: Record<string, number | string> = theirs
    ? {
        extension_real_page: `${REAL_PAGE} (${Buffer.byteLength(real!)} bytes)`,
        extension_real_panel_after_load_ms_median: round(median(theirs.afterLoad)),
        extension_real_reader_work_ms_median: round(median(theirs.work)),
        ...(TRACE_CPU ? { extension_real_content_script_cpu_ms_median: round(median(theirs.cpu)) } : {}),
      }
    : { extension_real_page: `skipped: no ${REAL_PAGE}` };
  return {
    extension_page_bytes: Buffer.byteLength(html),
    extension_runs: RUNS,
    extension_panel_after_load_ms_median: round(median(afterLoad)),
    extension_idle_wait_after_domcontentloaded_ms_median: round(median(idleWait)),
    extension_script_startup_ms_median: round(median(startup)),
    extension_reader_work_ms_median: round(median(work)),
    extension_walk_parse_mark_ms_median: round(median(parse)),
    ...Object.fromEntries(Object.entries(ours.stages).map(([stage, xs]) => [`extension_stage_${stage}_ms_median`, round(median(xs))])),
    ...(TRACE_CPU ? { extension_content_script_cpu_ms_median: round(median(ours.cpu)) } : {}),
    extension_content_script_bytes: contentBytes,
    ...realFigures,
    extension_targets: 'panel after load (DOMContentLoaded) ≤ 150 ms; reader work (walk, parse, mark, panel) ≤ 50 ms on 300 KB; content script < 250 KB',
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchExtension();
  for (const [k, v] of Object.entries(r)) console.log(`${k.padEnd(52)} ${v}`);
}

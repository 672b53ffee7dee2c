/**
 * Extension bench: on a ~300 KB report page (our fixture padded with page chrome), the time from
 * the page's load to the panel on screen, median of runs; and the size of the content-script
 * bundle. Targets: under 150 ms, under 250 KB. Run alone with `node bin/run-ts.js bench/extension.ts`
 * (or `npx tsx bench/extension.ts`); bench/run.ts calls benchExtension().
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureExtensionBuilt } from '../tests/extension/build.js';
import { findChromium, launchWithExtension, startServer } from '../tests/extension/harness.js';
import { reportPage } from '../tests/extension/pages.js';

const RUNS = Number(process.env.BENCH_EXT_RUNS ?? 9);
const PAGE_BYTES = 300_000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const round = (x: number) => Math.round(x * 10) / 10;

export async function benchExtension(): Promise<Record<string, number | string>> {
  if (!findChromium()) return { extension_skipped: 'no Chromium (CHROMIUM_PATH, /usr/bin/chromium or Playwright\'s own)' };
  const ext = await ensureExtensionBuilt();
  const contentBytes = statSync(join(ext, 'content-scripts/content.js')).size;
  const html = reportPage({ entity: '测速镇', padTo: PAGE_BYTES });
  const server = await startServer();
  server.pages.set('www.bench.gov.cn/report.htm', html);
  const b = await launchWithExtension(ext, server.port);
  const afterLoad: number[] = [];
  const afterDcl: number[] = [];
  const work: number[] = [];
  const parse: number[] = [];
  const idleWait: number[] = [];
  const startup: number[] = [];
  try {
    for (let i = 0; i < RUNS + 1; i++) {
      const page = await b.context.newPage();
      await page.goto(`http://www.bench.gov.cn/report.htm?run=${i}`);
      const host = page.locator('[data-gongkai-panel]');
      await host.waitFor({ state: 'attached', timeout: 30_000 });
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
          load: nav.loadEventEnd || nav.loadEventStart,
        };
      });
      await page.close();
      if (process.env.BENCH_EXT_VERBOSE) console.log(JSON.stringify(t));
      if (i === 0) continue; // warm-up: first compile of the content script
      afterLoad.push(t.shown - t.load);
      afterDcl.push(t.shown - t.dcl);
      work.push(t.shown - t.start);
      parse.push(t.parse);
      idleWait.push(t.script - t.dcl);
      startup.push(t.start - t.script);
    }
  } finally {
    await b.close();
    await server.close();
  }
  return {
    extension_page_bytes: Buffer.byteLength(html),
    extension_runs: RUNS,
    extension_panel_after_load_ms_median: round(median(afterLoad)),
    extension_panel_after_domcontentloaded_ms_median: round(median(afterDcl)),
    extension_idle_wait_after_domcontentloaded_ms_median: round(median(idleWait)),
    extension_script_startup_ms_median: round(median(startup)),
    extension_reader_work_ms_median: round(median(work)),
    extension_walk_parse_mark_ms_median: round(median(parse)),
    extension_content_script_bytes: contentBytes,
    extension_targets: 'panel after load < 150 ms; content script < 250 KB',
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchExtension();
  for (const [k, v] of Object.entries(r)) console.log(`${k.padEnd(52)} ${v}`);
}

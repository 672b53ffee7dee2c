/**
 * Where the content script's time goes on the bench's 300 KB page: Chromium's sampling profiler
 * (CDP Profiler, 100 µs) around cold page loads, one new tab each (the first is a warm-up). It
 * prints the reader's work (first sample in readPage to the last in the panel's onMount) by
 * function, self and total, in ms per run, and the content script's hottest source lines.
 *
 * `node bin/run-ts.js bench/extension-profile.ts [EXT_DIR] [RUNS] [OUT.cpuprofile]`
 *
 * The samples are wall time: on a busy machine every figure grows, their shares much less. The
 * default build is minified (short names); for names and lines build one without minifying, e.g.
 * a config next to wxt.config.ts that spreads it with `outDir: '.output-prof'` and
 * `build.minify: false` in its `vite()`, then `npx wxt build -c that-config.ts` and pass
 * `.output-prof/chrome-mv3`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureExtensionBuilt } from '../sites/extension-build.js';
import { launchWithExtension, startServer, type ExtBrowser } from '../sites/extension-browser.js';
import { reportPage } from '../sites/extension-pages.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
  positionTicks?: { line: number; ticks: number }[];
}
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

const URL = 'http://www.bench.gov.cn/report.htm';

/** ms by function (self, and total: once per sample whatever the recursion) and ticks by line, summed over runs. */
class Sums {
  readonly self = new Map<string, number>();
  readonly total = new Map<string, number>();
  readonly lines = new Map<number, number>();

  add(profile: Profile): void {
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const stack = (id: number) => {
      const out: ProfileNode[] = [];
      for (let m: number | undefined = id; m !== undefined; m = parent.get(m)) out.push(byId.get(m)!);
      return out;
    };
    const within = (id: number, name: string) => stack(id).some((n) => n.callFrame.functionName === name);
    const first = profile.samples.findIndex((id) => within(id, 'readPage'));
    let last = first;
    profile.samples.forEach((id, k) => { if (k > first && (within(id, 'onMount') || within(id, 'readPage'))) last = k; });
    profile.samples.forEach((id, k) => {
      if (first < 0 || k < first || k > last) return;
      const ms = (profile.timeDeltas[k + 1] ?? 0) / 1000;
      const frames = stack(id).map(key);
      bump(this.self, frames[0], ms);
      for (const f of new Set(frames)) bump(this.total, f, ms);
    });
    // positionTicks carry no times: counted over the whole profile, the content script's lines only
    for (const n of profile.nodes) {
      if (!n.callFrame.url.endsWith('content.js')) continue;
      for (const t of n.positionTicks ?? []) bump(this.lines, t.line, t.ticks);
    }
  }
}

const key = (n: ProfileNode) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*\//, '')}:${n.callFrame.lineNumber + 1}`;
function bump<K>(m: Map<K, number>, k: K, by: number): void {
  m.set(k, (m.get(k) ?? 0) + by);
}

/** One cold load of the page in a new tab, profiled; the panel's stage times beside it. */
async function profileLoad(b: ExtBrowser, run: number): Promise<{ profile: Profile; stages: string | null }> {
  const page = await b.context.newPage();
  const cdp = await b.context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await page.goto(`${URL}?run=${run}`);
  await page.locator('[data-gongkai-panel]').waitFor({ state: 'attached', timeout: 30_000 });
  const stages = await page.evaluate(() => document.querySelector('[data-gongkai-panel]')!.getAttribute('data-gongkai-stages'));
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  await page.close();
  return { profile, stages };
}

function print(sums: Sums, runs: number, source: string[]): void {
  const table = (m: Map<string, number>, title: string, n: number) => {
    console.log(`\n${title} (ms per run)`);
    for (const [k, v] of [...m].sort((a, z) => z[1] - a[1]).slice(0, n)) console.log(`${(v / runs).toFixed(2).padStart(8)}  ${k}`);
  };
  table(sums.self, 'self', 45);
  table(sums.total, 'total', 70);
  console.log('\nhot lines (samples per run, 100 µs each)');
  for (const [l, v] of [...sums.lines].sort((a, z) => z[1] - a[1]).slice(0, 60)) {
    console.log(`${(v / runs).toFixed(1).padStart(7)}  ${String(l).padStart(5)}  ${(source[l - 1] ?? '').trim().slice(0, 110)}`);
  }
}

const ext = process.argv[2] || (await ensureExtensionBuilt());
const runs = Number(process.argv[3] ?? 5);
const server = await startServer();
server.pages.set('www.bench.gov.cn/report.htm', reportPage({ entity: '测速镇', padTo: 300_000 }));
const b = await launchWithExtension(ext, server.port);
const sums = new Sums();
let lastProfile: Profile | null = null;
try {
  for (let i = 0; i <= runs; i++) {
    const { profile, stages } = await profileLoad(b, i);
    console.log(`run ${i}${i === 0 ? ' (warm-up)' : ''}: ${stages}`);
    if (i === 0) continue;
    sums.add(profile);
    lastProfile = profile;
  }
} finally {
  await b.close();
  await server.close();
}
print(sums, runs, readFileSync(join(ext, 'content-scripts/content.js'), 'utf8').split('\n'));
if (process.argv[4] && lastProfile) writeFileSync(process.argv[4], JSON.stringify(lastProfile));

/**
 * Many-origins bench (issue 13): N local sites, one origin per port on 127.0.0.1, each a column
 * of P report pages of ~110 KB (site chrome around the report, as real pages are) answering after
 * 50 ms, crawled with `--delay 200`. The figure is the wall time of one `gongkai crawl` over all
 * the sites against the slowest of a few of them crawled alone in the same run, and the crawl's
 * peak resident memory. Targets: 20 × 30 within 1.5× of the slowest alone (default --origins);
 * 100 × 20 within 2× (--origins 100) and under 400 MB.
 * Run alone: node bin/run-ts.js bench/origins.ts
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { startChainSite, type ChainSite } from '../sites/chain-site.js';
import { cpuBetween, cpuMs, ownCpuSample, peakRssMb, type CpuSeries } from './cpu.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const LATENCY_MS = 50;
const DELAY_MS = 200;
const PAGE_KB = 104; // + the report itself ≈ 110 KB a page
/** sites crawled alone to find the slowest (they are alike; a few catch a slow moment of the machine) */
const ALONE = 3;

interface Run {
  /** the pages as stored (compressed) against their raw bytes */
  pagesRatio: number;
  /** the whole store file against the raw bytes of the pages it holds (records, frontier and all) */
  storeRatio: number;
  seconds: number;
  peakMb: number;
  /** the crawl process's CPU time: on a busy machine the wall time says more about the others */
  cpuS: number;
  /** this process's CPU time meanwhile: the sites answering, on the same cores as the crawl */
  serverCpuS: number;
  /** the CPU of both between the first request and the last (not the crawl's start or its series update after) */
  cpuInSpanS: number;
  reports: number;
}

/** One `gongkai crawl` process over the given sites; wall time from its first request to its last. */
async function crawlSites(sites: ChainSite[], db: string, extra: string[]): Promise<Run> {
  for (const s of sites) s.server.timing.first = s.server.timing.last = null;
  const starts = sites.map((s) => s.url(s.entries[0].path));
  const args = ['bin/gongkai.js', 'crawl', ...starts, '--db', db, '--delay', String(DELAY_MS), '--browser', 'never', '--quiet', ...extra];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let peakMb = 0;
  const crawlSeries: CpuSeries = [[performance.now(), 0]];
  const serverSeries: CpuSeries = [ownCpuSample()];
  const poll = setInterval(() => {
    peakMb = Math.max(peakMb, peakRssMb(child.pid!) ?? 0);
    const now = cpuMs(child.pid!);
    if (now !== null) crawlSeries.push([performance.now(), now]);
    serverSeries.push(ownCpuSample());
  }, 50);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(poll);
  serverSeries.push(ownCpuSample());
  if (code !== 0) throw new Error(`gongkai crawl exited ${code}: ${stderr}`);
  const first = Math.min(...sites.map((s) => s.server.timing.first ?? Infinity));
  const last = Math.max(...sites.map((s) => s.server.timing.last ?? -Infinity));
  const d = new Database(db, { readonly: true });
  const reports = (d.prepare('SELECT count(*) AS n FROM records WHERE is_report = 1').get() as { n: number }).n;
  const { raw, stored } = d.prepare('SELECT sum(size) AS raw, sum(length(bytes)) AS stored FROM blobs').get() as { raw: number; stored: number };
  d.close();
  const cpuInSpanS = cpuBetween(crawlSeries, first, last) + cpuBetween(serverSeries, first, last);
  return { pagesRatio: stored / raw, storeRatio: statSync(db).size / raw, seconds: (last - first) / 1000, peakMb, cpuS: cpuBetween(crawlSeries), serverCpuS: cpuBetween(serverSeries), cpuInSpanS, reports };
}

export async function benchOrigins(origins: number, pages: number, extra: string[] = []): Promise<Record<string, number>> {
  // each site its own towns, so no two sites serve the same bytes (the store keeps a body once)
  const sites = await Promise.all(Array.from({ length: origins }, (_, i) => startChainSite(pages, { latencyMs: LATENCY_MS, padKb: PAGE_KB, prebuild: true, firstBody: i * 5 })));
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-origins-'));
  try {
    let alone = 0;
    for (let i = 0; i < Math.min(ALONE, origins); i++) alone = Math.max(alone, (await crawlSites([sites[i]], join(dir, `alone-${i}.db`), extra)).seconds);
    const all = await crawlSites(sites, join(dir, 'all.db'), extra);
    const tag = `crawl.origins_${origins}x${pages}`;
    return {
      [`${tag}.slowest_alone_s`]: round(alone),
      [`${tag}.all_s`]: round(all.seconds),
      [`${tag}.ratio`]: round(all.seconds / alone, 2),
      [`${tag}.reports`]: all.reports,
      [`${tag}.peak_rss_mb`]: round(all.peakMb),
      [`${tag}.pages_stored_vs_raw`]: round(all.pagesRatio, 3),
      [`${tag}.store_file_vs_raw`]: round(all.storeRatio, 3),
      [`${tag}.cpu_ms_per_page`]: round((all.cpuS * 1000) / (origins * pages), 1),
      [`${tag}.server_cpu_ms_per_page`]: round((all.serverCpuS * 1000) / (origins * pages), 1),
      // between the first request and the last: the cores the crawl and its local sites kept busy, and the
      // ratio no scheduling could beat with that work spread over every core (above the target: the cores set the span)
      [`${tag}.cores_busy_in_span`]: round(all.cpuInSpanS / all.seconds, 2),
      [`${tag}.cpu_floor_ratio`]: round(all.cpuInSpanS / availableParallelism() / alone, 2),
    };
  } finally {
    await Promise.all(sites.map((s) => s.server.close()));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Both runs of the issue: 20 sites × 30 pages at the default --origins, 100 × 20 with --origins 100. */
export async function benchManyOrigins(): Promise<Record<string, number>> {
  return { ...(await benchOrigins(20, 30)), ...(await benchOrigins(100, 20, ['--origins', '100'])) };
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const origins = Number(process.argv[2] ?? 20);
  const pages = Number(process.argv[3] ?? 30);
  const figures = await benchOrigins(origins, pages, process.argv.slice(4));
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(44)} ${v}`);
}

/**
 * Workers bench: 3 `gongkai crawl` processes on one Postgres store (a throwaway cluster) over 60
 * origins × 20 pages (generated chain sites on 127.0.0.1), `--delay 200`, against the politeness
 * bound — the time one origin needs at best: its robots.txt and 20 pages, one at a time, 200 ms
 * apart (20 × 200 ms = 4 s), as every origin is walked in parallel. Figures: the crawl's span
 * (first request to last, at the sites), wall time with process start, ratio span / bound
 * (target ≤ 1.5), pages, pages per second, and the closest two requests to one origin came.
 * Beside them, what the machine had to do meanwhile: the CPU the workers, Postgres and the sites
 * used between the first request and the last, and so the least ratio any scheduling could give
 * with that work on these cores (`cpu_floor_ratio`): above the target, the cores set the span.
 * Skipped where the Postgres binaries are absent.
 * Run alone: node bin/run-ts.js bench/workers.ts [ORIGINS] [PAGES] [WORKERS]; WORKERS_CPU_PROF=DIR profiles the first worker,
 * WORKERS_CRAWL_ARGS='--parse-threads 1' adds flags to every worker's `gongkai crawl` (to compare settings side by side).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startSite, type SiteServer } from '../sites/server.js';
import { chainEntries, chainPage } from '../sites/chain-site.js';
import { findPostgres, startPostgres } from '../sites/postgres.js';
import { childrenOf, cpuBetween, cpuMs, ownCpuSample, procStat, type CpuSeries } from './cpu.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DELAY = 200;
/** how often the processes' CPU times are read (/proc): often enough to place the span's ends within a sample */
const SAMPLE_MS = 100;

interface Site {
  server: SiteServer;
  start: string;
  arrivals: number[];
}

/** A chain site that notes each request's arrival (pages prebuilt, so the site answers at once). */
async function timedSite(pages: number): Promise<Site> {
  const entries = chainEntries(pages);
  const index = new Map(entries.map((e, i) => [e.path, i]));
  const built = new Map(entries.map((e) => [e.path, chainPage(entries, index, e.path)!]));
  const arrivals: number[] = [];
  const robots = { body: 'User-agent: *\nAllow: /\n', contentType: 'text/plain' };
  const server = await startSite((_req, path) => {
    arrivals.push(performance.now());
    return path === '/robots.txt' ? robots : built.get(path);
  });
  return { server, start: server.origin + entries[0].path, arrivals };
}

/** The cluster's postmaster: the process started with its port. */
function postmasterOf(port: number): number | null {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').join(' ').includes(`-p ${port} `)) return Number(d);
    } catch {
      // ended meanwhile
    }
  }
  return null;
}

/** CPU time of the cluster's processes (its postmaster and the backends under it, ended ones included), ms; null off Linux. */
function postgresCpuMs(master: number | null): number | null {
  const m = master === null ? null : procStat(master);
  if (m === null) return null;
  // backends that ended (a worker closed its connection) count in the postmaster's reaped children
  return m.ms + m.reapedMs + childrenOf(master!).reduce((n, c) => n + (procStat(c)?.ms ?? 0), 0);
}

/** One worker; its CPU time sampled while it runs (the last sample before it exits, and the series for the span's share). */
function crawlProcess(args: string[], nodeArgs: string[] = []): Promise<{ code: number | null; stderr: string; cpuMs: number; series: CpuSeries }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, 'bin/gongkai.js', 'crawl', ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const series: CpuSeries = [[performance.now(), 0]];
    const sampler = setInterval(() => {
      const now = cpuMs(child.pid!);
      if (now !== null) series.push([performance.now(), now]);
    }, SAMPLE_MS);
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      clearInterval(sampler);
      resolve({ code, stderr, cpuMs: cpuBetween(series) * 1000, series });
    });
  });
}

export async function benchWorkers(origins = 60, pages = 20, workers = 3): Promise<Record<string, number | string>> {
  const found = findPostgres();
  if ('missing' in found) return { workers_skipped: found.missing };
  const cluster = await startPostgres();
  const sites: Site[] = [];
  try {
    for (let i = 0; i < origins; i++) sites.push(await timedSite(pages));
    const db = await cluster.createDatabase('bench');
    const args = [...sites.map((s) => s.start), '--db', db, '--delay', String(DELAY), '--browser', 'never', '--quiet', ...(process.env.WORKERS_CRAWL_ARGS ?? '').split(' ').filter(Boolean)];
    const master = postmasterOf(cluster.port);
    const t0 = performance.now();
    // Postgres's and this process's own CPU (the sites answering) sampled too: over the run, and their share of the span
    const pgSeries: CpuSeries = [];
    const sitesSeries: CpuSeries = [];
    const sampleOthers = () => {
      sitesSeries.push(ownCpuSample());
      const pgNow = postgresCpuMs(master);
      if (pgNow !== null) pgSeries.push([performance.now(), pgNow]);
    };
    sampleOthers();
    const others = setInterval(sampleOthers, SAMPLE_MS);
    // WORKERS_CPU_PROF=DIR: the first worker writes a V8 CPU profile there (node --cpu-prof)
    const prof = process.env.WORKERS_CPU_PROF;
    const runs = await Promise.all(Array.from({ length: workers }, (_, i) => crawlProcess(args, prof && i === 0 ? ['--cpu-prof', '--cpu-prof-dir', prof] : [])));
    clearInterval(others);
    sampleOthers();
    const wallS = (performance.now() - t0) / 1000;
    const postgresCpuS = cpuBetween(pgSeries);
    const bad = runs.find((r) => r.code !== 0);
    if (bad) throw new Error(`a worker failed (exit ${bad.code}): ${bad.stderr.trim().split('\n').slice(-3).join(' / ')}`);
    const all = sites.flatMap((s) => s.arrivals);
    const [first, last] = [Math.min(...all), Math.max(...all)];
    const spanS = (last - first) / 1000;
    const boundS = (pages * DELAY) / 1000;
    // the CPU every process spent between the first request and the last: the workers, Postgres, the sites
    const inSpan = (series: CpuSeries) => cpuBetween(series, first, last);
    const workersInSpanS = runs.reduce((n, r) => n + inSpan(r.series), 0);
    const postgresInSpanS = inSpan(pgSeries);
    const sitesInSpanS = inSpan(sitesSeries);
    const cpuInSpanS = workersInSpanS + postgresInSpanS + sitesInSpanS;
    let closest = Infinity;
    for (const s of sites) for (let i = 1; i < s.arrivals.length; i++) closest = Math.min(closest, s.arrivals[i] - s.arrivals[i - 1]);
    const requests = all.length;
    const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
    return {
      'workers.origins': origins,
      'workers.pages_per_origin': pages,
      'workers.workers': workers,
      'workers.delay_ms': DELAY,
      'workers.requests': requests,
      'workers.politeness_bound_s': boundS,
      'workers.span_s': round(spanS),
      'workers.wall_s': round(wallS),
      'workers.ratio_to_bound': round(spanS / boundS),
      'workers.pages_per_s': round((origins * pages) / spanS, 1),
      'workers.closest_same_origin_ms': round(closest, 1),
      // CPU the workers used, against what the machine's cores could give over the span: near 1, the crawl waited on CPU, not on politeness
      'workers.cpu_s': round(runs.reduce((n, r) => n + r.cpuMs, 0) / 1000, 1),
      'workers.cpu_share_of_cores': round(runs.reduce((n, r) => n + r.cpuMs, 0) / 1000 / (spanS * cpus().length)),
      // Postgres's own CPU over the run (its backends share the machine's cores with the workers)
      'workers.postgres_cpu_s': round(postgresCpuS, 1),
      // between the first request and the last: the CPU the workers, Postgres and the local sites used,
      // how many cores that kept busy, and the ratio no scheduling could beat with that much work on
      // this machine's cores (above the target: the machine, not the crawl's pacing, sets the span)
      'workers.cpu_in_span_s': round(workersInSpanS, 1),
      'workers.postgres_cpu_in_span_s': round(postgresInSpanS, 1),
      'workers.sites_cpu_in_span_s': round(sitesInSpanS, 1),
      'workers.cores_busy_in_span': round(cpuInSpanS / spanS),
      'workers.cpu_floor_ratio': round(cpuInSpanS / cpus().length / boundS),
      'workers.load_average': round(loadavg()[0]),
    };
  } finally {
    await Promise.all(sites.map((s) => s.server.close()));
    await cluster.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [o, p, w] = process.argv.slice(2).map(Number);
  console.log(await benchWorkers(o || undefined, p || undefined, w || undefined));
}

/**
 * CPU and memory of the processes a bench starts, read from Linux's /proc (null elsewhere), and
 * CPU time sampled over a run, so that a figure can count only what was spent between two moments
 * (a crawl's first request and its last) and not a process's start-up or its work after the span.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** One process's stat: the CPU time it has used (user + system) and its ended children's, ms; its parent. Null once it has ended, or off Linux. */
export function procStat(pid: number): { ms: number; reapedMs: number; ppid: number } | null {
  try {
    // fields after the command: ppid [1], utime [11], stime [12], cutime [13], cstime [14], in clock ticks (100 a second on Linux)
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return { ms: ((Number(fields[11]) + Number(fields[12])) * 1000) / 100, reapedMs: ((Number(fields[13]) + Number(fields[14])) * 1000) / 100, ppid: Number(fields[1]) };
  } catch {
    return null;
  }
}

/** CPU time a process has used so far (user + system), in ms; null once it has ended, or off Linux. */
export const cpuMs = (pid: number): number | null => procStat(pid)?.ms ?? null;

/** A process's peak resident memory (VmHWM), in MB. */
export function peakRssMb(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** A process's children: from the kernel's own list where it keeps one (a few reads), else by reading every process. */
export function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return readdirSync('/proc').filter((d) => /^\d+$/.test(d) && procStat(Number(d))?.ppid === pid).map(Number);
  }
}

/** CPU time sampled over a run: [performance.now(), cpu ms] pairs in time order. */
export type CpuSeries = [number, number][];

/** The CPU time a series had reached at time `t`, read between the samples around it. */
export function cpuAt(series: CpuSeries, t: number): number {
  if (series.length === 0) return NaN;
  if (t <= series[0][0]) return series[0][1];
  for (let i = 1; i < series.length; i++) {
    const [t1, c1] = series[i];
    if (t <= t1) {
      const [t0, c0] = series[i - 1];
      return c0 + ((c1 - c0) * (t - t0)) / Math.max(t1 - t0, 1e-9);
    }
  }
  return series[series.length - 1][1];
}

/** Seconds of CPU a series spent between two moments (performance.now()); without them, from its first sample to its last. */
export const cpuBetween = (series: CpuSeries, from = -Infinity, to = Infinity): number => (cpuAt(series, to) - cpuAt(series, from)) / 1000;

/** This process's own CPU time now, as a sample for a series. */
export function ownCpuSample(): [number, number] {
  const c = process.cpuUsage();
  return [performance.now(), (c.user + c.system) / 1000];
}

/**
 * gongkai status [--db FILE|URL] [--json]: what a store's crawl is doing — workers alive, origins
 * with work and in hand, the queue, pages per second, failures by kind — for SQLite and Postgres.
 */
import type { StoreStatus } from '../../scraper/store/contract.js';
import { parseArgs, UsageError } from '../args.js';
import { dbSpec, openExistingStore } from '../store-file.js';

export async function run(args: string[]): Promise<number> {
  const { flags, positional } = parseArgs(args, { db: 'string', json: 'boolean' });
  if (positional.length) throw new UsageError(`unexpected argument ${positional[0]}`);
  const store = await openExistingStore(dbSpec(flags));
  try {
    const s = await store.status();
    process.stdout.write(flags.json ? JSON.stringify(s, null, 2) + '\n' : formatStatus(s, store.spec, Date.now()) + '\n');
    return 0;
  } finally {
    await store.close();
  }
}

const ago = (iso: string, now: number) => {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return s < 120 ? `${s} s ago` : s < 7200 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
};

export function formatStatus(s: StoreStatus, spec: string, now: number): string {
  const alive = s.workers.filter((w) => w.alive);
  const lines = [`gongkai status: ${spec}`];
  lines.push(`workers   ${alive.length} alive of ${s.workers.length} seen`);
  for (const w of s.workers) {
    const what = w.alive ? 'working' : w.state === 'running' ? 'gone (not heard from)' : w.state;
    lines.push(`          ${w.host}:${w.pid}  ${what}, seen ${ago(w.seen_at, now)}, ${w.pages} pages, ${w.failures} failures`);
  }
  lines.push(`origins   ${s.origins.withWork} with work left, ${s.origins.busy} being fetched now`);
  lines.push(`queue     ${s.queue.queued} to fetch, ${s.queue.fetched} fetched to parse, ${s.queue.retry} to try again (${s.queue.claimed} in a worker's hands)`);
  lines.push(`done      ${s.done.parsed} parsed (${s.done.reports} reports), ${s.done.failed} failed, ${s.done.robotsBlocked} blocked by robots.txt, ${s.done.skipped} links off the site`);
  lines.push(`speed     ${s.pagesPerSecond.toFixed(2)} pages/s over the last ${s.windowS} s`);
  const kinds = Object.entries(s.failures);
  lines.push(`failures  ${kinds.length ? kinds.map(([k, n]) => `${k} ${n}`).join(' · ') : 'none'}`);
  return lines.join('\n');
}

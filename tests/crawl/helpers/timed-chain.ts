/** Chain sites (sites/chain-site.ts pages) that note when each request arrived, for the politeness checks across workers. */
import { chainEntries, chainPage } from '../../../sites/chain-site.js';
import { startSite, type SiteServer } from '../../../sites/server.js';

export interface TimedSite {
  server: SiteServer;
  start: string;
  /** report pages, and all pages */
  reports: number;
  paths: string[];
  /** performance.now() at each request's arrival, in order, with its path */
  arrivals: { at: number; path: string }[];
}

export async function startTimedChain(pages: number): Promise<TimedSite> {
  const entries = chainEntries(pages);
  const index = new Map(entries.map((e, i) => [e.path, i]));
  const arrivals: TimedSite['arrivals'] = [];
  const robots = { body: 'User-agent: *\nAllow: /\n', contentType: 'text/plain' };
  const server = await startSite((_req, path) => {
    arrivals.push({ at: performance.now(), path });
    if (path === '/robots.txt') return robots;
    return chainPage(entries, index, path) ?? undefined;
  });
  return { server, start: server.origin + entries[0].path, reports: entries.filter((e) => e.kind === 'report').length, paths: entries.map((e) => e.path), arrivals };
}

/** The shortest time between two requests' arrivals at one site, ms. */
export function closestGap(arrivals: { at: number }[]): number {
  let min = Infinity;
  for (let i = 1; i < arrivals.length; i++) min = Math.min(min, arrivals[i].at - arrivals[i - 1].at);
  return min;
}

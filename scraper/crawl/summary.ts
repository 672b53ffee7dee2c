/** What a crawl leaves in the store, summed up for the person who ran it. */
import type { Store } from '../store/contract.js';

export interface CrawlError {
  url: string;
  kind: string;
  status: number | null;
  message: string;
}

export interface CrawlSummary {
  /** pages requested in this run */
  fetchedThisRun: number;
  states: Record<string, number>;
  reports: { entity: string | null; year: number | null; url: string; format: string }[];
  errors: CrawlError[];
  /** pages that needed a browser that could not be used */
  neededBrowser: CrawlError[];
  stoppedBy: 'done' | 'max-pages' | 'aborted';
  /** pages a refresh asked again that the server said were unchanged (304) */
  unchanged?: number;
}

export async function summarise(store: Store, fetchedThisRun: number, stoppedBy: CrawlSummary['stoppedBy']): Promise<CrawlSummary> {
  const rows = await store.allFrontier();
  const states: Record<string, number> = {};
  for (const r of rows) states[r.state] = (states[r.state] ?? 0) + 1;
  const errors = rows
    .filter((r) => r.state === 'failed' || r.state === 'robots-blocked' || r.state === 'skipped' || (r.state === 'parsed' && r.error_kind === 'offsite'))
    .map((r) => ({ url: r.url, kind: r.error_kind ?? 'other', status: r.error_status, message: r.error_message ?? '' }));
  const neededBrowser = rows
    .filter((r) => r.state === 'parsed' && r.error_kind === 'browser')
    .map((r) => ({ url: r.url, kind: 'browser', status: null, message: r.error_message ?? '' }));
  const reports = (await store.recordRows()).filter((r) => r.is_report === 1).map((r) => ({ entity: r.entity, year: r.year, url: r.url, format: r.format }));
  reports.sort((a, b) => (a.entity ?? '').localeCompare(b.entity ?? '') || (a.year ?? 0) - (b.year ?? 0));
  return { fetchedThisRun, states, reports, errors, neededBrowser, stoppedBy };
}

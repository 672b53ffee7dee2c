/**
 * The store contract: what the crawl, reparse, series, export and the CLI ask of a store. Two
 * implementations fulfil it — SQLite (scraper/store/sqlite.ts, the embedded default) and Postgres
 * (scraper/store/postgres.ts, shared by several workers) — so every method is async, as a
 * networked driver's must be. Each method that changes more than one row is one transaction.
 */
import { createHash } from 'node:crypto';
import { RecordSchema, type Check, type ReportRecord } from '../../parser/index.js';
import type { FetchError, FetchResult } from '../fetch/contract.js';

export type FrontierState = 'queued' | 'fetched' | 'parsed' | 'failed' | 'robots-blocked' | 'skipped';
export type Direction = 'start' | 'prev' | 'next';

export interface FrontierRow {
  id: number;
  url: string;
  state: FrontierState;
  start_url: string;
  direction: Direction;
  gap: number;
  depth: number;
  found_from: string | null;
  link_title: string | null;
  final_url: string | null;
  is_report: number | null;
  /** crawl runs that asked for this URL (each may make several HTTP tries: responses.attempts) */
  attempts: number;
  error_kind: string | null;
  error_status: number | null;
  error_message: string | null;
  retryable: number | null;
  updated_at: string;
}

export interface ResponseRow {
  id: number;
  url: string;
  final_url: string;
  via: 'static' | 'browser';
  status: number;
  headers: string;
  encoding: string | null;
  size: number;
  sha256: string;
  redirects: string;
  attempts: number;
  fetched_at: string;
}

export interface RecordRow {
  url: string;
  response_id: number;
  is_report: number;
  entity: string | null;
  year: number | null;
  format: string;
  parser_version: string;
}

export interface NewLink {
  url: string;
  startUrl: string;
  direction: Direction;
  gap: number;
  depth: number;
  foundFrom: string | null;
  linkTitle: string | null;
  /** a link the walk will not follow (another host): recorded, never fetched */
  skip?: { kind: string; message: string };
}

export interface SeriesEntry {
  entity: string;
  kind: 'check' | 'gap' | 'duplicate';
  laterUrl: string;
  earlierUrl: string | null;
  check: Check;
}

/** A note left on a frontier row that is otherwise done (e.g. the page needed a browser that could not run). */
export interface RowNote {
  kind: string;
  message: string;
}

export interface Store {
  /** where the store is, as given (a file path or a postgres:// URL), for messages */
  readonly spec: string;
  close(): Promise<void>;

  // ---------- frontier ----------
  /** Adds a URL unless the store already knows it (as a URL or as where one redirected to). */
  enqueue(link: NewLink): Promise<boolean>;
  /** Whether the store knows this URL (as a URL or as where one redirected to). */
  known(url: string): Promise<boolean>;
  frontier(url: string): Promise<FrontierRow | undefined>;
  /** The frontier row a stored page came from: asked for as `url`, or redirected to `finalUrl`. */
  frontierOf(url: string, finalUrl: string): Promise<FrontierRow | undefined>;
  /** Rows with work left, oldest first: fetched but not parsed, queued, or failed in a way that may pass now. */
  pending(maxAttempts: number): Promise<FrontierRow[]>;
  /** Pages the store has asked a server for (fetched, parsed or failed). */
  countRequested(): Promise<number>;
  allFrontier(): Promise<FrontierRow[]>;
  markFailed(url: string, err: FetchError | Error): Promise<void>;
  noteError(url: string, kind: string, message: string): Promise<void>;

  // ---------- responses ----------
  /** Stores a response and its bytes; with `markFetched`, moves the frontier row on, all in one transaction. */
  saveResponse(url: string, res: FetchResult, markFetched: boolean): Promise<ResponseRow>;
  responseById(id: number): Promise<ResponseRow | undefined>;
  response(url: string, via: 'static' | 'browser'): Promise<ResponseRow | undefined>;
  responses(): Promise<ResponseRow[]>;
  body(sha256: string): Promise<Uint8Array>;

  // ---------- records ----------
  /** Stores a page's record, adds its neighbours, marks it parsed (with a note, if any): one transaction. Returns the links added. */
  saveParsed(frontierUrl: string, responseId: number, rec: ReportRecord, isReport: boolean, links: NewLink[], note?: RowNote | null): Promise<number>;
  /** A re-read page: its record replaced, the links the new reading finds queued, its row told whether it is a report: one transaction. */
  saveReparsed(responseId: number, rec: ReportRecord, isReport: boolean, links: NewLink[], frontierId: number | null): Promise<void>;
  /** The reports one at a time, in export order, so a large store never sits in memory whole. */
  iterateReports(): AsyncIterable<ReportRecord>;
  /** The bodies that have reports in the store. */
  entities(): Promise<string[]>;
  reportsOf(entity: string): Promise<ReportRecord[]>;
  /** The stored record of a page as the JSON text it was saved as (to tell whether a re-read changed it). */
  recordJson(url: string): Promise<string | undefined>;
  countReports(): Promise<number>;
  recordRows(): Promise<RecordRow[]>;

  // ---------- series ----------
  replaceSeries(entries: SeriesEntry[]): Promise<void>;
  seriesEntries(): Promise<SeriesEntry[]>;
  /** Reports with the series checks that name them as the later year, one at a time, ready for export. */
  reportsWithSeries(): AsyncIterable<ReportRecord>;
}

/** The file given as a store cannot be one (another kind of file, another store version). */
export class StoreError extends Error {}

/**
 * A stored record, checked against the record schema: a store may have been edited by hand or
 * written by another version, and what it holds goes on into CSV files and series checks.
 */
export function recordFrom(json: string): ReportRecord {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw new StoreError(`a stored record is not JSON (${(err as Error).message}); run gongkai reparse to read the stored pages again`);
  }
  const r = RecordSchema.safeParse(value);
  if (!r.success) {
    const first = r.error.issues[0];
    const url = (value as { source?: { url?: unknown } } | null)?.source?.url;
    throw new StoreError(`the stored record of ${typeof url === 'string' ? url : 'a page'} does not match the record schema (${first.path.join('.')}: ${first.message}); run gongkai reparse to read the stored pages again`);
  }
  return r.data;
}

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Series rows grouped by the report they name as the later year (what the export adds to each report). */
export function seriesByLater(entries: SeriesEntry[]): Map<string, Check[]> {
  const series = new Map<string, Check[]>();
  for (const e of entries) series.set(e.laterUrl, [...(series.get(e.laterUrl) ?? []), e.check]);
  return series;
}

/** A report with the series checks that name it as the later year. */
export function withSeries(r: ReportRecord, series: Map<string, Check[]>): ReportRecord {
  const extra = r.source.url ? series.get(r.source.url) : undefined;
  return extra?.length ? { ...r, checks: [...r.checks, ...extra] } : r;
}

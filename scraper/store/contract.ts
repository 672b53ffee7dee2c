/**
 * The store contract: what the crawl, reparse, series, export and the CLI ask of a store. Two
 * implementations fulfil it — SQLite (scraper/store/sqlite.ts, the embedded default) and Postgres
 * (scraper/store/postgres.ts, shared by several workers) — so every method is async, as a
 * networked driver's must be. Each method that changes more than one row is one transaction.
 */
import { createHash } from 'node:crypto';
import { RecordSchema, type Check, type ReportRecord } from '../../parser/index.js';
import type { FetchError, FetchResult } from '../fetch/contract.js';
import type { SharedRobots } from '../fetch/robots.js';

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
  /** what it notes may pass later (a report file the server failed to give): a later run tries again (retryNoted) */
  retryable?: boolean;
}

/** A crawl process as the store knows it, for `gongkai status`. */
export interface WorkerRow {
  id: string;
  host: string;
  pid: number;
  started_at: string;
  seen_at: string;
  state: 'running' | 'done' | 'stopped';
  /** pages this worker fetched, and failures it met */
  pages: number;
  failures: number;
  /** how long its claims last unrenewed: a running worker not heard from for longer is gone */
  lease_ms: number;
}

/** What `gongkai status` shows: who works, what is left, how fast, what failed. */
export interface StoreStatus {
  workers: (WorkerRow & { alive: boolean })[];
  /** rows with work left: to fetch, fetched but not parsed, failed but to be tried again; claimed = in a worker's hands now */
  queue: { queued: number; fetched: number; retry: number; claimed: number };
  /** origins with work left, and those a worker is fetching from now (shared stores) */
  origins: { withWork: number; busy: number };
  done: { parsed: number; failed: number; robotsBlocked: number; skipped: number; reports: number };
  /** pages fetched in the last `windowS` seconds, per second */
  pagesPerSecond: number;
  windowS: number;
  /** failed and robots-blocked rows by error kind */
  failures: Record<string, number>;
}

export interface Store {
  /** where the store is, as given (a file path or a postgres:// URL), for messages */
  readonly spec: string;
  close(): Promise<void>;
  /**
   * A crawl's writes may reach other connections up to `ms` late (and a process killed outright
   * lose them, to be done again): a store whose commits are costly groups them (SQLite); one that
   * is shared live by workers does not have this. `0` ends grouping, everything written so far committed.
   */
  groupWrites?(ms: number): void;

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
  /** Puts parsed pages back in the queue (`crawl --refresh`); returns how many were. */
  requeue(urls: string[]): Promise<number>;
  /** A re-asked page the server says is unchanged (304): parsed again, its stored copy and record kept. */
  markUnchanged(url: string): Promise<void>;
  noteError(url: string, kind: string, message: string): Promise<void>;
  /**
   * Parsed pages noted before `before` with a note of `kind` that may pass (a report file the
   * server failed to give): back to 'fetched', their note cleared, so this run reads their stored
   * page again and asks only for what failed. On a shared store, workers started at different
   * times are one run: only what was noted before the first of those still running started.
   * Returns how many.
   */
  retryNoted(kind: string, before: string): Promise<number>;

  // ---------- responses ----------
  /** Stores a response and its bytes; with `markFetched`, moves the frontier row on, all in one transaction. */
  saveResponse(url: string, res: FetchResult, markFetched: boolean): Promise<ResponseRow>;
  responseById(id: number): Promise<ResponseRow | undefined>;
  response(url: string, via: 'static' | 'browser'): Promise<ResponseRow | undefined>;
  responses(): Promise<ResponseRow[]>;
  body(sha256: string): Promise<Uint8Array>;

  // ---------- records ----------
  /** Stores a page's record, adds its neighbours, marks it parsed (with a note, if any): one transaction. Returns the links added. */
  saveParsed(frontierUrl: string, responseId: number, rec: StorableRecord, isReport: boolean, links: NewLink[], note?: RowNote | null): Promise<number>;
  /** A re-read page: its record replaced, the links the new reading finds queued, its row told whether it is a report: one transaction. */
  saveReparsed(responseId: number, rec: StorableRecord, isReport: boolean, links: NewLink[], frontierId: number | null): Promise<void>;
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

  // ---------- workers and status ----------
  /** A crawl process starts (or says it is still there, with its counts, or that it ended). */
  workerSeen(w: Omit<WorkerRow, 'seen_at'>): Promise<void>;
  /** Workers count as alive when running and heard from within their lease; pages/s over the last `windowS` seconds. */
  status(opts?: { windowS?: number; maxAttempts?: number }): Promise<StoreStatus>;

  // ---------- inputs ----------
  /** Keeps the other CSV columns of start URLs (a URL given again gets its new columns). */
  saveInputs(inputs: { url: string; columns: Record<string, string> }[]): Promise<void>;
  /** The input columns of each report, by the report's URL, through the start URL its walk began at. */
  reportInputs(): Promise<ReportInputs>;
}

/** The CSV columns that came with the start URLs, for the exports. */
export interface ReportInputs {
  /** every column name met, in the order first met */
  columns: string[];
  /** by report URL (a record's source.url) */
  byReport: Map<string, Record<string, string>>;
}

export interface ClaimOptions {
  worker: string;
  /** how many rows (each of another origin) to claim at most */
  limit: number;
  maxAttempts: number;
  /** how long a claim (and the origin's lease) lasts without the worker renewing it */
  leaseMs: number;
  /** failures from this moment on (this run) are not tried again in it (ISO time) */
  since: string;
}

export interface Claimed {
  /** rows now this worker's, one per origin, each origin leased to it */
  rows: FrontierRow[];
  /** whether any row in the store has work left, claimed or not: false means the crawl is done */
  more: boolean;
  /** when nothing could be claimed: ms until an origin with work frees, or null if none is waiting on time */
  waitMs: number | null;
}

/**
 * A frontier several workers share (Postgres): a worker claims rows (`FOR UPDATE SKIP LOCKED`),
 * each with its origin's lease, so one request at a time reaches an origin across all workers and
 * the delay holds between them; a claim not renewed lapses, and another worker takes the row.
 * robots.txt outcomes are kept there too (SharedRobots), so one worker asks a site for it.
 */
export interface SharedFrontier extends SharedRobots {
  claim(o: ClaimOptions): Promise<Claimed>;
  /** The origin is free again; after a request (`delayMs` > 0) not before the delay has passed. */
  releaseOrigin(worker: string, url: string, delayMs: number): Promise<void>;
  /** Takes the origin's lease for a request outside a claim (a rendering, a report file); ms to wait while it is held (by anyone) or not yet due. */
  leaseOrigin(worker: string, url: string, leaseMs: number): Promise<number | null>;
  /** Keeps this worker's claims, and its leases of `origins` (those it still has requests under), from lapsing. */
  renewClaims(worker: string, leaseMs: number, origins: string[]): Promise<void>;
}

export const isShared = (s: Store): s is Store & SharedFrontier => typeof (s as Partial<SharedFrontier>).claim === 'function';

/** The origin (scheme://host:port) of a URL: the unit of politeness, as robots.txt's. */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

/** The file given as a store cannot be one (another kind of file, another store version). */
export class StoreError extends Error {}

/**
 * What the walk and the store's columns read of a record: its format (is it a report), its
 * 上一条/下一条 links, its title, and the body, year, version and URL the records table keeps
 * beside the JSON. A ReportRecord is one.
 */
export type RecordFacts = Pick<ReportRecord, 'parserVersion' | 'title' | 'entity' | 'year' | 'format' | 'nav'> & { source: Pick<ReportRecord['source'], 'url'> };

export function factsOf(rec: ReportRecord): RecordFacts {
  return { parserVersion: rec.parserVersion, title: rec.title, entity: rec.entity, year: rec.year, format: rec.format, nav: rec.nav, source: { url: rec.source.url } };
}

/**
 * A record as a parse thread hands it over: the JSON text the store keeps as it is, and the
 * record's facts. The crawl's main thread never parses the text back (JSON.parse of a ~57 KB
 * record was ~0.65 ms of the main thread's ~6 ms a page, only to read a few fields);
 * `record()` does, for the rare page whose whole record is needed (one linking report files).
 */
export class RecordText implements RecordFacts {
  readonly parserVersion: string;
  readonly title: string | null;
  readonly entity: string | null;
  readonly year: number | null;
  readonly format: ReportRecord['format'];
  readonly nav: ReportRecord['nav'];
  readonly source: { url: string | null };

  constructor(
    readonly json: string,
    facts: RecordFacts,
  ) {
    ({ parserVersion: this.parserVersion, title: this.title, entity: this.entity, year: this.year, format: this.format, nav: this.nav } = facts);
    this.source = { url: facts.source.url };
  }

  /** The whole record, parsed from the text (the text it was made by: JSON.stringify gives it back). */
  record(): ReportRecord {
    return keepJson(JSON.parse(this.json) as ReportRecord, this.json);
  }
}

/** What a store takes as a record: the record, or its text with its facts. */
export type StorableRecord = ReportRecord | RecordText;

/** The whole record, parsed only when it came as text. */
export const wholeRecord = (rec: StorableRecord): ReportRecord => (rec instanceof RecordText ? rec.record() : rec);

/**
 * A record's JSON text, made once: a record parsed from its text keeps that text (`keepJson`), so
 * the store does not stringify it again.
 */
const recordJson = new WeakMap<ReportRecord, string>();

export function keepJson(rec: ReportRecord, json: string): ReportRecord {
  recordJson.set(rec, json);
  return rec;
}

export function jsonOfRecord(rec: StorableRecord): string {
  if (rec instanceof RecordText) return rec.json;
  return recordJson.get(rec) ?? JSON.stringify(rec);
}

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

/**
 * A stored record this process made from the current parser's output and wrote in this run (a
 * crawl's own reports, on a store it has to itself), parsed without the schema check: the
 * parser's records are the schema's by construction (the tests check the records of every
 * fixture, sample, real and fuzzed page against it), and no other writer came between. The check
 * was a fifth of the series update that ends every crawl (~0.3 of ~1.6 ms a report). Any other
 * record — an earlier run's, another version's, one a person may have edited — goes through
 * recordFrom.
 */
export function recordMadeHere(json: string): ReportRecord {
  return JSON.parse(json) as ReportRecord;
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

/**
 * The crawl store: SQLite through better-sqlite3, in WAL mode. Each crawl step is one
 * transaction, so a process killed at any moment leaves a store the next run continues from;
 * UNIQUE keys make a repeated step a no-op rather than a duplicate.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
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

const SCHEMA = readFileSync(new URL('./schema.sql', import.meta.url), 'utf8');
const STORE_VERSION = '1';

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const now = () => new Date().toISOString();

export class Store {
  /** private: every read and write goes through a method, so the schema has one owner */
  private readonly db: Database.Database;

  constructor(readonly file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    try {
      this.db.pragma('journal_mode = WAL');
    } catch (err) {
      this.db.close();
      throw new StoreError(`${file} is not a gongkai store (${(err as Error).message})`);
    }
    // WAL + NORMAL: a committed step survives the process being killed (not a power cut)
    this.db.pragma('synchronous = NORMAL');
    // a crawl writes ~60 KB a page (body + record): checkpoint every ~40 MB of WAL, not every 4 MB,
    // which halves the store's cost per page (measured: 5.5 → 2.8 ms)
    this.db.pragma('wal_autocheckpoint = 10000');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    const v = this.sql('SELECT value FROM meta WHERE key = ?').get('store_version') as { value: string } | undefined;
    if (!v) this.sql('INSERT INTO meta (key, value) VALUES (?, ?)').run('store_version', STORE_VERSION);
    else if (v.value !== STORE_VERSION) {
      this.db.close();
      throw new StoreError(`${file} is a gongkai store of version ${v.value}; this gongkai reads version ${STORE_VERSION}`);
    }
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** A prepared statement, prepared once per store: preparing anew on every step cost more than running it. */
  private sql(source: string): Database.Statement {
    let st = this.statements.get(source);
    if (!st) this.statements.set(source, (st = this.db.prepare(source)));
    return st;
  }

  close(): void {
    this.db.close();
  }

  // ---------- frontier ----------

  /** Adds a URL unless the store already knows it (as a URL or as where one redirected to). */
  enqueue(link: NewLink): boolean {
    const known = this.sql('SELECT 1 FROM frontier WHERE url = ? OR final_url = ? LIMIT 1').get(link.url, link.url);
    if (known) return false;
    const r = this.sql(`INSERT OR IGNORE INTO frontier (url, state, start_url, direction, gap, depth, found_from, link_title, error_kind, error_message, updated_at)
         VALUES (@url, @state, @startUrl, @direction, @gap, @depth, @foundFrom, @linkTitle, @errorKind, @errorMessage, @now)`).run({
        url: link.url,
        state: link.skip ? 'skipped' : 'queued',
        startUrl: link.startUrl,
        direction: link.direction,
        gap: link.gap,
        depth: link.depth,
        foundFrom: link.foundFrom,
        linkTitle: link.linkTitle,
        errorKind: link.skip?.kind ?? null,
        errorMessage: link.skip?.message ?? null,
        now: now(),
      });
    return r.changes > 0;
  }

  /** Whether the store knows this URL (as a URL or as where one redirected to). */
  known(url: string): boolean {
    return this.sql('SELECT 1 FROM frontier WHERE url = ? OR final_url = ? LIMIT 1').get(url, url) !== undefined;
  }

  /** The frontier row a stored page came from: asked for as `url`, or redirected to `finalUrl`. */
  frontierOf(url: string, finalUrl: string): FrontierRow | undefined {
    return this.sql('SELECT * FROM frontier WHERE url = ? OR final_url = ? ORDER BY id LIMIT 1').get(url, finalUrl) as FrontierRow | undefined;
  }

  /** Says again whether a row's page is a report (after a re-parse). */
  markIsReport(frontierId: number, isReport: boolean): void {
    this.sql('UPDATE frontier SET is_report = ? WHERE id = ?').run(isReport ? 1 : 0, frontierId);
  }

  frontier(url: string): FrontierRow | undefined {
    return this.sql('SELECT * FROM frontier WHERE url = ?').get(url) as FrontierRow | undefined;
  }

  /** Rows with work left, oldest first: fetched but not parsed, queued, or failed in a way that may pass now. */
  pending(maxAttempts: number): FrontierRow[] {
    return this.sql(`SELECT * FROM frontier WHERE state IN ('queued', 'fetched') OR (state = 'failed' AND retryable = 1 AND attempts < ?) ORDER BY id`).all(maxAttempts) as FrontierRow[];
  }

  /** Pages the store has asked a server for (fetched, parsed or failed). */
  countRequested(): number {
    return (this.sql(`SELECT count(*) AS n FROM frontier WHERE state IN ('fetched', 'parsed', 'failed')`).get() as { n: number }).n;
  }

  allFrontier(): FrontierRow[] {
    return this.sql('SELECT * FROM frontier ORDER BY id').all() as FrontierRow[];
  }


  markFailed(url: string, err: FetchError | Error): void {
    const fe = err as Partial<FetchError>;
    const kind = fe.kind ?? 'other';
    this.sql(`UPDATE frontier SET state = ?, attempts = attempts + 1, error_kind = ?, error_status = ?, error_message = ?, retryable = ?, updated_at = ? WHERE url = ?`).run(kind === 'robots' && !fe.retryable ? 'robots-blocked' : 'failed', kind, fe.status ?? null, err.message, fe.retryable ? 1 : 0, now(), url);
  }

  /** A note on a row that is otherwise done (e.g. the page needed a browser that could not run). */
  noteError(url: string, kind: string, message: string): void {
    this.sql('UPDATE frontier SET error_kind = ?, error_message = ?, retryable = 0, updated_at = ? WHERE url = ?').run(kind, message, now(), url);
  }

  // ---------- responses ----------

  /** Stores a response and its bytes; with `markFetched`, moves the frontier row on, all in one transaction. */
  saveResponse(url: string, res: FetchResult, markFetched: boolean): ResponseRow {
    const tx = this.db.transaction(() => {
      const sha = sha256Hex(res.body);
      this.sql('INSERT OR IGNORE INTO blobs (sha256, size, bytes) VALUES (?, ?, ?)').run(sha, res.body.length, Buffer.from(res.body.buffer, res.body.byteOffset, res.body.byteLength));
      this.sql(`INSERT INTO responses (url, final_url, via, status, headers, encoding, size, sha256, redirects, attempts, fetched_at)
           VALUES (@url, @finalUrl, @via, @status, @headers, @encoding, @size, @sha, @redirects, @attempts, @fetchedAt)
           ON CONFLICT (url, via) DO UPDATE SET final_url = excluded.final_url, status = excluded.status, headers = excluded.headers,
             encoding = excluded.encoding, size = excluded.size, sha256 = excluded.sha256, redirects = excluded.redirects,
             attempts = excluded.attempts, fetched_at = excluded.fetched_at`).run({
          url,
          finalUrl: res.finalUrl,
          via: res.via,
          status: res.status,
          headers: JSON.stringify(res.headers),
          encoding: res.encoding,
          size: res.body.length,
          sha,
          redirects: JSON.stringify(res.redirects),
          attempts: res.attempts,
          fetchedAt: res.fetchedAt,
        });
      if (markFetched) {
        this.sql(`UPDATE frontier SET state = 'fetched', final_url = ?, attempts = attempts + 1, error_kind = NULL, error_status = NULL, error_message = NULL, retryable = NULL, updated_at = ? WHERE url = ?`).run(res.finalUrl, now(), url);
      }
      return this.sql('SELECT * FROM responses WHERE url = ? AND via = ?').get(url, res.via) as ResponseRow;
    });
    return tx();
  }

  responseById(id: number): ResponseRow | undefined {
    return this.sql('SELECT * FROM responses WHERE id = ?').get(id) as ResponseRow | undefined;
  }

  response(url: string, via: 'static' | 'browser'): ResponseRow | undefined {
    return this.sql('SELECT * FROM responses WHERE url = ? AND via = ?').get(url, via) as ResponseRow | undefined;
  }

  responses(): ResponseRow[] {
    return this.sql('SELECT * FROM responses ORDER BY id').all() as ResponseRow[];
  }

  body(sha256: string): Uint8Array {
    const row = this.sql('SELECT bytes FROM blobs WHERE sha256 = ?').get(sha256) as { bytes: Buffer } | undefined;
    if (!row) throw new Error(`the store has no body ${sha256}`);
    return new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength);
  }

  // ---------- records ----------

  /** Stores a page's record, adds its neighbours and marks it parsed: one transaction. */
  saveParsed(frontierUrl: string, responseId: number, rec: ReportRecord, isReport: boolean, links: NewLink[]): number {
    const tx = this.db.transaction(() => {
      this.putRecord(responseId, rec, isReport);
      let added = 0;
      for (const l of links) if (this.enqueue(l)) added++;
      this.sql(`UPDATE frontier SET state = 'parsed', is_report = ?, updated_at = ? WHERE url = ?`).run(isReport ? 1 : 0, now(), frontierUrl);
      return added;
    });
    return tx();
  }

  putRecord(responseId: number, rec: ReportRecord, isReport: boolean): void {
    const url = rec.source.url ?? '';
    this.sql(`INSERT INTO records (url, response_id, parser_version, is_report, entity, year, format, json, parsed_at)
         VALUES (@url, @responseId, @version, @isReport, @entity, @year, @format, @json, @now)
         ON CONFLICT (url) DO UPDATE SET response_id = excluded.response_id, parser_version = excluded.parser_version,
           is_report = excluded.is_report, entity = excluded.entity, year = excluded.year, format = excluded.format,
           json = excluded.json, parsed_at = excluded.parsed_at`).run({ url, responseId, version: rec.parserVersion, isReport: isReport ? 1 : 0, entity: rec.entity, year: rec.year, format: rec.format, json: JSON.stringify(rec), now: now() });
  }


  /** The reports one at a time, in export order, so a large store never sits in memory whole. */
  *iterateReports(): Generator<ReportRecord> {
    // a statement of its own: a cached one could be iterated twice at once
    const stmt = this.db.prepare(`SELECT json FROM records WHERE is_report = 1 ORDER BY entity IS NULL, entity, year IS NULL, year, url`).pluck();
    for (const json of stmt.iterate() as IterableIterator<string>) yield recordFrom(json);
  }

  /** The bodies that have reports in the store. */
  entities(): string[] {
    return this.sql('SELECT DISTINCT entity FROM records WHERE is_report = 1 AND entity IS NOT NULL ORDER BY entity').pluck().all() as string[];
  }

  reportsOf(entity: string): ReportRecord[] {
    const rows = this.sql('SELECT json FROM records WHERE is_report = 1 AND entity = ? ORDER BY year, url').pluck().all(entity) as string[];
    return rows.map(recordFrom);
  }

  /** The stored record of a page as the JSON text it was saved as (to tell whether a re-read changed it). */
  recordJson(url: string): string | undefined {
    return this.sql('SELECT json FROM records WHERE url = ?').pluck().get(url) as string | undefined;
  }

  countReports(): number {
    return (this.sql('SELECT count(*) AS n FROM records WHERE is_report = 1').get() as { n: number }).n;
  }

  recordRows(): { url: string; response_id: number; is_report: number; entity: string | null; year: number | null; format: string; parser_version: string }[] {
    return this.sql('SELECT url, response_id, is_report, entity, year, format, parser_version FROM records ORDER BY url').all() as never;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // ---------- series ----------

  replaceSeries(entries: SeriesEntry[]): void {
    this.transaction(() => {
      this.sql('DELETE FROM series_checks').run();
      const ins = this.sql('INSERT INTO series_checks (entity, kind, later_url, earlier_url, json) VALUES (?, ?, ?, ?, ?)');
      for (const e of entries) ins.run(e.entity, e.kind, e.laterUrl, e.earlierUrl, JSON.stringify(e.check));
    });
  }


  seriesEntries(): SeriesEntry[] {
    const rows = this.sql('SELECT entity, kind, later_url, earlier_url, json FROM series_checks ORDER BY id').all() as {
      entity: string; kind: SeriesEntry['kind']; later_url: string; earlier_url: string | null; json: string;
    }[];
    return rows.map((r) => ({ entity: r.entity, kind: r.kind, laterUrl: r.later_url, earlierUrl: r.earlier_url, check: JSON.parse(r.json) }));
  }

  /** Reports with the series checks that name them as the later year, one at a time, ready for export. */
  *reportsWithSeries(): Generator<ReportRecord> {
    // the series rows are few: read them first, as the connection is busy while records stream
    const series = new Map<string, Check[]>();
    for (const e of this.seriesEntries()) series.set(e.laterUrl, [...(series.get(e.laterUrl) ?? []), e.check]);
    for (const r of this.iterateReports()) {
      const extra = r.source.url ? series.get(r.source.url) : undefined;
      yield extra?.length ? { ...r, checks: [...r.checks, ...extra] } : r;
    }
  }
}

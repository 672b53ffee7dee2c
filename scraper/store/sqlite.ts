/**
 * The crawl store in one file: SQLite through better-sqlite3, in WAL mode. Each crawl step is one
 * transaction, so a process killed at any moment leaves a store the next run continues from;
 * UNIQUE keys make a repeated step a no-op rather than a duplicate. better-sqlite3 is synchronous:
 * each method does its work at once and hands back a settled promise, so no step interleaves
 * with another inside one.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { compress, decompress, packJson, unpackJson } from './compress.js';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ReportRecord } from '../../parser/index.js';
import type { FetchError, FetchResult } from '../fetch/contract.js';
import {
  jsonOfRecord, originOf, recordFrom, seriesByLater, sha256Hex, StoreError, withSeries,
  type FrontierRow, type NewLink, type StorableRecord, type RecordRow, type ReportInputs, type ResponseRow, type RowNote, type SeriesEntry, type Store, type StoreStatus, type WorkerRow,
} from './contract.js';
import { STATUS_DEFAULTS, statusFrom } from './status.js';
import { inspectStoreFile } from './sqlite-file.js';
import { mark, migrate, SCHEMA_VERSION } from './migrations.js';

const SCHEMA = readFileSync(new URL('./schema.sql', import.meta.url), 'utf8');

/**
 * Stores not closed yet: closed (the WAL checkpointed into the .db) when the process exits
 * however it does — process.exit on a second Ctrl-C, an uncaught error — so the .db file alone
 * is always the whole store. better-sqlite3 is synchronous, so this works in an 'exit' handler.
 */
const openStores = new Set<SqliteStore>();
process.on('exit', () => {
  for (const s of openStores) s.closeNow();
});


const now = () => new Date().toISOString();

/** A record as the records table holds it: its JSON, packed when json_codec says so (schema 3). */
type StoredJson = { json: string | Uint8Array; json_codec: string | null };
const jsonOf = (r: StoredJson) => unpackJson(r.json_codec, r.json);

export class SqliteStore implements Store {
  readonly spec: string;
  /** private: every read and write goes through a method, so the schema has one owner */
  private readonly db: Database.Database;

  constructor(readonly file: string) {
    this.spec = file;
    // whose file is it: read before anything is written (a foreign file stays byte for byte as it was)
    const found = inspectStoreFile(file);
    if (found.kind === 'gongkai' && found.version > SCHEMA_VERSION)
      throw new StoreError(`${file} is a gongkai store of version ${found.version}; this gongkai reads up to version ${SCHEMA_VERSION} (a newer gongkai made it)`);
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
    if (found.kind === 'new')
      this.db.transaction(() => {
        this.db.exec(SCHEMA);
        mark(this.db, SCHEMA_VERSION);
      })();
    else {
      migrate(this.db, found.kind === 'unmarked-v1' ? 1 : found.version);
      // tables added without a version change (workers) are made when missing: every statement is IF NOT EXISTS
      this.db.exec(SCHEMA);
    }
    openStores.add(this);
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** A prepared statement, prepared once per store: preparing anew on every step cost more than running it. */
  private sql(source: string): Database.Statement {
    let st = this.statements.get(source);
    if (!st) this.statements.set(source, (st = this.db.prepare(source)));
    return st;
  }

  /**
   * A crawl's writes, committed together every `groupMs` instead of one commit per step: a commit
   * rewrites every index page the step touched into the WAL, twice a page (response, then record),
   * and that was the largest part of the store's CPU on the crawl's main thread. Each step stays
   * all-or-nothing inside the group (better-sqlite3 nests its transactions as savepoints). Other
   * connections see a step at most `groupMs` late; a process killed outright loses at most its last
   * `groupMs` of steps, which the next run does again (the rows they moved are back as they were).
   * Every way out commits: close, the 'exit' handler, the timer, and `groupWrites(0)` (grouping
   * ends: the crawl's writes are all there when it returns).
   */
  groupWrites(ms: number): void {
    this.groupMs = ms;
    if (ms > 0) return;
    // grouping ends: what the group holds is committed now
    if (this.groupTimer) clearTimeout(this.groupTimer);
    this.commitGroup(true);
  }
  private groupMs = 0;
  private groupTimer: NodeJS.Timeout | null = null;
  /** a group's commit that failed: the steps in it are lost, and the next write says so */
  private groupError: Error | null = null;

  /** Before a crawl's write: opens a group when writes are grouped and none is open. */
  private writing(): void {
    if (this.groupError) {
      const err = this.groupError;
      this.groupError = null;
      throw new StoreError(`${this.spec}: the last writes could not be committed (${err.message}); run the crawl again to redo them`);
    }
    if (this.groupMs <= 0 || this.db.inTransaction) return;
    this.db.exec('BEGIN');
    this.commitLater();
  }

  private commitLater(): void {
    this.groupTimer = setTimeout(() => this.commitGroup(), this.groupMs);
    this.groupTimer.unref();
  }

  /** Commits the open group. A connection still reading a list (an iterator) cannot commit yet: later, unless closing. */
  private commitGroup(closing = false): void {
    this.groupTimer = null;
    if (!this.db.open || !this.db.inTransaction) return;
    try {
      this.db.exec('COMMIT');
    } catch (err) {
      if (!closing && this.db.inTransaction && /busy/i.test((err as Error).message)) return this.commitLater();
      this.groupError = err as Error;
      // a commit that failed otherwise (disk full): the group is given up, so the next write starts afresh
      try {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
      } catch {
        // SQLite undid it already
      }
    }
  }

  async close(): Promise<void> {
    this.closeNow();
  }

  /** Checkpoints the WAL into the .db and truncates it, then closes: the .db alone is the store. */
  closeNow(): void {
    if (!openStores.delete(this)) return;
    if (this.groupTimer) clearTimeout(this.groupTimer);
    this.commitGroup(true);
    // a reader may be mid-way through a list (export ended by a closed pipe): the connection is
    // busy, and a reader has nothing to checkpoint; the exit goes on regardless
    const busy = () => {
      try {
        this.db.pragma('wal_checkpoint(TRUNCATE)');
        return false;
      } catch {
        return true;
      }
    };
    if (busy()) return;
    this.db.close();
  }

  // ---------- frontier ----------

  async enqueue(link: NewLink): Promise<boolean> {
    this.writing();
    return this.enqueueNow(link);
  }

  /** Adds a URL unless the store already knows it (as a URL or as where one redirected to); inside a transaction. */
  private enqueueNow(link: NewLink): boolean {
    const known = this.sql('SELECT 1 FROM frontier WHERE url = ? OR final_url = ? LIMIT 1').get(link.url, link.url);
    if (known) return false;
    // ON CONFLICT, not OR IGNORE: a known URL is skipped, but a row the schema refuses fails the step (as on Postgres)
    const r = this.sql(`INSERT INTO frontier (url, state, start_url, direction, gap, depth, found_from, link_title, error_kind, error_message, updated_at)
         VALUES (@url, @state, @startUrl, @direction, @gap, @depth, @foundFrom, @linkTitle, @errorKind, @errorMessage, @now)
         ON CONFLICT (url) DO NOTHING`).run({
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

  async known(url: string): Promise<boolean> {
    return this.sql('SELECT 1 FROM frontier WHERE url = ? OR final_url = ? LIMIT 1').get(url, url) !== undefined;
  }

  async frontierOf(url: string, finalUrl: string): Promise<FrontierRow | undefined> {
    return this.sql('SELECT * FROM frontier WHERE url = ? OR final_url = ? ORDER BY id LIMIT 1').get(url, finalUrl) as FrontierRow | undefined;
  }

  async frontier(url: string): Promise<FrontierRow | undefined> {
    return this.sql('SELECT * FROM frontier WHERE url = ?').get(url) as FrontierRow | undefined;
  }

  async pending(maxAttempts: number): Promise<FrontierRow[]> {
    return this.sql(`SELECT * FROM frontier WHERE state IN ('queued', 'fetched') OR (state = 'failed' AND retryable = 1 AND attempts < ?) ORDER BY id`).all(maxAttempts) as FrontierRow[];
  }

  async countRequested(): Promise<number> {
    return (this.sql(`SELECT count(*) AS n FROM frontier WHERE state IN ('fetched', 'parsed', 'failed')`).get() as { n: number }).n;
  }

  async allFrontier(): Promise<FrontierRow[]> {
    return this.sql('SELECT * FROM frontier ORDER BY id').all() as FrontierRow[];
  }


  async markFailed(url: string, err: FetchError | Error): Promise<void> {
    this.writing();
    const fe = err as Partial<FetchError>;
    const kind = fe.kind ?? 'other';
    this.sql(`UPDATE frontier SET state = ?, attempts = attempts + 1, error_kind = ?, error_status = ?, error_message = ?, retryable = ?, updated_at = ? WHERE url = ?`).run(kind === 'robots' && !fe.retryable ? 'robots-blocked' : 'failed', kind, fe.status ?? null, err.message, fe.retryable ? 1 : 0, now(), url);
  }

  async requeue(urls: string[]): Promise<number> {
    return this.db.transaction(() => {
      let n = 0;
      for (const u of urls) n += this.sql(`UPDATE frontier SET state = 'queued', updated_at = ? WHERE url = ? AND state = 'parsed'`).run(now(), u).changes;
      return n;
    })();
  }

  async markUnchanged(url: string): Promise<void> {
    this.writing();
    this.sql(`UPDATE frontier SET state = 'parsed', attempts = attempts + 1, updated_at = ? WHERE url = ?`).run(now(), url);
  }

  async noteError(url: string, kind: string, message: string): Promise<void> {
    this.writing();
    this.noteNow(url, kind, message);
  }

  private noteNow(url: string, kind: string, message: string, retryable = false): void {
    this.sql('UPDATE frontier SET error_kind = ?, error_message = ?, retryable = ?, updated_at = ? WHERE url = ?').run(kind, message, retryable ? 1 : 0, now(), url);
  }

  async retryNoted(kind: string, before: string): Promise<number> {
    return this.sql(`UPDATE frontier SET state = 'fetched', error_kind = NULL, error_message = NULL, retryable = NULL, updated_at = ?
      WHERE state = 'parsed' AND error_kind = ? AND retryable = 1 AND updated_at < ?`).run(now(), kind, before).changes;
  }

  // ---------- responses ----------

  async saveResponse(url: string, res: FetchResult, markFetched: boolean): Promise<ResponseRow> {
    this.writing();
    const sha = sha256Hex(res.body);
    // a page stored once per hash; compressed here, not on zlib's thread pool, which cost three times the CPU (compress.ts)
    const known = this.sql('SELECT 1 FROM blobs WHERE sha256 = ?').get(sha) !== undefined;
    // a page that does not shrink (tiny, or already compressed) is kept as it came
    const squeezed = known ? null : compress(res.body);
    const packed = squeezed?.codec === 'br' ? squeezed.bytes : null;
    const tx = this.db.transaction(() => {
      if (!known)
        this.sql('INSERT OR IGNORE INTO blobs (sha256, size, bytes, codec) VALUES (?, ?, ?, ?)').run(sha, res.body.length, packed ?? Buffer.from(res.body.buffer, res.body.byteOffset, res.body.byteLength), packed ? 'br' : null);
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

  async responseById(id: number): Promise<ResponseRow | undefined> {
    return this.sql('SELECT * FROM responses WHERE id = ?').get(id) as ResponseRow | undefined;
  }

  async response(url: string, via: 'static' | 'browser'): Promise<ResponseRow | undefined> {
    return this.sql('SELECT * FROM responses WHERE url = ? AND via = ?').get(url, via) as ResponseRow | undefined;
  }

  async responses(): Promise<ResponseRow[]> {
    return this.sql('SELECT * FROM responses ORDER BY id').all() as ResponseRow[];
  }

  async body(sha256: string): Promise<Uint8Array> {
    const row = this.sql('SELECT bytes, size, codec FROM blobs WHERE sha256 = ?').get(sha256) as { bytes: Buffer; size: number; codec: string | null } | undefined;
    if (!row) throw new Error(`the store has no body ${sha256}`);
    // NULL: a page stored raw (schema 1, or one that did not shrink); the codecs are Postgres's too
    const bytes = decompress(row.codec ?? 'identity', row.bytes, row.size);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  // ---------- records ----------

  async saveParsed(frontierUrl: string, responseId: number, rec: StorableRecord, isReport: boolean, links: NewLink[], note?: RowNote | null): Promise<number> {
    this.writing();
    const tx = this.db.transaction(() => {
      this.putRecord(responseId, rec, isReport);
      let added = 0;
      for (const l of links) if (this.enqueueNow(l)) added++;
      this.sql(`UPDATE frontier SET state = 'parsed', is_report = ?, updated_at = ? WHERE url = ?`).run(isReport ? 1 : 0, now(), frontierUrl);
      if (note) this.noteNow(frontierUrl, note.kind, note.message, note.retryable);
      return added;
    });
    return tx();
  }

  async saveReparsed(responseId: number, rec: StorableRecord, isReport: boolean, links: NewLink[], frontierId: number | null): Promise<void> {
    this.writing();
    this.db.transaction(() => {
      this.putRecord(responseId, rec, isReport);
      for (const l of links) this.enqueueNow(l);
      if (frontierId !== null) this.sql('UPDATE frontier SET is_report = ? WHERE id = ?').run(isReport ? 1 : 0, frontierId);
    })();
  }

  private putRecord(responseId: number, rec: StorableRecord, isReport: boolean): void {
    const url = rec.source.url ?? '';
    const packed = packJson(jsonOfRecord(rec));
    this.sql(`INSERT INTO records (url, response_id, parser_version, is_report, entity, year, format, json, json_codec, parsed_at)
         VALUES (@url, @responseId, @version, @isReport, @entity, @year, @format, @json, @codec, @now)
         ON CONFLICT (url) DO UPDATE SET response_id = excluded.response_id, parser_version = excluded.parser_version,
           is_report = excluded.is_report, entity = excluded.entity, year = excluded.year, format = excluded.format,
           json = excluded.json, json_codec = excluded.json_codec, parsed_at = excluded.parsed_at`).run({
      url, responseId, version: rec.parserVersion, isReport: isReport ? 1 : 0, entity: rec.entity, year: rec.year, format: rec.format,
      json: packed.value, codec: packed.codec === 'identity' ? null : packed.codec, now: now(),
    });
  }


  async *iterateReports(): AsyncGenerator<ReportRecord> {
    // a statement of its own: a cached one could be iterated twice at once
    const stmt = this.db.prepare(`SELECT json, json_codec FROM records WHERE is_report = 1 ORDER BY entity IS NULL, entity, year IS NULL, year, url`);
    for (const row of stmt.iterate() as IterableIterator<StoredJson>) yield recordFrom(jsonOf(row));
  }

  async entities(): Promise<string[]> {
    return this.sql('SELECT DISTINCT entity FROM records WHERE is_report = 1 AND entity IS NOT NULL ORDER BY entity').pluck().all() as string[];
  }

  async reportsOf(entity: string): Promise<ReportRecord[]> {
    const rows = this.sql('SELECT json, json_codec FROM records WHERE is_report = 1 AND entity = ? ORDER BY year, url').all(entity) as StoredJson[];
    return rows.map((r) => recordFrom(jsonOf(r)));
  }

  async recordJson(url: string): Promise<string | undefined> {
    const row = this.sql('SELECT json, json_codec FROM records WHERE url = ?').get(url) as StoredJson | undefined;
    return row ? jsonOf(row) : undefined;
  }

  async countReports(): Promise<number> {
    return (this.sql('SELECT count(*) AS n FROM records WHERE is_report = 1').get() as { n: number }).n;
  }

  async recordRows(): Promise<RecordRow[]> {
    return this.sql('SELECT url, response_id, is_report, entity, year, format, parser_version FROM records ORDER BY url').all() as never;
  }

  // ---------- series ----------

  async replaceSeries(entries: SeriesEntry[]): Promise<void> {
    this.db.transaction(() => {
      this.sql('DELETE FROM series_checks').run();
      const ins = this.sql('INSERT INTO series_checks (entity, kind, later_url, earlier_url, json) VALUES (?, ?, ?, ?, ?)');
      for (const e of entries) ins.run(e.entity, e.kind, e.laterUrl, e.earlierUrl, JSON.stringify(e.check));
    })();
  }


  async seriesEntries(): Promise<SeriesEntry[]> {
    const rows = this.sql('SELECT entity, kind, later_url, earlier_url, json FROM series_checks ORDER BY id').all() as {
      entity: string; kind: SeriesEntry['kind']; later_url: string; earlier_url: string | null; json: string;
    }[];
    return rows.map((r) => ({ entity: r.entity, kind: r.kind, laterUrl: r.later_url, earlierUrl: r.earlier_url, check: JSON.parse(r.json) }));
  }

  /** Reports with the series checks that name them as the later year, one at a time, ready for export. */
  async *reportsWithSeries(): AsyncGenerator<ReportRecord> {
    // the series rows are few: read them first, as the connection is busy while records stream
    const series = seriesByLater(await this.seriesEntries());
    for await (const r of this.iterateReports()) yield withSeries(r, series);
  }

  // ---------- workers and status ----------

  async workerSeen(w: Omit<WorkerRow, 'seen_at'>): Promise<void> {
    this.writing();
    this.sql(`INSERT INTO workers (id, host, pid, started_at, seen_at, state, pages, failures, lease_ms) VALUES (@id, @host, @pid, @started_at, @seen, @state, @pages, @failures, @lease_ms)
      ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at, state = excluded.state, pages = excluded.pages, failures = excluded.failures`).run({ ...w, seen: now() });
  }

  async status(opts: { windowS?: number; maxAttempts?: number } = {}): Promise<StoreStatus> {
    const { windowS, maxAttempts } = { ...STATUS_DEFAULTS, ...opts };
    const t = Date.now();
    const states: Record<string, number> = {};
    const byState = this.sql(`SELECT CASE WHEN state = 'failed' AND retryable = 1 AND attempts < ? THEN 'failed-retry' ELSE state END AS s, count(*) AS n FROM frontier GROUP BY s`).all(maxAttempts) as { s: string; n: number }[];
    for (const r of byState) states[r.s] = r.n;
    const pendingUrls = this.sql(`SELECT url FROM frontier WHERE state IN ('queued', 'fetched') OR (state = 'failed' AND retryable = 1 AND attempts < ?)`).pluck().all(maxAttempts) as string[];
    return statusFrom(
      {
        workers: this.sql('SELECT * FROM workers ORDER BY started_at, id').all() as WorkerRow[],
        states,
        // one process works a SQLite store: nothing is claimed, no origin leased
        claimed: 0,
        originsWithWork: new Set(pendingUrls.map(originOf)).size,
        originsBusy: 0,
        reports: (this.sql('SELECT count(*) AS n FROM records WHERE is_report = 1').get() as { n: number }).n,
        fetchedInWindow: (this.sql('SELECT count(*) AS n FROM responses WHERE fetched_at >= ?').get(new Date(t - windowS * 1000).toISOString()) as { n: number }).n,
        failures: this.sql(`SELECT error_kind AS kind, count(*) AS n FROM frontier WHERE state IN ('failed', 'robots-blocked') GROUP BY error_kind ORDER BY n DESC, kind`).all() as { kind: string | null; n: number }[],
      },
      t,
      windowS,
    );
  }

  // ---------- inputs ----------

  async saveInputs(inputs: { url: string; columns: Record<string, string> }[]): Promise<void> {
    this.db.transaction(() => {
      const put = this.sql('INSERT INTO inputs (url, columns) VALUES (?, ?) ON CONFLICT (url) DO UPDATE SET columns = excluded.columns');
      for (const i of inputs) put.run(i.url, JSON.stringify(i.columns));
    })();
  }

  async reportInputs(): Promise<ReportInputs> {
    const rows = this.sql(`SELECT r.url AS report, i.columns AS columns FROM records r
        JOIN frontier f ON f.id = (SELECT id FROM frontier WHERE url = r.url OR final_url = r.url ORDER BY id LIMIT 1)
        JOIN inputs i ON i.url = f.start_url
        WHERE r.is_report = 1`).all() as { report: string; columns: string }[];
    const names = new Set<string>();
    for (const c of this.sql('SELECT columns FROM inputs ORDER BY rowid').pluck().all() as string[]) for (const k of Object.keys(JSON.parse(c))) names.add(k);
    return { columns: [...names], byReport: new Map(rows.map((r) => [r.report, JSON.parse(r.columns) as Record<string, string>])) };
  }
}

/**
 * The crawl store on Postgres, for crawls that outgrow one machine: any number of `gongkai crawl`
 * processes share it. Same contract as the SQLite store (contract.ts); each method that changes
 * more than one row is one transaction, so a worker killed at any moment leaves the store whole.
 * Raw pages are kept compressed (compress.ts). The schema is versioned (postgres-schema.ts). The
 * driver is loaded when a store opens: a program on SQLite never loads it.
 */
import type pg from 'pg';
import type { ReportRecord } from '../../parser/index.js';
import type { FetchError, FetchResult } from '../fetch/contract.js';
import type { StoredRobots } from '../fetch/robots.js';
import { compressOffThread, decompress } from './compress.js';
import {
  jsonOfRecord, originOf, recordFrom, seriesByLater, sha256Hex, StoreError, withSeries,
  type Claimed, type ClaimOptions, type FrontierRow, type NewLink, type StorableRecord, type RecordRow, type ReportInputs, type ResponseRow, type RowNote,
  type SeriesEntry, type SharedFrontier, type Store, type StoreStatus, type WorkerRow,
} from './contract.js';
import { LATEST_VERSION, MIGRATIONS } from './postgres-schema.js';
import { STATUS_DEFAULTS, statusFrom } from './status.js';

type Client = pg.PoolClient | pg.Pool;

const now = () => new Date().toISOString();
/** Rows streamed at a time when reading reports out. */
const BATCH = 200;
/** Frontier columns as the contract's FrontierRow (the claim columns stay inside the store). */
const ROW = 'id, url, state, start_url, direction, gap, depth, found_from, link_title, final_url, is_report, attempts, error_kind, error_status, error_message, retryable, updated_at';
/** A row with work left in this run (parameters: max attempts, when the run began: its own failures wait for the next). */
const work = (maxAttempts: number, since: number) =>
  `(f.state IN ('queued', 'fetched') OR (f.state = 'failed' AND f.retryable = 1 AND f.attempts < $${maxAttempts} AND f.updated_at < $${since}))`;
const UNCLAIMED = '(f.claim_until IS NULL OR f.claim_until < clock_timestamp())';
const ms = (n: number) => `${Math.max(0, Math.round(n))} milliseconds`;

/**
 * A statement run on every page, prepared under its name: each connection has Postgres parse and
 * plan it once, then only binds and runs it.
 */
interface Named {
  name: string;
  text: string;
}
const named = (name: string, text: string): Named => ({ name: `gongkai.${name}`, text });

/**
 * Links added to the frontier in one statement (parameters $1–$11: their columns as arrays, $12
 * the time): each unless known as a URL or as where one redirected to, its origin added for
 * the claims; `added` counts those queued. Taken in URL order, so two workers adding the same
 * links wait on each other in one order and never deadlock.
 */
const ADD_LINKS = `
  l AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
        AS t(url, state, start_url, direction, gap, depth, found_from, link_title, error_kind, error_message, origin)),
  added AS (
    INSERT INTO frontier (url, state, start_url, direction, gap, depth, found_from, link_title, error_kind, error_message, updated_at, origin)
    SELECT url, state, start_url, direction, gap, depth, found_from, link_title, error_kind, error_message, $12, origin FROM l
    WHERE NOT EXISTS (SELECT 1 FROM frontier k WHERE k.url = l.url OR k.final_url = l.url)
    ORDER BY url COLLATE "C"
    ON CONFLICT (url) DO NOTHING
    RETURNING origin, state),
  new_origins AS (INSERT INTO origins (origin) SELECT DISTINCT origin FROM added WHERE state <> 'skipped' ON CONFLICT DO NOTHING)`;

/** The parameters of ADD_LINKS. */
function linkParams(links: NewLink[]): unknown[] {
  const col = <T>(f: (l: NewLink) => T) => links.map(f);
  return [
    col((l) => l.url),
    col((l) => (l.skip ? 'skipped' : 'queued')),
    col((l) => l.startUrl),
    col((l) => l.direction),
    col((l) => l.gap),
    col((l) => l.depth),
    col((l) => l.foundFrom),
    col((l) => l.linkTitle),
    col((l) => l.skip?.kind ?? null),
    col((l) => l.skip?.message ?? null),
    col((l) => originOf(l.url)),
    now(),
  ];
}

const ENQUEUE = named('enqueue', `WITH ${ADD_LINKS} SELECT count(*)::int AS n FROM added`);

/**
 * A parsed page in one statement (so in one transaction, without BEGIN and COMMIT round trips):
 * its record stored ($18–$26), its links queued, and its row marked parsed (with its note, if
 * any: $16 kind, $17 message, $27 whether it may pass).
 */
const PARSED = named(
  'parsed',
  `WITH ${ADD_LINKS},
  rec AS (
    INSERT INTO records (url, response_id, parser_version, is_report, entity, year, format, json, parsed_at)
    VALUES ($18, $19, $20, $21, $22, $23, $24, $25, $26)
    ON CONFLICT (url) DO UPDATE SET response_id = excluded.response_id, parser_version = excluded.parser_version,
      is_report = excluded.is_report, entity = excluded.entity, year = excluded.year, format = excluded.format,
      json = excluded.json, parsed_at = excluded.parsed_at),
  done AS (
    UPDATE frontier SET state = 'parsed', is_report = $13, updated_at = $14, claimed_by = NULL, claim_until = NULL,
      error_kind = CASE WHEN $16::text IS NULL THEN error_kind ELSE $16 END,
      error_message = CASE WHEN $16::text IS NULL THEN error_message ELSE $17 END,
      retryable = CASE WHEN $16::text IS NULL THEN retryable ELSE $27 END
    WHERE url = $15)
  SELECT count(*)::int AS n FROM added`,
);

const PUT_RECORD = `INSERT INTO records (url, response_id, parser_version, is_report, entity, year, format, json, parsed_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
  ON CONFLICT (url) DO UPDATE SET response_id = excluded.response_id, parser_version = excluded.parser_version,
    is_report = excluded.is_report, entity = excluded.entity, year = excluded.year, format = excluded.format,
    json = excluded.json, parsed_at = excluded.parsed_at`;

/** The parameters of a record's row (PUT_RECORD's, PARSED's $18–$26). */
function recordParams(responseId: number, rec: StorableRecord, isReport: boolean): unknown[] {
  return [rec.source.url ?? '', responseId, rec.parserVersion, isReport ? 1 : 0, rec.entity, rec.year, rec.format, jsonOfRecord(rec), now()];
}

/**
 * A response, its body and (with $14) its frontier row moved on, in one statement: the body first
 * (kept once per hash; the response's reference to it is checked at the statement's end).
 */
const SAVE_RESPONSE = named(
  'save-response',
  `WITH body AS (INSERT INTO blobs (sha256, size, codec, bytes) VALUES ($8, $7, $12, $13) ON CONFLICT (sha256) DO NOTHING),
  resp AS (
    INSERT INTO responses (url, final_url, via, status, headers, encoding, size, sha256, redirects, attempts, fetched_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
    ON CONFLICT (url, via) DO UPDATE SET final_url = excluded.final_url, status = excluded.status, headers = excluded.headers,
      encoding = excluded.encoding, size = excluded.size, sha256 = excluded.sha256, redirects = excluded.redirects,
      attempts = excluded.attempts, fetched_at = excluded.fetched_at
    RETURNING *),
  moved AS (
    UPDATE frontier SET state = 'fetched', final_url = $2, attempts = attempts + 1, error_kind = NULL, error_status = NULL, error_message = NULL,
      retryable = NULL, updated_at = $15
    WHERE $14::boolean AND url = $1)
  SELECT * FROM resp`,
);

/**
 * Of each origin free now (no request in flight, next allowed time passed) with unclaimed work,
 * locked `FOR UPDATE SKIP LOCKED` so workers claiming at once each get other origins, the
 * oldest row with work is claimed and the origin leased to the worker: one statement. When none
 * is claimed, the one row it gives instead (its id NULL) says whether any row has work left
 * (claimed or not) and in how many ms an origin with unclaimed work frees: a worker with nothing
 * to do asks once, not twice, each time it looks.
 * $1 worker, $2 max attempts, $3 since, $4 how many, $5 the lease.
 */
export const CLAIM = named(
  'claim',
  `WITH free AS (
    SELECT g.origin FROM origins g
    WHERE g.origin = ANY (ARRAY(SELECT DISTINCT f.origin FROM frontier f WHERE ${work(2, 3)} AND ${UNCLAIMED}))
      AND g.next_at <= clock_timestamp() AND (g.held_until IS NULL OR g.held_until < clock_timestamp())
    ORDER BY g.next_at LIMIT $4 FOR UPDATE OF g SKIP LOCKED),
  pick AS (
    SELECT p.id FROM free CROSS JOIN LATERAL (
      SELECT f.id FROM frontier f WHERE f.origin = free.origin AND ${work(2, 3)} AND ${UNCLAIMED} ORDER BY f.id LIMIT 1 FOR UPDATE OF f SKIP LOCKED) p),
  claimed AS (
    UPDATE frontier f SET claimed_by = $1, claim_until = clock_timestamp() + $5::interval FROM pick WHERE f.id = pick.id
    RETURNING ${ROW.split(', ').map((c) => `f.${c}`).join(', ')}, f.origin),
  held AS (UPDATE origins g SET held_by = $1, held_until = clock_timestamp() + $5::interval WHERE g.origin = ANY (ARRAY(SELECT origin FROM claimed)))
  SELECT ${ROW}, NULL::boolean AS more, NULL::float8 AS wait_ms FROM claimed
  UNION ALL
  SELECT ${ROW.split(', ').map(() => 'NULL').join(', ')},
    EXISTS (SELECT 1 FROM frontier f WHERE ${work(2, 3)}),
    (SELECT (extract(epoch FROM min(greatest(g.next_at, g.held_until, clock_timestamp())) - clock_timestamp()) * 1000)::float8
     FROM origins g WHERE g.origin = ANY (ARRAY(SELECT DISTINCT f.origin FROM frontier f WHERE ${work(2, 3)} AND ${UNCLAIMED})))
  WHERE NOT EXISTS (SELECT 1 FROM claimed)`,
);

const RELEASE_ORIGIN = named(
  'release-origin',
  `UPDATE origins SET held_by = NULL, held_until = NULL,
     next_at = CASE WHEN $3::int > 0 THEN greatest(next_at, clock_timestamp() + $4::interval) ELSE next_at END
   WHERE origin = $1 AND held_by = $2`,
);

/** How a worker's end went for the series rows (seriesOnce). */
export type SeriesTurn = 'computed' | 'fresh' | 'left-to-others';

/** Workers other than $1 still running and heard from within their lease, and whether the series was computed after $2 (a time by the database clock). */
const SERIES_DUE = `SELECT
  (SELECT count(*)::int FROM workers WHERE id <> $1 AND state = 'running'
     AND seen_at::timestamptz > clock_timestamp() - make_interval(secs => lease_ms / 1000.0)) AS others,
  coalesce((SELECT computed_at >= $2::timestamptz FROM series_state), false) AS fresh`;

/** A connection URL with its password hidden, for messages. */
export function redactUrl(spec: string): string {
  try {
    const u = new URL(spec);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return spec.replace(/:[^:@/]*@/, ':***@');
  }
}

export class PostgresStore implements Store, SharedFrontier {
  readonly spec: string;
  /** private: every read and write goes through a method, so the schema has one owner */
  private readonly pool: pg.Pool;

  private constructor(spec: string, pool: pg.Pool) {
    this.spec = redactUrl(spec);
    this.pool = pool;
  }

  /** Connects, applies the migrations this store lacks, and refuses a store newer than this gongkai. */
  static async open(spec: string, opts: { poolSize?: number } = {}): Promise<PostgresStore> {
    const { default: driver } = await import('pg');
    const pool = new driver.Pool({ connectionString: spec, max: opts.poolSize ?? 4, application_name: 'gongkai' });
    // an idle client that loses its server (a restart) must not crash the process: the next query reports it
    pool.on('error', () => {});
    const store = new PostgresStore(spec, pool);
    try {
      await store.migrate();
    } catch (err) {
      await pool.end().catch(() => {});
      if (err instanceof StoreError) throw err;
      throw new StoreError(`cannot use the Postgres store at ${redactUrl(spec)}: ${(err as Error).message}`);
    }
    return store;
  }

  private async migrate(): Promise<void> {
    await this.tx(async (c) => {
      // workers started together: one migrates, the others wait here and find it done
      await c.query(`SELECT pg_advisory_xact_lock(hashtext('gongkai.schema'))`);
      await c.query('CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, what text NOT NULL, applied_at text NOT NULL)');
      const { rows } = await c.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_version');
      const have = rows[0].v ?? 0;
      if (have > LATEST_VERSION) throw new StoreError(`${this.spec} is a gongkai store of version ${have}; this gongkai reads versions up to ${LATEST_VERSION}`);
      for (const m of MIGRATIONS.filter((m) => m.version > have)) {
        await c.query(m.sql);
        await c.query('INSERT INTO schema_version (version, what, applied_at) VALUES ($1, $2, $3)', [m.version, m.what, now()]);
      }
    });
  }

  /** Runs `fn` in one transaction on one connection: all of it, or (on any error) none of it. */
  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      c.release();
    }
  }

  private async one<T extends pg.QueryResultRow>(sql: string | Named, params: unknown[] = [], c: Client = this.pool): Promise<T | undefined> {
    return (await this.run<T>(c, sql, params)).rows[0];
  }

  private async all<T extends pg.QueryResultRow>(sql: string | Named, params: unknown[] = [], c: Client = this.pool): Promise<T[]> {
    return (await this.run<T>(c, sql, params)).rows;
  }

  private run<T extends pg.QueryResultRow>(c: Client, sql: string | Named, values: unknown[]): Promise<pg.QueryResult<T>> {
    return typeof sql === 'string' ? c.query<T>(sql, values) : c.query<T>({ ...sql, values });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  // ---------- frontier ----------

  async enqueue(link: NewLink): Promise<boolean> {
    return (await this.enqueueOn(this.pool, [link])) > 0;
  }

  /** Known as a URL or as where one redirected to: not queued again; two workers adding one at once: the UNIQUE key keeps one. */
  private async enqueueOn(c: Client, links: NewLink[]): Promise<number> {
    if (links.length === 0) return 0;
    return (await this.one<{ n: number }>(ENQUEUE, linkParams(links), c))!.n;
  }

  async known(url: string): Promise<boolean> {
    return (await this.one('SELECT 1 FROM frontier WHERE url = $1 OR final_url = $1 LIMIT 1', [url])) !== undefined;
  }

  async frontier(url: string): Promise<FrontierRow | undefined> {
    return this.one<FrontierRow>(`SELECT ${ROW} FROM frontier WHERE url = $1`, [url]);
  }

  async frontierOf(url: string, finalUrl: string): Promise<FrontierRow | undefined> {
    return this.one<FrontierRow>(`SELECT ${ROW} FROM frontier WHERE url = $1 OR final_url = $2 ORDER BY id LIMIT 1`, [url, finalUrl]);
  }

  async pending(maxAttempts: number): Promise<FrontierRow[]> {
    return this.all<FrontierRow>(`SELECT ${ROW} FROM frontier WHERE state IN ('queued', 'fetched') OR (state = 'failed' AND retryable = 1 AND attempts < $1) ORDER BY id`, [maxAttempts]);
  }

  async countRequested(): Promise<number> {
    return (await this.one<{ n: number }>(`SELECT count(*)::int AS n FROM frontier WHERE state IN ('fetched', 'parsed', 'failed')`))!.n;
  }

  async allFrontier(): Promise<FrontierRow[]> {
    return this.all<FrontierRow>(`SELECT ${ROW} FROM frontier ORDER BY id`);
  }

  async requeue(urls: string[]): Promise<number> {
    if (urls.length === 0) return 0;
    const r = await this.pool.query(`UPDATE frontier SET state = 'queued', updated_at = $1 WHERE url = ANY($2) AND state = 'parsed'`, [now(), urls]);
    return r.rowCount ?? 0;
  }

  async markUnchanged(url: string): Promise<void> {
    await this.pool.query(`UPDATE frontier SET state = 'parsed', attempts = attempts + 1, updated_at = $1, claimed_by = NULL, claim_until = NULL WHERE url = $2`, [now(), url]);
  }

  async markFailed(url: string, err: FetchError | Error): Promise<void> {
    const fe = err as Partial<FetchError>;
    const kind = fe.kind ?? 'other';
    await this.pool.query(
      'UPDATE frontier SET state = $1, attempts = attempts + 1, error_kind = $2, error_status = $3, error_message = $4, retryable = $5, updated_at = $6, claimed_by = NULL, claim_until = NULL WHERE url = $7',
      [kind === 'robots' && !fe.retryable ? 'robots-blocked' : 'failed', kind, fe.status ?? null, err.message, fe.retryable ? 1 : 0, now(), url],
    );
  }

  async noteError(url: string, kind: string, message: string): Promise<void> {
    await this.noteOn(this.pool, url, kind, message);
  }

  /** Workers started at different times crawl as one run: only what was noted before the first of those still running started is asked for again. */
  async retryNoted(kind: string, before: string): Promise<number> {
    const r = await this.pool.query(
      `UPDATE frontier SET state = 'fetched', error_kind = NULL, error_message = NULL, retryable = NULL, updated_at = $1
       WHERE state = 'parsed' AND error_kind = $2 AND retryable = 1
         AND updated_at < least($3, (SELECT min(started_at) FROM workers WHERE state = 'running'
           AND seen_at::timestamptz > clock_timestamp() - make_interval(secs => lease_ms / 1000.0)))`,
      [now(), kind, before],
    );
    return r.rowCount ?? 0;
  }

  private async noteOn(c: Client, url: string, kind: string, message: string): Promise<void> {
    await c.query('UPDATE frontier SET error_kind = $1, error_message = $2, retryable = 0, updated_at = $3 WHERE url = $4', [kind, message, now(), url]);
  }

  // ---------- responses ----------

  async saveResponse(url: string, res: FetchResult, markFetched: boolean): Promise<ResponseRow> {
    const sha = sha256Hex(res.body);
    // compressed before the statement is sent (off the main thread): no lock is held while the CPU works
    const packed = await compressOffThread(res.body);
    const bytes = Buffer.from(packed.bytes.buffer, packed.bytes.byteOffset, packed.bytes.byteLength);
    const row = await this.one<ResponseRow>(SAVE_RESPONSE, [
      url, res.finalUrl, res.via, res.status, JSON.stringify(res.headers), res.encoding, res.body.length, sha, JSON.stringify(res.redirects), res.attempts, res.fetchedAt,
      packed.codec, bytes, markFetched, now(),
    ]);
    return row!;
  }

  async responseById(id: number): Promise<ResponseRow | undefined> {
    return this.one<ResponseRow>('SELECT * FROM responses WHERE id = $1', [id]);
  }

  async response(url: string, via: 'static' | 'browser'): Promise<ResponseRow | undefined> {
    return this.one<ResponseRow>('SELECT * FROM responses WHERE url = $1 AND via = $2', [url, via]);
  }

  async responses(): Promise<ResponseRow[]> {
    return this.all<ResponseRow>('SELECT * FROM responses ORDER BY id');
  }

  async body(sha256: string): Promise<Uint8Array> {
    const row = await this.one<{ size: number; codec: string; bytes: Buffer }>('SELECT size, codec, bytes FROM blobs WHERE sha256 = $1', [sha256]);
    if (!row) throw new Error(`the store has no body ${sha256}`);
    const out = decompress(row.codec, row.bytes, row.size);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  }

  // ---------- records ----------

  async saveParsed(frontierUrl: string, responseId: number, rec: StorableRecord, isReport: boolean, links: NewLink[], note?: RowNote | null): Promise<number> {
    const params = [...linkParams(links), isReport ? 1 : 0, now(), frontierUrl, note?.kind ?? null, note?.message ?? null, ...recordParams(responseId, rec, isReport), note?.retryable ? 1 : 0];
    return (await this.one<{ n: number }>(PARSED, params))!.n;
  }

  async saveReparsed(responseId: number, rec: StorableRecord, isReport: boolean, links: NewLink[], frontierId: number | null): Promise<void> {
    await this.tx(async (c) => {
      await c.query(PUT_RECORD, recordParams(responseId, rec, isReport));
      await this.enqueueOn(c, links);
      if (frontierId !== null) await c.query('UPDATE frontier SET is_report = $1 WHERE id = $2', [isReport ? 1 : 0, frontierId]);
    });
  }

  /** Streams through a cursor of its own (a transaction on one connection), BATCH rows at a time. */
  async *iterateReports(): AsyncGenerator<ReportRecord> {
    const c = await this.pool.connect();
    let open = false;
    try {
      await c.query('BEGIN READ ONLY');
      open = true;
      await c.query(`DECLARE reports NO SCROLL CURSOR FOR
        SELECT json FROM records WHERE is_report = 1 ORDER BY entity IS NULL, entity COLLATE "C", year IS NULL, year, url COLLATE "C"`);
      for (;;) {
        const { rows } = await c.query<{ json: string }>(`FETCH ${BATCH} FROM reports`);
        for (const r of rows) yield recordFrom(r.json);
        if (rows.length < BATCH) break;
      }
    } finally {
      if (open) await c.query('ROLLBACK').catch(() => {});
      c.release();
    }
  }

  async entities(): Promise<string[]> {
    const rows = await this.all<{ entity: string }>('SELECT DISTINCT entity FROM records WHERE is_report = 1 AND entity IS NOT NULL ORDER BY entity');
    return rows.map((r) => r.entity);
  }

  async reportsOf(entity: string): Promise<ReportRecord[]> {
    const rows = await this.all<{ json: string }>('SELECT json FROM records WHERE is_report = 1 AND entity = $1 ORDER BY year, url COLLATE "C"', [entity]);
    return rows.map((r) => recordFrom(r.json));
  }

  async recordJson(url: string): Promise<string | undefined> {
    return (await this.one<{ json: string }>('SELECT json FROM records WHERE url = $1', [url]))?.json;
  }

  async countReports(): Promise<number> {
    return (await this.one<{ n: number }>('SELECT count(*)::int AS n FROM records WHERE is_report = 1'))!.n;
  }

  async recordRows(): Promise<RecordRow[]> {
    return this.all<RecordRow>('SELECT url, response_id, is_report, entity, year, format, parser_version FROM records ORDER BY url COLLATE "C"');
  }

  // ---------- series ----------

  async replaceSeries(entries: SeriesEntry[]): Promise<void> {
    await this.tx(async (c) => {
      // workers finishing together: one replaces the rows at a time, so none reads a half-written set
      await c.query('LOCK TABLE series_checks IN EXCLUSIVE MODE');
      await c.query('DELETE FROM series_checks');
      for (let i = 0; i < entries.length; i += 500) {
        const part = entries.slice(i, i + 500);
        await c.query(
          `INSERT INTO series_checks (entity, kind, later_url, earlier_url, json)
           SELECT entity, kind, later_url, earlier_url, json
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS t(entity, kind, later_url, earlier_url, json, n) ORDER BY n`,
          [part.map((e) => e.entity), part.map((e) => e.kind), part.map((e) => e.laterUrl), part.map((e) => e.earlierUrl), part.map((e) => JSON.stringify(e.check))],
        );
      }
    });
  }

  async seriesEntries(): Promise<SeriesEntry[]> {
    const rows = await this.all<{ entity: string; kind: SeriesEntry['kind']; later_url: string; earlier_url: string | null; json: string }>(
      'SELECT entity, kind, later_url, earlier_url, json FROM series_checks ORDER BY id',
    );
    return rows.map((r) => ({ entity: r.entity, kind: r.kind, laterUrl: r.later_url, earlierUrl: r.earlier_url, check: JSON.parse(r.json) }));
  }

  async *reportsWithSeries(): AsyncGenerator<ReportRecord> {
    const series = seriesByLater(await this.seriesEntries());
    for await (const r of this.iterateReports()) yield withSeries(r, series);
  }

  /** The database's clock now: one clock for every worker, whatever machine it runs on. */
  async clock(): Promise<string> {
    return (await this.one<{ t: string }>('SELECT clock_timestamp()::text AS t'))!.t;
  }

  /**
   * A worker's end, for the series rows: they are computed over every record, so only the last
   * worker to end need compute them. Under one advisory lock (so two ending together decide in
   * turn): a worker that finds them computed after `ended` (by clock(), taken before it marked
   * itself ended: every record of its own was committed before) leaves them; one that finds no other worker
   * running computes them; one that finds others running waits for them up to `waitMs` (a worker
   * killed outright looks alive until its lease runs out), then leaves the series to them, as
   * each of them does this at its end. The lock is its connection's: a worker killed while
   * computing frees it.
   */
  async seriesOnce(worker: string, ended: string, compute: () => Promise<void>, o: { waitMs: number; pollMs: number }): Promise<SeriesTurn> {
    const until = Date.now() + o.waitMs;
    const c = await this.pool.connect();
    let broken: Error | undefined;
    try {
      for (;;) {
        await c.query(`SELECT pg_advisory_lock(hashtext('gongkai.series'))`);
        try {
          const due = (await c.query<{ others: number; fresh: boolean }>(SERIES_DUE, [worker, ended])).rows[0];
          if (due.fresh) return 'fresh';
          if (due.others === 0) {
            const began = (await c.query<{ t: string }>('SELECT clock_timestamp()::text AS t')).rows[0].t;
            await compute();
            await c.query(
              'INSERT INTO series_state (one, computed_at) VALUES (true, $1) ON CONFLICT (one) DO UPDATE SET computed_at = greatest(series_state.computed_at, excluded.computed_at)',
              [began],
            );
            return 'computed';
          }
          if (Date.now() >= until) return 'left-to-others';
        } finally {
          await c.query(`SELECT pg_advisory_unlock(hashtext('gongkai.series'))`);
        }
        await new Promise((r) => setTimeout(r, o.pollMs));
      }
    } catch (err) {
      broken = err as Error;
      throw err;
    } finally {
      // a connection that failed is closed, not pooled: a lock it may still hold goes with it
      c.release(broken);
    }
  }

  // ---------- several workers, one frontier ----------

  async claim(o: ClaimOptions): Promise<Claimed> {
    const got = await this.all<FrontierRow & { more: boolean | null; wait_ms: number | null }>(CLAIM, [o.worker, o.maxAttempts, o.since, o.limit, ms(o.leaseMs)]);
    const none = got.length === 1 && got[0].id === null ? got[0] : null;
    if (none) return { rows: [], more: none.more === true, waitMs: none.wait_ms == null ? null : Math.max(0, none.wait_ms) };
    const rows = got.map(({ more: _more, wait_ms: _wait, ...row }) => row as FrontierRow);
    return { rows, more: true, waitMs: null };
  }

  async releaseOrigin(worker: string, url: string, delayMs: number): Promise<void> {
    await this.run(this.pool, RELEASE_ORIGIN, [originOf(url), worker, Math.round(delayMs), ms(delayMs)]);
  }

  async leaseOrigin(worker: string, url: string, leaseMs: number): Promise<number | null> {
    const origin = originOf(url);
    await this.pool.query('INSERT INTO origins (origin) VALUES ($1) ON CONFLICT DO NOTHING', [origin]);
    const got = await this.one(
      `UPDATE origins SET held_by = $2, held_until = clock_timestamp() + $3::interval
       WHERE origin = $1 AND next_at <= clock_timestamp() AND (held_until IS NULL OR held_until < clock_timestamp()) RETURNING origin`,
      [origin, worker, ms(leaseMs)],
    );
    if (got) return null;
    const w = await this.one<{ ms: number }>(
      `SELECT (extract(epoch FROM greatest(next_at, held_until, clock_timestamp()) - clock_timestamp()) * 1000)::float8 AS ms FROM origins WHERE origin = $1`,
      [origin],
    );
    return Math.max(1, w?.ms ?? 1);
  }

  async renewClaims(worker: string, leaseMs: number, origins: string[]): Promise<void> {
    await this.pool.query(`UPDATE frontier SET claim_until = clock_timestamp() + $2::interval WHERE claimed_by = $1 AND state IN ('queued', 'fetched', 'failed')`, [worker, ms(leaseMs)]);
    // only the origins still in use: one whose release failed lapses instead of staying held for the worker's life
    await this.pool.query('UPDATE origins SET held_until = clock_timestamp() + $2::interval WHERE held_by = $1 AND origin = ANY($3)', [worker, ms(leaseMs), origins]);
  }

  // ---------- robots.txt, shared ----------

  async robotsOf(origin: string): Promise<{ robots: StoredRobots; freshMs: number } | undefined> {
    const r = await this.one<{ basis: StoredRobots['basis']; body: Buffer | null; error: string | null; cause: string | null; fresh_ms: number }>(
      `SELECT basis, body, error, cause, (extract(epoch FROM fresh_until - clock_timestamp()) * 1000)::float8 AS fresh_ms
       FROM robots WHERE origin = $1 AND fresh_until > clock_timestamp()`,
      [origin],
    );
    if (!r) return undefined;
    const robots: StoredRobots = {
      basis: r.basis,
      ...(r.body ? { text: r.body.toString('utf8') } : {}),
      ...(r.error !== null ? { error: r.error } : {}),
      ...(r.cause !== null ? { cause: JSON.parse(r.cause) as StoredRobots['cause'] } : {}),
    };
    return { robots, freshMs: r.fresh_ms };
  }

  async saveRobots(origin: string, robots: StoredRobots, freshMs: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO robots (origin, basis, body, error, cause, fetched_at, fresh_until) VALUES ($1, $2, $3, $4, $5, clock_timestamp(), clock_timestamp() + $6::interval)
       ON CONFLICT (origin) DO UPDATE SET basis = excluded.basis, body = excluded.body, error = excluded.error, cause = excluded.cause,
         fetched_at = excluded.fetched_at, fresh_until = excluded.fresh_until`,
      [origin, robots.basis, robots.text !== undefined ? Buffer.from(robots.text, 'utf8') : null, robots.error ?? null, robots.cause ? JSON.stringify(robots.cause) : null, ms(freshMs)],
    );
  }

  // ---------- workers and status ----------

  async workerSeen(w: Omit<WorkerRow, 'seen_at'>): Promise<void> {
    await this.pool.query(
      `INSERT INTO workers (id, host, pid, started_at, seen_at, state, pages, failures, lease_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at, state = excluded.state, pages = excluded.pages, failures = excluded.failures`,
      [w.id, w.host, w.pid, w.started_at, now(), w.state, w.pages, w.failures, w.lease_ms],
    );
  }

  async status(opts: { windowS?: number; maxAttempts?: number } = {}): Promise<StoreStatus> {
    const { windowS, maxAttempts } = { ...STATUS_DEFAULTS, ...opts };
    const t = Date.now();
    const since = new Date(t - windowS * 1000).toISOString();
    const pendingSql = `state IN ('queued', 'fetched') OR (state = 'failed' AND retryable = 1 AND attempts < $1)`;
    const [workers, byState, claimed, origins, reports, fetched, failures] = await Promise.all([
      this.all<WorkerRow>('SELECT * FROM workers ORDER BY started_at, id'),
      this.all<{ s: string; n: number }>(`SELECT CASE WHEN state = 'failed' AND retryable = 1 AND attempts < $1 THEN 'failed-retry' ELSE state END AS s, count(*)::int AS n FROM frontier GROUP BY 1`, [maxAttempts]),
      this.one<{ n: number }>(`SELECT count(*)::int AS n FROM frontier WHERE (${pendingSql}) AND claim_until > clock_timestamp()`, [maxAttempts]),
      this.one<{ work: number; busy: number }>(
        `SELECT (SELECT count(DISTINCT origin)::int FROM frontier WHERE ${pendingSql}) AS work,
                (SELECT count(*)::int FROM origins WHERE held_until > clock_timestamp()) AS busy`,
        [maxAttempts],
      ),
      this.countReports(),
      this.one<{ n: number }>('SELECT count(*)::int AS n FROM responses WHERE fetched_at >= $1', [since]),
      this.all<{ kind: string | null; n: number }>(`SELECT error_kind AS kind, count(*)::int AS n FROM frontier WHERE state IN ('failed', 'robots-blocked') GROUP BY error_kind ORDER BY n DESC, kind`),
    ]);
    return statusFrom(
      {
        workers,
        states: Object.fromEntries(byState.map((r) => [r.s, r.n])),
        claimed: claimed!.n,
        originsWithWork: origins!.work,
        originsBusy: origins!.busy,
        reports,
        fetchedInWindow: fetched!.n,
        failures,
      },
      t,
      windowS,
    );
  }

  // ---------- inputs ----------

  async saveInputs(inputs: { url: string; columns: Record<string, string> }[]): Promise<void> {
    await this.tx(async (c) => {
      for (const i of inputs) await c.query('INSERT INTO inputs (url, columns) VALUES ($1, $2) ON CONFLICT (url) DO UPDATE SET columns = excluded.columns', [i.url, JSON.stringify(i.columns)]);
    });
  }

  async reportInputs(): Promise<ReportInputs> {
    const rows = await this.all<{ report: string; columns: string }>(`SELECT r.url AS report, i.columns AS columns FROM records r
        JOIN frontier f ON f.id = (SELECT id FROM frontier WHERE url = r.url OR final_url = r.url ORDER BY id LIMIT 1)
        JOIN inputs i ON i.url = f.start_url
        WHERE r.is_report = 1`);
    const names = new Set<string>();
    for (const c of await this.all<{ columns: string }>('SELECT columns FROM inputs ORDER BY added')) for (const k of Object.keys(JSON.parse(c.columns))) names.add(k);
    return { columns: [...names], byReport: new Map(rows.map((r) => [r.report, JSON.parse(r.columns) as Record<string, string>])) };
  }
}

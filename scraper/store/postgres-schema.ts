/**
 * The Postgres store's schema as numbered migrations. A store records the versions applied in
 * `schema_version`; opening one applies the missing ones in order, each in the transaction that
 * records it, under an advisory lock so workers started together migrate once. A store with a
 * version newer than these is refused, never written by an older gongkai.
 *
 * Tables and columns mirror the SQLite store (schema.sql) so rows read back alike; text sorts are
 * `COLLATE "C"` (bytewise, as SQLite sorts) so both give the same export order.
 */
export interface Migration {
  version: number;
  what: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    what: 'the crawl store: raw pages (compressed), responses, frontier, records, series rows',
    sql: `
CREATE TABLE blobs (
  sha256 text PRIMARY KEY,
  size   integer NOT NULL,          -- bytes as fetched
  codec  text NOT NULL CHECK (codec IN ('identity', 'br')),
  bytes  bytea NOT NULL             -- as stored (compressed by codec)
);
CREATE TABLE responses (
  id         serial PRIMARY KEY,
  url        text NOT NULL,
  final_url  text NOT NULL,
  via        text NOT NULL CHECK (via IN ('static', 'browser')),
  status     integer NOT NULL,
  headers    text NOT NULL,
  encoding   text,
  size       integer NOT NULL,
  sha256     text NOT NULL REFERENCES blobs (sha256),
  redirects  text NOT NULL,
  attempts   integer NOT NULL,
  fetched_at text NOT NULL,
  UNIQUE (url, via)
);
CREATE TABLE frontier (
  id            serial PRIMARY KEY,
  url           text NOT NULL UNIQUE,
  state         text NOT NULL CHECK (state IN ('queued', 'fetched', 'parsed', 'failed', 'robots-blocked', 'skipped')),
  start_url     text NOT NULL,
  direction     text NOT NULL CHECK (direction IN ('start', 'prev', 'next')),
  gap           integer NOT NULL,
  depth         integer NOT NULL,
  found_from    text,
  link_title    text,
  final_url     text,
  is_report     integer,
  attempts      integer NOT NULL DEFAULT 0,
  error_kind    text,
  error_status  integer,
  error_message text,
  retryable     integer,
  updated_at    text NOT NULL
);
CREATE INDEX frontier_state ON frontier (state, id);
CREATE INDEX frontier_final ON frontier (final_url);
CREATE TABLE records (
  url            text PRIMARY KEY,
  response_id    integer NOT NULL REFERENCES responses (id),
  parser_version text NOT NULL,
  is_report      integer NOT NULL,
  entity         text COLLATE "C",
  year           integer,
  format         text NOT NULL,
  json           text NOT NULL,
  parsed_at      text NOT NULL
);
CREATE INDEX records_series ON records (is_report, entity, year);
CREATE TABLE series_checks (
  id          serial PRIMARY KEY,
  entity      text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('check', 'gap', 'duplicate')),
  later_url   text NOT NULL,
  earlier_url text,
  json        text NOT NULL
);
CREATE INDEX series_later ON series_checks (later_url);
`,
  },
  {
    version: 2,
    what: 'several workers, one frontier: claims with a lease, per-origin leases with the next allowed time, workers',
    sql: `
ALTER TABLE frontier ADD COLUMN origin text;
ALTER TABLE frontier ADD COLUMN claimed_by text;
ALTER TABLE frontier ADD COLUMN claim_until timestamptz;
UPDATE frontier SET origin = lower(substring(url from '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]+'));
ALTER TABLE frontier ALTER COLUMN origin SET NOT NULL;
CREATE INDEX frontier_origin_work ON frontier (origin, id) WHERE state IN ('queued', 'fetched', 'failed');
-- one row per origin: no request to it before next_at; held_by has it (one request at a time) until held_until
CREATE TABLE origins (
  origin     text PRIMARY KEY,
  next_at    timestamptz NOT NULL DEFAULT '-infinity',
  held_by    text,
  held_until timestamptz
);
INSERT INTO origins (origin) SELECT DISTINCT origin FROM frontier ON CONFLICT DO NOTHING;
CREATE TABLE workers (
  id         text PRIMARY KEY,
  host       text NOT NULL,
  pid        integer NOT NULL,
  started_at text NOT NULL,
  seen_at    text NOT NULL,
  state      text NOT NULL CHECK (state IN ('running', 'done', 'stopped')),
  pages      integer NOT NULL DEFAULT 0,
  failures   integer NOT NULL DEFAULT 0,
  lease_ms   integer NOT NULL
);
`,
  },
  {
    version: 3,
    what: 'the other CSV columns of start URLs (crawl --from list.csv), for the exports',
    sql: `
CREATE TABLE inputs (
  url     text PRIMARY KEY,
  columns text NOT NULL,
  added   bigserial
);
`,
  },
  {
    version: 4,
    what: 'robots.txt outcomes shared by the workers: one asks a site, the others read it while fresh',
    sql: `
CREATE TABLE robots (
  origin      text PRIMARY KEY,
  basis       text NOT NULL CHECK (basis IN ('rules', 'none', 'unreachable')),
  body        bytea,               -- robots.txt as read (UTF-8; bytea, as text cannot hold a NUL)
  error       text,
  cause       text,                -- JSON: the fetch error behind 'unreachable'
  fetched_at  timestamptz NOT NULL,
  fresh_until timestamptz NOT NULL
);
`,
  },
  {
    version: 5,
    what: "a worker's claims found by index: the heartbeat renews them without reading the whole queue",
    sql: `
CREATE INDEX frontier_claimed ON frontier (claimed_by) WHERE claimed_by IS NOT NULL;
`,
  },
  {
    version: 6,
    what: 'when the series rows were last computed (by the database clock): workers ending together compute them once',
    sql: `
CREATE TABLE series_state (
  one         boolean PRIMARY KEY DEFAULT true CHECK (one),
  computed_at timestamptz NOT NULL   -- the computation read every record committed before this
);
`,
  },
  {
    version: 7,
    what: 'the rows with work left indexed by origin, so a claim costs the work left, not every origin and row the crawl ever had; no index by state',
    sql: `
-- the claim's predicate (a retryable failure under --retries, not failed in this run) implies this one, so the planner may use it
CREATE INDEX frontier_work ON frontier (origin, id) WHERE state IN ('queued', 'fetched') OR (state = 'failed' AND retryable = 1);
DROP INDEX frontier_origin_work;
-- every query by state is now either one of work left (frontier_work) or one that counts most rows
-- anyway (status, --max-pages): an index kept up at each of a page's three state changes for nothing
DROP INDEX frontier_state;
`,
  },
  {
    version: 8,
    what: "records' JSON compressed with lz4 where the server has it, raw pages (compressed already) not compressed again",
    sql: `
-- a report's ~50 KB of JSON: pglz cost the server ~0.85 ms of CPU a record, lz4 ~0.3 ms for ~15 % more
-- bytes (1,200 records of the bench's pages, side by side); values stored before keep their codec
-- (run by EXECUTE, so Postgres 13, which has no SET COMPRESSION, meets it as an error caught here)
DO $$ BEGIN
  EXECUTE 'ALTER TABLE records ALTER COLUMN json SET COMPRESSION lz4';
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value OR syntax_error THEN
  NULL; -- a server without lz4 keeps pglz
END $$;
-- brotli's output does not shrink: no pglz attempt on it
ALTER TABLE blobs ALTER COLUMN bytes SET STORAGE EXTERNAL;
`,
  },
  {
    version: 9,
    what: 'pages whose report file may be had later found by index when a run starts',
    sql: `
CREATE INDEX frontier_retry_noted ON frontier (error_kind) WHERE state = 'parsed' AND retryable = 1;
`,
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

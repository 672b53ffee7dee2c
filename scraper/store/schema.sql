-- gongkai's crawl store (SQLite, WAL). Every statement is idempotent: opening an old store
-- upgrades nothing silently, and UNIQUE keys make a repeated step a no-op instead of a duplicate.

CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- raw response bodies, stored once per content hash (compressed: a report page keeps ~10 % of its bytes)
CREATE TABLE IF NOT EXISTS blobs (
  sha256 TEXT PRIMARY KEY,              -- of the raw bytes
  size   INTEGER NOT NULL,              -- raw bytes
  bytes  BLOB NOT NULL,                 -- as stored: raw, or compressed by codec
  codec  TEXT                           -- NULL: raw; 'br': brotli (schema 2)
);

-- every response kept: one per requested URL and way of fetching (static HTTP or the browser)
CREATE TABLE IF NOT EXISTS responses (
  id         INTEGER PRIMARY KEY,
  url        TEXT NOT NULL,
  final_url  TEXT NOT NULL,
  via        TEXT NOT NULL CHECK (via IN ('static', 'browser')),
  status     INTEGER NOT NULL,
  headers    TEXT NOT NULL,
  encoding   TEXT,
  size       INTEGER NOT NULL,
  sha256     TEXT NOT NULL REFERENCES blobs (sha256),
  redirects  TEXT NOT NULL,
  attempts   INTEGER NOT NULL,          -- HTTP tries this answer took (retries included)
  fetched_at TEXT NOT NULL,
  UNIQUE (url, via)
);

-- the crawl frontier: one row per URL met, with where the walk stands on it
CREATE TABLE IF NOT EXISTS frontier (
  id            INTEGER PRIMARY KEY,
  url           TEXT NOT NULL UNIQUE,
  state         TEXT NOT NULL CHECK (state IN ('queued', 'fetched', 'parsed', 'failed', 'robots-blocked', 'skipped')),
  start_url     TEXT NOT NULL,
  direction     TEXT NOT NULL CHECK (direction IN ('start', 'prev', 'next')),
  gap           INTEGER NOT NULL,
  depth         INTEGER NOT NULL,
  found_from    TEXT,
  link_title    TEXT,
  final_url     TEXT,
  is_report     INTEGER,
  attempts      INTEGER NOT NULL DEFAULT 0, -- crawl runs that asked for it
  error_kind    TEXT,
  error_status  INTEGER,
  error_message TEXT,
  retryable     INTEGER,
  updated_at    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS frontier_state ON frontier (state, id);
CREATE INDEX IF NOT EXISTS frontier_final ON frontier (final_url);

-- one parsed record per page (keyed by the page's final URL), with the parser that made it
CREATE TABLE IF NOT EXISTS records (
  url            TEXT PRIMARY KEY,
  response_id    INTEGER NOT NULL REFERENCES responses (id),
  parser_version TEXT NOT NULL,
  is_report      INTEGER NOT NULL,
  entity         TEXT,
  year           INTEGER,
  format         TEXT NOT NULL,
  json           TEXT NOT NULL,         -- the record: JSON text, or (json_codec 'br') brotli of it as a BLOB
  json_codec     TEXT,                  -- NULL: JSON text; 'br': brotli (schema 3)
  parsed_at      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS records_series ON records (is_report, entity, year);

-- checks between consecutive years of one body, and the gaps and doubles of each series
CREATE TABLE IF NOT EXISTS series_checks (
  id          INTEGER PRIMARY KEY,
  entity      TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('check', 'gap', 'duplicate')),
  later_url   TEXT NOT NULL,
  earlier_url TEXT,
  json        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS series_later ON series_checks (later_url);

-- the crawl processes that have worked on this store, for `gongkai status` (added without a
-- version change: an older gongkai ignores the table)
CREATE TABLE IF NOT EXISTS workers (
  id         TEXT PRIMARY KEY,
  host       TEXT NOT NULL,
  pid        INTEGER NOT NULL,
  started_at TEXT NOT NULL,
  seen_at    TEXT NOT NULL,
  state      TEXT NOT NULL CHECK (state IN ('running', 'done', 'stopped')),
  pages      INTEGER NOT NULL DEFAULT 0,
  failures   INTEGER NOT NULL DEFAULT 0,
  lease_ms   INTEGER NOT NULL           -- a running worker not heard from for longer is gone
);

-- the other columns of a CSV of start URLs (`crawl --from list.csv`: body, region, division code …),
-- carried into the exports of every report walked from that start
CREATE TABLE IF NOT EXISTS inputs (
  url     TEXT PRIMARY KEY,             -- the start URL, as the frontier's start_url
  columns TEXT NOT NULL                 -- JSON object: column name → value
);

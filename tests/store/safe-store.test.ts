/**
 * A compact and safe store: pages compressed (dedup and reparse as before), the file marked as
 * gongkai's and any other SQLite file refused untouched, stores of schema 1 migrated, the WAL
 * checkpointed on every way out (a real `gongkai crawl` child stopped by Ctrl-C once and twice,
 * then only the .db copied and exported), and a database URL never taken for a path.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { brotliCompressSync, constants } from 'node:zlib';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore as Store } from '../../scraper/store/sqlite.js';
import { APPLICATION_ID } from '../../scraper/store/sqlite-file.js';
import { SCHEMA_VERSION } from '../../scraper/store/migrations.js';
import { exportText } from '../../scraper/store/export.js';
import { parseReport } from '../../parser/index.js';
import { chainEntries, chainPage, siteChrome, startChainSite, type ChainSite } from '../../sites/chain-site.js';
import { fakeResult, storePage } from './helpers/fill.js';
import { gongkai, start } from '../crawl/helpers/cli.js';

const REAL = new URL('../../../shared/real/', import.meta.url).pathname;
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-safe-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Report pages of ~110 KB as the test sites serve them (site chrome around the report). */
function reportPages(n: number): string[] {
  const entries = chainEntries(n);
  const index = new Map(entries.map((e, i) => [e.path, i]));
  const chrome = siteChrome(104);
  return entries
    .filter((e) => e.kind === 'report')
    .map((e) => (chainPage(entries, index, e.path)!.body as string).replace('</head>', `${chrome.head}</head>`).replace('<div class="footer">', `${chrome.menu}<div class="footer">`));
}

/** Bytes the blobs take as stored, against the raw bytes they hold. */
function storedRatio(file: string): number {
  const d = new Database(file, { readonly: true });
  try {
    const r = d.prepare('SELECT sum(length(bytes)) AS stored, sum(size) AS raw FROM blobs').get() as { stored: number; raw: number };
    return r.stored / r.raw;
  } finally {
    d.close();
  }
}

describe('compressed pages', () => {
  it('keeps report pages in ≤ 30 % of their bytes, gives back the same bytes, and keeps one copy per hash', async () => {
    const file = join(dir, 'compact.db');
    const store = new Store(file);
    const pages = reportPages(8);
    try {
      for (const [i, html] of pages.entries()) await storePage(store, `http://h/${i}.html`, html);
      // the same bytes under another URL: one blob
      await store.enqueue({ url: 'http://h/again.html', startUrl: 'http://h/again.html', direction: 'start', gap: 0, depth: 0, foundFrom: null, linkTitle: null });
      await store.saveResponse('http://h/again.html', fakeResult('http://h/again.html', pages[0]), true);
      for (const [i, html] of pages.entries()) {
        const resp = (await store.response(`http://h/${i}.html`, 'static'))!;
        expect(new TextDecoder().decode(await store.body(resp.sha256))).toBe(html);
      }
      expect((await store.response('http://h/again.html', 'static'))!.sha256).toBe((await store.response('http://h/0.html', 'static'))!.sha256);
    } finally {
      await store.close();
    }
    const d = new Database(file, { readonly: true });
    expect(d.prepare('SELECT count(*) AS n, min(codec) AS c FROM blobs').get()).toEqual({ n: pages.length, c: 'br' });
    d.close();
    expect(storedRatio(file)).toBeLessThanOrEqual(0.3);
  });

  it.skipIf(!existsSync(REAL))('keeps the real report pages of ../shared/real in ≤ 30 % of their bytes', async () => {
    const file = join(dir, 'real.db');
    const store = new Store(file);
    try {
      for (const f of readdirSync(REAL).filter((f) => f.endsWith('.html'))) await storePage(store, `http://real/${f}`, readFileSync(join(REAL, f), 'utf8'));
    } finally {
      await store.close();
    }
    expect(storedRatio(file)).toBeLessThanOrEqual(0.3);
  });
  if (!existsSync(REAL)) console.warn('safe-store.test: ../shared/real is absent; the real-page ratio is skipped');

  it('reads pages an older version wrote at another brotli quality (q3, q11) byte for byte', async () => {
    const file = join(dir, 'older-quality.db');
    const pages = reportPages(8).slice(0, 2);
    let store = new Store(file);
    try {
      for (const [i, html] of pages.entries()) await storePage(store, `http://h/${i}.html`, html);
    } finally {
      await store.close();
    }
    // the blobs rewritten as a store of q3 (the quality before) and q11 holds them
    const d = new Database(file);
    for (const [i, html] of pages.entries())
      d.prepare('UPDATE blobs SET bytes = ? WHERE sha256 = ?').run(brotliCompressSync(Buffer.from(html), { params: { [constants.BROTLI_PARAM_QUALITY]: i === 0 ? 3 : 11 } }), createHash('sha256').update(html).digest('hex'));
    d.close();
    store = new Store(file);
    try {
      for (const [i, html] of pages.entries()) {
        const resp = (await store.response(`http://h/${i}.html`, 'static'))!;
        expect(new TextDecoder().decode(await store.body(resp.sha256))).toBe(html);
      }
    } finally {
      await store.close();
    }
  });
});

describe('whose file it is', () => {
  it('marks a new store with application_id and user_version', async () => {
    const file = join(dir, 'marked.db');
    await new Store(file).close();
    const d = new Database(file, { readonly: true });
    expect(d.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(d.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    d.close();
  });

  /** Another program's database: a table of people, in rollback or WAL mode. */
  function foreign(name: string, wal: boolean): string {
    const file = join(dir, name);
    const d = new Database(file);
    if (wal) d.pragma('journal_mode = WAL');
    d.exec("CREATE TABLE people (name TEXT, phone TEXT); INSERT INTO people VALUES ('张三', '1380000')");
    d.close();
    return file;
  }

  it.each([
    ['a SQLite file of another program', () => foreign('people.db', false), /another program's SQLite database \(tables: people\)/],
    ['the same in WAL mode', () => foreign('people-wal.db', true), /another program's SQLite database/],
    ['a SQLite file with another application_id', () => {
      const f = foreign('app.db', false);
      const d = new Database(f);
      d.pragma('application_id = 1234');
      d.close();
      return f;
    }, /application_id 0x4d2/],
    ['a text file', () => {
      const f = join(dir, 'notes.db');
      writeFileSync(f, '张三 1380000\n');
      return f;
    }, /not a SQLite file/],
  ])('refuses %s with exit 2 and leaves it byte for byte as it was', async (_name, make, message) => {
    const file = make();
    const before = sha(file);
    const siblings = readdirSync(dir).sort();
    for (const args of [['crawl', 'http://127.0.0.1:9/', '--db', file], ['export', '--db', file], ['reparse', '--db', file]]) {
      const r = await gongkai(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(sha(file)).toBe(before);
    }
    expect(readdirSync(dir).sort()).toEqual(siblings);
  }, 60_000);

  it('migrates a store of schema 1: its raw pages and text records read as before, new pages and records compressed, then marked', async () => {
    const file = join(dir, 'v1.db');
    const d = new Database(file);
    d.pragma('journal_mode = WAL');
    d.exec(readFileSync(new URL('./helpers/schema-v1.sql', import.meta.url), 'utf8'));
    d.prepare("INSERT INTO meta (key, value) VALUES ('store_version', '1')").run();
    d.close();
    // a page stored by schema 1 (raw bytes, no codec column), through the old columns
    const [old, fresh] = reportPages(3);
    const v1 = new Database(file);
    const body = Buffer.from(old);
    const hash = createHash('sha256').update(body).digest('hex');
    v1.prepare('INSERT INTO blobs (sha256, size, bytes) VALUES (?, ?, ?)').run(hash, body.length, body);
    v1.prepare(`INSERT INTO frontier (url, state, start_url, direction, gap, depth, updated_at) VALUES ('http://h/old.html', 'fetched', 'http://h/old.html', 'start', 0, 0, 'x')`).run();
    const resp = v1.prepare(`INSERT INTO responses (url, final_url, via, status, headers, encoding, size, sha256, redirects, attempts, fetched_at) VALUES ('http://h/old.html', 'http://h/old.html', 'static', 200, '{}', 'utf-8', ?, ?, '[]', 1, 'x')`).run(body.length, hash);
    const rec = parseReport(old, { url: 'http://h/old.html', sha256: hash });
    v1.prepare(`INSERT INTO records (url, response_id, parser_version, is_report, entity, year, format, json, parsed_at) VALUES (?, ?, ?, 1, ?, ?, ?, ?, 'x')`).run('http://h/old.html', resp.lastInsertRowid, rec.parserVersion, rec.entity, rec.year, rec.format, JSON.stringify(rec));
    v1.prepare(`UPDATE frontier SET state = 'parsed', is_report = 1`).run();
    v1.close();

    const store = new Store(file);
    try {
      expect(new TextDecoder().decode(await store.body(hash))).toBe(old);
      await storePage(store, 'http://h/new.html', fresh);
      // the record schema 1 wrote as text reads as before (schema 3 packs new ones)
      expect(JSON.parse((await store.recordJson('http://h/old.html'))!)).toEqual(rec);
    } finally {
      await store.close();
    }
    const after = new Database(file, { readonly: true });
    expect(after.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(after.prepare('SELECT codec FROM blobs ORDER BY rowid').pluck().all()).toEqual([null, 'br']);
    expect(after.prepare('SELECT json_codec FROM records ORDER BY rowid').pluck().all()).toEqual([null, 'br']);
    after.close();
    // reparse reads both: the old page parsed from raw bytes, the new from brotli
    const r = await gongkai(['reparse', '--db', file]);
    expect(r.code, r.stderr).toBe(0);
    const again = new Store(file);
    try {
      expect((await exportText(again, 'wide')).trim().split('\r\n')).toHaveLength(3);
    } finally {
      await again.close();
    }
  }, 60_000);

  it.each(['postgres://user@db.example/gongkai', 'mysql://db.example/gongkai'])('takes --db %s for a database, never for a folder to create', async (url) => {
    const cwd = join(dir, `cwd-${url.split(':')[0]}`);
    mkdirSync(cwd);
    const r = await gongkai(['crawl', 'http://127.0.0.1:9/', '--db', url], { cwd });
    expect(r.code).toBe(2);
    expect(readdirSync(cwd)).toEqual([]);
  }, 30_000);
});

describe('the .db alone is the whole store, however the crawl ends', () => {
  let site: ChainSite;
  beforeAll(async () => {
    // slow answers: after the first Ctrl-C the pages in flight take long enough for a second
    site = await startChainSite(30, { latencyMs: 250, padKb: 50 });
  });
  afterAll(() => site?.server.close());

  const reportsIn = (file: string) => {
    const d = new Database(file, { readonly: true });
    try {
      return (d.prepare('SELECT count(*) AS n FROM records WHERE is_report = 1').get() as { n: number }).n;
    } finally {
      d.close();
    }
  };

  /** A crawl child stopped by `signals` Ctrl-C (0: left to finish) once it has stored a few reports. */
  async function crawlAndStop(name: string, signals: number) {
    const db = join(dir, `${name}.db`);
    const run = start(['crawl', site.url(site.entries[15].path), '--db', db, '--delay', '0', '--browser', 'never']);
    let stderr = '';
    run.child.stderr!.on('data', (d) => (stderr += d));
    const until = async (ok: () => boolean) => {
      while (!ok()) await new Promise((r) => setTimeout(r, 20));
    };
    if (signals > 0) {
      // (the file may be there before its tables are)
      await until(() => existsSync(db) && (() => { try { return reportsIn(db) >= 4; } catch { return false; } })());
      run.child.kill('SIGINT');
      // the second once the first is taken (two at once may arrive as one)
      if (signals > 1) {
        await until(() => /stopping after the pages in flight/.test(stderr));
        run.child.kill('SIGINT');
      }
    }
    const ran = await run.done;
    return { db, ran };
  }

  it.each([
    ['to the end', 0, 0],
    ['by one Ctrl-C (the pages in flight finished)', 1, 1],
    ['by two Ctrl-C (at once)', 2, 130],
  ])('stopped %s: the .db copied alone exports every stored report', async (name, signals, code) => {
    const { db, ran } = await crawlAndStop(`stop-${signals}`, signals);
    expect(ran.code, ran.stderr).toBe(code);
    const wal = `${db}-wal`;
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
    const stored = reportsIn(db);
    expect(stored).toBeGreaterThanOrEqual(signals ? 4 : 26);
    // only the .db goes to the other folder
    const elsewhere = join(dir, `copy-${signals}`);
    mkdirSync(elsewhere);
    copyFileSync(db, join(elsewhere, 'g.db'));
    const out = await gongkai(['export', '--db', join(elsewhere, 'g.db'), '--format', 'wide']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout.trim().split('\r\n').length - 1).toBe(stored);
  }, 120_000);
});

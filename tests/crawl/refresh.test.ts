/**
 * `crawl --refresh` on a complete store: a report published since is found through the page
 * that now links it, and every other page asked again costs one 304 (a real server with ETag
 * and Last-Modified, the real fetcher and SQLite, the real command).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGrowingSite, type GrowingSite } from '../../sites/growing-site.js';
import { gongkai } from './helpers/cli.js';

describe('gongkai crawl --refresh', () => {
  let site: GrowingSite;
  let dir: string;
  beforeAll(async () => {
    site = await startGrowingSite([2020, 2021, 2022, 2023]);
    dir = mkdtempSync(join(tmpdir(), 'gongkai-refresh-'));
  });
  afterAll(async () => {
    await site?.server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const years = (db: string) => {
    const d = new Database(db, { readonly: true });
    try {
      return d.prepare('SELECT year FROM records WHERE is_report = 1 ORDER BY year').pluck().all();
    } finally {
      d.close();
    }
  };

  it('finds next year’s report, with 304s for the pages that did not change', async () => {
    const db = join(dir, 'g.db');
    const args = ['--db', db, '--delay', '0', '--browser', 'never'];
    const first = await gongkai(['crawl', site.url(2022), ...args]);
    expect(first.code, first.stderr).toBe(0);
    expect(years(db)).toEqual([2020, 2021, 2022, 2023]);

    // a crawl of a complete store asks for nothing
    site.served.length = 0;
    expect((await gongkai(['crawl', site.url(2022), ...args])).code).toBe(0);
    expect(site.served).toEqual([]);

    site.publish(2024);
    const again = await gongkai(['crawl', '--refresh', ...args]);
    expect(again.code, again.stderr).toBe(0);
    expect(years(db)).toEqual([2020, 2021, 2022, 2023, 2024]);
    // asked again: the newest report and the two ends of the walk (2023 is both); 2023 changed
    // (it links 2024 now), 2020 did not; 2024 is new; 2021 and 2022 were not asked
    expect([...site.served].sort()).toEqual(['200 /nb/2023.html', '200 /nb/2024.html', '304 /nb/2020.html']);
    expect(again.stderr).toMatch(/1 unchanged since the last crawl \(304\)/);

    // the next refresh: 2024 is the newest and an end; nothing changed, so two 304s and no more
    site.served.length = 0;
    const third = await gongkai(['crawl', '--refresh', ...args]);
    expect(third.code, third.stderr).toBe(0);
    expect([...site.served].sort()).toEqual(['304 /nb/2020.html', '304 /nb/2024.html']);
  }, 90_000);
});

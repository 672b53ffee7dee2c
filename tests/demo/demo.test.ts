/**
 * `gongkai demo` as a user runs it: serves the bundled site, crawls it into a fresh store,
 * writes the two CSV exports and prints the table of years and checks.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '../crawl/helpers/chromium.js';

const ROOT = new URL('../../', import.meta.url).pathname;

describe('gongkai demo', () => {
  let dir: string;
  let result: { code: number | null; stdout: string; stderr: string };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-demo-'));
    // a store left by an earlier run must not leak into this one
    writeFileSync(join(dir, 'gongkai.db'), 'not a database');
    result = await new Promise((resolve) => {
      const child = spawn(process.execPath, ['bin/gongkai.js', 'demo', '--dir', dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }, 90_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('completes and prints the years found with their checks', () => {
    expect(result.code, result.stderr).toBe(0);
    const rows = result.stdout.split('\n').filter((l) => /^(青岚镇|一平浪镇)\s+\d{4}/.test(l));
    expect(rows.map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(['一平浪镇 2022', '青岚镇 2019', '青岚镇 2020', '青岚镇 2021', '青岚镇 2022', '青岚镇 2023', '青岚镇 2024']);
    const y2023 = rows.find((l) => l.startsWith('青岚镇    2023'))!;
    expect(y2023).toContain('applications.balance (natural_person, total)');
    expect(y2023.split(/\s+/)[5]).toBe('2'); // fail count
    expect(rows.filter((l) => l !== y2023).every((l) => l.split(/\s+/)[5] === '0')).toBe(true);
    if (!chromiumPath()) expect(result.stdout).toMatch(/needed a browser/);
  });

  it('writes the store and both CSV exports with a BOM', () => {
    const db = new Database(join(dir, 'gongkai.db'), { readonly: true });
    const n = (db.prepare('SELECT count(*) AS n FROM records WHERE is_report = 1').get() as { n: number }).n;
    const failed = (db.prepare(`SELECT count(*) AS n FROM frontier WHERE state = 'failed'`).get() as { n: number }).n;
    db.close();
    expect(n).toBe(7);
    expect(failed).toBe(0);
    const reports = readFileSync(join(dir, 'reports.csv'), 'utf8');
    const checks = readFileSync(join(dir, 'checks.csv'), 'utf8');
    expect(reports.startsWith('\ufeffsource_url,entity,year,')).toBe(true);
    expect(checks.startsWith('\ufeffsource_url,entity,year,check,')).toBe(true);
    const c = Papa.parse<Record<string, string>>(checks.slice(1), { header: true, skipEmptyLines: true }).data;
    const carry = c.filter((r) => r.check === 'series.carry' && r.year === '2024');
    expect(carry).toHaveLength(7);
    expect(carry.every((r) => r.other_report_year === '2023')).toBe(true);
    // the seed sample's values made it through the crawl: 行政处罚 1
    const long = Papa.parse<Record<string, string>>(reports.slice(1), { header: true, skipEmptyLines: true }).data;
    expect(long.find((r) => r.entity === '一平浪镇' && r.row === 'penalty')?.value).toBe('1');
  });
});

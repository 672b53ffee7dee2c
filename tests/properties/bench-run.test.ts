/**
 * bench/run.ts and bench/parser.ts as a user runs them: `node bin/run-ts.js bench/run.ts` in a
 * child process, cut down to a few runs per page, writing its results file; no timing is asserted
 * (speed is what the bench reports, not what a test checks).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { judge } from '../../bench/run.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run bench (parser part, few runs)', () => {
  const out = join(dir, 'results.json');
  const run = promisify(execFile)(process.execPath, ['bin/run-ts.js', 'bench/run.ts', '--only', 'parser', '--out', out], {
    cwd: ROOT,
    env: { ...process.env, BENCH_WARMUP: '0', BENCH_MIN_RUNS: '1', BENCH_MIN_MS: '0', BENCH_GENERATED: '2' },
    timeout: 120_000,
  });

  it('prints a table and writes the figures with the machine', async () => {
    const { stdout } = await run;
    expect(stdout).toContain('== parser');
    expect(stdout).toMatch(/parser_all_reports_per_s\s+\d/);
    const r = JSON.parse(readFileSync(out, 'utf8'));
    expect(r.machine.cpus).toBeGreaterThan(0);
    expect(typeof r.machine.cpuModel).toBe('string');
    expect(r.machine.node).toBe(process.version);
    const f = r.parts.parser.figures;
    expect(r.parts.parser.status).toBe('ok');
    expect(f.parser_generated_pages).toBe(6); // two reports in three layouts
    expect(f.parser_fixtures_pages).toBeGreaterThan(0);
    expect(String(f.parser_all_max_page)).toMatch(/^(fixtures|generated|real)\//);
    // the real-page set is measured or named as skipped
    expect(f.parser_real_pages ?? f.parser_real).toBeDefined();
    expect(r.targets.map((t: { key: string }) => t.key)).toContain('parser_all_max_page_ms');
    expect(r.targets.every((t: { met: unknown }) => typeof t.met === 'boolean')).toBe(true);
  }, 150_000);

  it('an unknown option is refused', async () => {
    await expect(promisify(execFile)(process.execPath, ['bin/run-ts.js', 'bench/run.ts', '--fast'], { cwd: ROOT, timeout: 60_000 })).rejects.toThrow(/unknown option --fast/);
  }, 90_000);
});

describe('judge', () => {
  it('marks each known target met or not, and ignores figures without one', () => {
    const t = judge({ parser_all_max_page_ms: 51, parser_all_html_ratio_vs_cheerio: 2.9, 'crawl.throughput_ratio': 0.69, other: 5 });
    expect(t.find((x) => x.key === 'parser_all_max_page_ms')?.met).toBe(false);
    expect(t.find((x) => x.key === 'parser_all_html_ratio_vs_cheerio')?.met).toBe(true);
    expect(t.find((x) => x.key === 'crawl.throughput_ratio')?.met).toBe(false);
    expect(t.some((x) => x.key === 'other')).toBe(false);
  });
});

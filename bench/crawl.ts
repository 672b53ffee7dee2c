/**
 * Crawl bench: `gongkai crawl --delay 0` over a generated 2,000-page column served on 127.0.0.1,
 * beside a bare loop of fetch + cheerio.load over the same URLs. Figures: pages per second of
 * each and their ratio (target ≥ 0.7), and the crawl's peak resident memory (target < 300 MB),
 * read from the crawl process's own VmHWM.
 * Run alone: node bin/run-ts.js bench/crawl.ts [PAGES]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cheerio from 'cheerio';
import Database from 'better-sqlite3';
import { startChainSite } from '../scraper/demo-site/chain-site.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Peak resident set of a process so far, in MB (Linux /proc); null elsewhere. */
function peakRssMb(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export async function benchCrawl(pages = 2000): Promise<Record<string, number | string>> {
  const site = await startChainSite(pages, { prebuild: true });
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-'));
  try {
    const urls = site.entries.map((e) => site.url(e.path));

    // the bare loop: what fetching and loading the same pages costs without any of gongkai
    const t0 = performance.now();
    for (const u of urls) {
      const res = await fetch(u);
      cheerio.load(await res.text());
    }
    const bareSeconds = (performance.now() - t0) / 1000;

    // gongkai crawl, as a user runs it, from the newest page along the whole column
    site.server.timing.first = null;
    const before = site.server.log.length;
    const db = join(dir, 'bench.db');
    const child = spawn(process.execPath, ['bin/gongkai.js', 'crawl', urls[0], '--db', db, '--delay', '0', '--browser', 'never', '--quiet'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let peak = 0;
    const poll = setInterval(() => {
      const p = peakRssMb(child.pid!);
      if (p !== null) peak = Math.max(peak, p);
    }, 50);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearInterval(poll);
    if (code !== 0) throw new Error(`gongkai crawl exited ${code}: ${stderr}`);
    const requests = site.server.log.slice(before).filter((l) => !l.endsWith('/robots.txt')).length;
    const crawlSeconds = ((site.server.timing.last ?? 0) - (site.server.timing.first ?? 0)) / 1000;
    const d = new Database(db, { readonly: true });
    const reports = (d.prepare('SELECT count(*) AS n FROM records WHERE is_report = 1').get() as { n: number }).n;
    d.close();

    const bareRate = pages / bareSeconds;
    const crawlRate = requests / crawlSeconds;
    return {
      'crawl.pages': requests,
      'crawl.reports': reports,
      'crawl.pages_per_s': round(crawlRate),
      'crawl.bare_fetch_cheerio_pages_per_s': round(bareRate),
      'crawl.throughput_ratio': round(crawlRate / bareRate, 3),
      'crawl.throughput_target': '≥ 0.7',
      'crawl.peak_rss_mb': round(peak),
      'crawl.peak_rss_target': '< 300 MB',
    };
  } finally {
    await site.server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const pages = Number(process.argv[2] ?? 2000);
  const figures = await benchCrawl(pages);
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(40)} ${v}`);
}

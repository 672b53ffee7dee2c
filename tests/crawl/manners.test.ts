/**
 * CLI manners: `gongkai export | head -1` ends quietly with 0 when head stops reading, and a
 * crawl that finds no report says so and exits 1.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChainSite, type ChainSite } from '../../sites/chain-site.js';
import { startSite, type SiteServer } from '../../sites/server.js';
import { newsPage } from '../../sites/pages.js';
import { gongkai, ROOT } from './helpers/cli.js';

describe('gongkai manners', () => {
  let site: ChainSite;
  let news: SiteServer;
  let dir: string;
  let db: string;
  beforeAll(async () => {
    site = await startChainSite(14);
    news = await startSite({ '/n.html': { body: newsPage('政务动态', '2024-01-01', ['本月工作。'], { prev: null, next: null }) } });
    dir = mkdtempSync(join(tmpdir(), 'gongkai-manners-'));
    db = join(dir, 'g.db');
    const r = await gongkai(['crawl', site.url(site.entries[0].path), '--db', db, '--delay', '0', '--browser', 'never', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([site?.server.close(), news?.close()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ends quietly with 0 when the reader of its output goes away (export | head -1)', async () => {
    // the long CSV of 14 reports is far more than a pipe holds, so the writes meet a closed pipe
    const script = `node bin/gongkai.js export --db '${db}' --format csv | head -c 100 > /dev/null; echo "exit=\${PIPESTATUS[0]}" >&2`;
    const { stderr } = await new Promise<{ stderr: string }>((resolve) => {
      const child = spawn('bash', ['-c', script], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      child.on('close', () => resolve({ stderr: err }));
    });
    expect(stderr.trim()).toBe('exit=0');
  }, 60_000);

  it('says so and exits 1 when a crawl finds no report', async () => {
    const r = await gongkai(['crawl', `${news.origin}/n.html`, '--db', join(dir, 'news.db'), '--delay', '0', '--browser', 'never', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no report found \(1 page read\)/);
  }, 60_000);
});

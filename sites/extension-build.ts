/**
 * Builds the extension once for the tests and the bench (CI runs only `npm ci` and `npm test`).
 * Rebuilds when any source is newer than the built manifest; a directory lock keeps parallel
 * test files from building at the same time.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const EXT_DIR = join(ROOT, '.output/chrome-mv3');
const LOCK = join(ROOT, '.output/.gongkai-build.lock');

function newestMtime(dir: string): number {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestMtime(p));
    else if (!e.name.endsWith('.test.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

export const FIREFOX_DIR = join(ROOT, '.output/firefox-mv2');

export function isBuildFresh(dir = EXT_DIR): boolean {
  const manifest = join(dir, 'manifest.json');
  if (!existsSync(manifest)) return false;
  const src = Math.max(newestMtime(join(ROOT, 'extension')), newestMtime(join(ROOT, 'parser')), statSync(join(ROOT, 'wxt.config.ts')).mtimeMs);
  return statSync(manifest).mtimeMs >= src;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The Chromium build (MV3) by default; `firefox` builds the Firefox one (MV2) under the same lock. */
export async function ensureExtensionBuilt(target: 'chrome' | 'firefox' = 'chrome'): Promise<string> {
  const dir = target === 'firefox' ? FIREFOX_DIR : EXT_DIR;
  const args = target === 'firefox' ? ['build', '-b', 'firefox'] : ['build'];
  mkdirSync(join(ROOT, '.output'), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (isBuildFresh(dir)) return dir;
    try {
      mkdirSync(LOCK);
    } catch {
      // another test file is building; a lock older than 3 minutes is left over from a killed run
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 180_000) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for another extension build (lock .output/.gongkai-build.lock)');
      await sleep(300);
      continue;
    }
    try {
      if (!isBuildFresh(dir)) {
        execFileSync(process.execPath, [join(ROOT, 'node_modules/wxt/bin/wxt.mjs'), ...args], { cwd: ROOT, stdio: 'pipe', timeout: 170_000 });
      }
      if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`wxt build produced no ${dir}/manifest.json`);
      return dir;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}

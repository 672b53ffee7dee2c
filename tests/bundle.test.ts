/**
 * bin/bundle.js, which runs the CLI and the parse threads as plain-JS bundles: each module keeps
 * its own import.meta.url, a bundle is made again when a source changes or the checkout moved,
 * and not otherwise. The CLI itself runs from its bundle in every CLI test.
 */
import { readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, bundled } from '../bin/bundle.js';

const ENTRY = 'tests/fixtures/bundle/entry.ts';
const HELPER = join(ROOT, 'tests/fixtures/bundle/helper.ts');
const NAME = `test-bundle-${process.pid}`;

async function load(): Promise<{ url: URL; made: number; mod: { entryUrl: string; helperUrl: string; word: string } }> {
  const url = await bundled(ENTRY, NAME);
  const made = statSync(fileURLToPath(url)).mtimeMs;
  // a query per load: Node caches an imported module by its URL
  const mod = await import(`${url.href}?${made}-${Math.random()}`);
  return { url, made, mod };
}

describe('bin/bundle.js', () => {
  afterAll(() => {
    for (const ext of ['mjs', 'json']) rmSync(join(ROOT, 'node_modules', '.cache', 'gongkai', `${NAME}.${ext}`), { force: true });
  });

  it('bundles a module graph in which each module keeps the URL of its own source', async () => {
    const { url, mod } = await load();
    expect(fileURLToPath(url)).toBe(join(ROOT, 'node_modules', '.cache', 'gongkai', `${NAME}.mjs`));
    expect(mod.word).toBe('helper');
    expect(mod.entryUrl).toBe(pathToFileURL(join(ROOT, ENTRY)).href);
    expect(mod.helperUrl).toBe(pathToFileURL(HELPER).href);
  });

  it('keeps a bundle whose sources are unchanged and makes it again when one changed', async () => {
    const first = await load();
    const again = await load();
    expect(again.made).toBe(first.made);
    const st = statSync(HELPER);
    try {
      utimesSync(HELPER, st.atime, new Date(st.mtimeMs + 5000));
      const after = await load();
      expect(after.made).toBeGreaterThan(first.made);
      expect(after.mod.word).toBe('helper');
    } finally {
      utimesSync(HELPER, st.atime, st.mtime);
    }
  });

  it('makes it again for a checkout elsewhere (the bundle names its sources by absolute URL)', async () => {
    const first = await load();
    const manifest = join(ROOT, 'node_modules', '.cache', 'gongkai', `${NAME}.json`);
    const m = JSON.parse(readFileSync(manifest, 'utf8'));
    expect(m.root).toBe(ROOT);
    writeFileSync(manifest, JSON.stringify({ ...m, root: '/elsewhere/' }));
    const after = await load();
    expect(after.made).toBeGreaterThan(first.made);
  });
});

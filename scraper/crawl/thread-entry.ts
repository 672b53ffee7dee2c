/**
 * The parse threads' code. A worker thread is a fresh module loader: taught TypeScript by tsx
 * (parse-thread.mjs), each thread started a loader thread of its own and compiled every parser
 * module again — ~60 MB of resident memory per parse thread, against ~25 MB for the same code
 * as one plain module. So the thread's module graph is bundled by esbuild (what tsx itself runs
 * on) into one plain-JS file, kept in node_modules/.cache/gongkai with the sizes and times of the
 * sources it was made from and made again when one changed; when esbuild cannot run or the cache
 * cannot be written, the TypeScript entry is used as before.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TS_ENTRY = new URL('./parse-thread.ts', import.meta.url);
const TSX_ENTRY = new URL('./parse-thread.mjs', import.meta.url);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE = join(ROOT, 'node_modules', '.cache', 'gongkai');
const BUNDLE = join(CACHE, 'parse-thread.mjs');
const MANIFEST = join(CACHE, 'parse-thread.json');

/** What a bundle was made from: each source's size and modification time, and the Node it targets. */
type Manifest = { node: string; inputs: Record<string, [number, number]> };

let entry: Promise<URL> | null = null;

/** The module a parse thread runs: the bundled plain JS, or the tsx entry. */
export function threadEntry(): Promise<URL> {
  return (entry ??= bundled().catch(() => TSX_ENTRY));
}

async function bundled(): Promise<URL> {
  if (!upToDate()) await rebuild();
  return pathToFileURL(BUNDLE);
}

function upToDate(): boolean {
  try {
    const m = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
    if (m.node !== process.version) return false;
    statSync(BUNDLE);
    return Object.entries(m.inputs).every(([file, [size, mtime]]) => {
      const st = statSync(join(ROOT, file));
      return st.size === size && st.mtimeMs === mtime;
    });
  } catch {
    return false;
  }
}

async function rebuild(): Promise<void> {
  const esbuild = await import('esbuild');
  try {
    const out = await esbuild.build({
      entryPoints: [fileURLToPath(TS_ENTRY)],
      absWorkingDir: ROOT,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      metafile: true,
      logLevel: 'silent',
      legalComments: 'none',
    });
    const inputs: Manifest['inputs'] = {};
    for (const file of Object.keys(out.metafile.inputs)) {
      const st = statSync(join(ROOT, file));
      inputs[file] = [st.size, st.mtimeMs];
    }
    mkdirSync(CACHE, { recursive: true });
    // several crawls may start at once: each writes its own files and renames them into place
    const tmp = `.${process.pid}.${Date.now()}`;
    writeFileSync(BUNDLE + tmp, out.outputFiles[0].contents);
    writeFileSync(MANIFEST + tmp, JSON.stringify({ node: process.version, inputs } satisfies Manifest));
    renameSync(BUNDLE + tmp, BUNDLE);
    renameSync(MANIFEST + tmp, MANIFEST);
  } finally {
    // the build service is a child process: not kept for the rest of the crawl
    await esbuild.stop();
  }
}

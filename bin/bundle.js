/**
 * TypeScript entries run as plain-JS bundles. A fresh clone has no build step: tsx teaches Node
 * TypeScript as modules load. That costs a running program a loader thread with a JavaScript engine
 * of its own (Node 20 runs module hooks off the main thread) and every module compiled at start:
 * on a 100-site crawl, ~35 MB of its peak resident memory. So an entry's module graph is bundled
 * by esbuild (what tsx runs on) into one file in node_modules/.cache/gongkai, kept with the sizes
 * and times of the sources it was made from, and made again when one of them changed.
 *
 * In one bundle, every package any module imports is loaded at start, even one a module imports
 * only on some path: a package needed rarely (the Word readers, the Postgres driver) is imported
 * where it is needed (`await import(…)`), which a bundle keeps as it is.
 *
 * In a bundle every module keeps its own `import.meta.url` (each is replaced by the URL of the
 * source file it stands in), so files read beside a module — the store's schema, the parse
 * thread's entry — are found where they are, as under tsx.
 *
 * Plain JavaScript, so that bin/gongkai.js can use it before anything knows TypeScript.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The package's root: bundles are made from and kept under it. */
export const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CACHE = join(ROOT, 'node_modules', '.cache', 'gongkai');

/**
 * The bundle of `entry` (a path from the package root), named `name`.mjs in the cache: as it is
 * when its sources are unchanged, made first otherwise. Rejects when esbuild cannot run or the
 * cache cannot be written; the caller then loads the TypeScript as before.
 *
 * `packages`: 'external' (the default) loads packages from node_modules as they are (a native one,
 * better-sqlite3, must be); 'bundle' takes them into the file too (a parse thread's few pure-JS ones).
 */
export async function bundled(entry, name, options = {}) {
  const bundle = join(CACHE, `${name}.mjs`);
  const manifest = join(CACHE, `${name}.json`);
  if (!upToDate(bundle, manifest)) await rebuild(entry, bundle, manifest, options);
  return pathToFileURL(bundle);
}

/**
 * Whether the bundle exists and was made here (it names its sources by absolute URL: a moved
 * checkout makes it again), by this Node, from sources of the sizes and times they have now.
 */
function upToDate(bundle, manifest) {
  try {
    const m = JSON.parse(readFileSync(manifest, 'utf8'));
    if (m.node !== process.version || m.root !== ROOT) return false;
    statSync(bundle);
    return Object.entries(m.inputs).every(([file, [size, mtime]]) => {
      const st = statSync(join(ROOT, file));
      return st.size === size && st.mtimeMs === mtime;
    });
  } catch {
    return false;
  }
}

/** `import.meta.url` anywhere in a source file (one in a comment or a string is replaced too, harmlessly). */
const META_URL = /\bimport\.meta\.url\b/g;

/** Each module's `import.meta.url` as the URL of its own source file (see above). */
const ownMetaUrl = {
  name: 'own-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
      if (args.path.includes(join('node_modules', ''))) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const loader = /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js';
      return { contents: source.replace(META_URL, JSON.stringify(pathToFileURL(args.path).href)), loader };
    });
  },
};

async function rebuild(entry, bundle, manifest, { packages = 'external' }) {
  const esbuild = await import('esbuild');
  try {
    const out = await esbuild.build({
      entryPoints: [join(ROOT, entry)],
      absWorkingDir: ROOT,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages,
      plugins: [ownMetaUrl],
      write: false,
      metafile: true,
      logLevel: 'silent',
      legalComments: 'none',
    });
    const inputs = {};
    for (const file of Object.keys(out.metafile.inputs)) {
      const st = statSync(join(ROOT, file));
      inputs[file] = [st.size, st.mtimeMs];
    }
    mkdirSync(CACHE, { recursive: true });
    // several programs may start at once: each writes its own files and renames them into place
    const tmp = `.${process.pid}.${Date.now()}`;
    writeFileSync(bundle + tmp, out.outputFiles[0].contents);
    writeFileSync(manifest + tmp, JSON.stringify({ node: process.version, root: ROOT, inputs }));
    renameSync(bundle + tmp, bundle);
    renameSync(manifest + tmp, manifest);
  } finally {
    // the build service is a child process: not kept for the rest of the run
    await esbuild.stop();
  }
}

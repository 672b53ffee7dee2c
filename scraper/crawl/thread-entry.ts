/**
 * The parse threads' code. A worker thread is a fresh module loader: taught TypeScript by tsx
 * (parse-thread.mjs), each thread started a loader thread of its own and compiled every parser
 * module again — ~60 MB of resident memory per parse thread, against ~25 MB for the same code
 * as one plain module. So the thread's module graph, packages included, is one bundle
 * (bin/bundle.js, as the CLI's own is); when it cannot be made, the TypeScript entry is used as before.
 */
import { bundled } from '../../bin/bundle.js';

const TSX_ENTRY = new URL('./parse-thread.mjs', import.meta.url);

let entry: Promise<URL> | null = null;

/** The module a parse thread runs: the bundled plain JS, or the tsx entry. */
export function threadEntry(): Promise<URL> {
  return (entry ??= bundled('scraper/crawl/parse-thread.ts', 'parse-thread', { packages: 'bundle' }).catch(() => TSX_ENTRY));
}

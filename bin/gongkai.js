#!/usr/bin/env node
// The CLI, as one plain-JS bundle of its TypeScript made on first use and whenever a source changed
// (bundle.js: a fresh clone needs no build step). Where no bundle can be made (esbuild missing, a
// read-only install), the TypeScript runs through tsx instead.
import { bundled } from './bundle.js';

let main;
try {
  main = await bundled('cli/main.ts', 'cli');
} catch {
  const { register } = await import('tsx/esm/api');
  register();
  main = new URL('../cli/main.ts', import.meta.url);
}
await import(main.href);

// The parse pool's worker entry: a worker thread is a fresh module loader, so it is taught
// TypeScript (tsx, as bin/gongkai.js does) before it loads the reader. Plain JS so that Node can
// start it whatever ran the main thread (the CLI through tsx, vitest through vite).
import { register } from 'tsx/esm/api';
register();
await import('./parse-thread.ts');

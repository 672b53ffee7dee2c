import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'wxt';

/** pdfjs-dist's own directory: its worker and CMaps ship inside the extension (no remote code). */
const PDFJS = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

// The browser extension (extension/README.md). Sources live in extension/, builds in .output/.
// Permissions are as narrow as the features allow: the content script matches *.gov.cn only;
// any other page is read only when the user asks (activeTab + scripting, no broad host access).
export default defineConfig({
  srcDir: 'extension',
  outDir: '.output',
  webExt: { disabled: true },
  hooks: {
    // PDF.js's worker and the CMaps of CID fonts (Chinese PDFs need them), under /pdfjs/, loaded
    // only by the extension pages that read report files (extension/lib/file-reader.ts)
    'build:publicAssets': (_wxt, files) => {
      files.push({ absoluteSrc: join(PDFJS, 'build/pdf.worker.min.mjs'), relativeDest: 'pdfjs/pdf.worker.min.mjs' });
      for (const f of readdirSync(join(PDFJS, 'cmaps'))) files.push({ absoluteSrc: join(PDFJS, 'cmaps', f), relativeDest: `pdfjs/cmaps/${f}` });
    },
  },
  // Everything is bundled at build time: no remote code.
  vite: () => ({
    build: {
      rollupOptions: {
        // The record's zod schemas build objects at load time but have no other effect: marked free
        // of side effects, a bundle that uses none of them (the content script, which only parses)
        // leaves them and zod out (SCHEMA_ID lives apart, in parser/record/id.ts).
        treeshake: { moduleSideEffects: (id: string) => !/[\\/]parser[\\/]record[\\/]schema\.ts$/.test(id) },
      },
    },
  }),
  manifest: ({ browser }) => ({
    // Firefox: a fixed add-on id, and the declaration that nothing is collected (no request leaves the browser)
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'gongkai@gongkai.invalid', data_collection_permissions: { required: ['none'] } } } }
      : {}),
    name: 'gongkai 政府信息公开年报核对',
    description: 'Reads a government information-disclosure annual report on the page, shows its tables and checks their arithmetic.',
    // storage: the panel's folded state and side, in the extension's own storage;
    // offscreen (Chrome): the hidden extension page that reads a report file (PDF.js and its worker)
    permissions: ['activeTab', 'scripting', 'storage', ...(browser === 'firefox' ? [] : ['offscreen'])],
    // the report files a *.gov.cn page links (附件) are fetched by the extension's own page, which
    // needs the same hosts the content script already runs on (no new sites, no new warning)
    host_permissions: ['*://*.gov.cn/*'],
    action: { default_title: 'gongkai' },
    commands: {
      'focus-panel': { suggested_key: { default: 'Alt+Shift+G' }, description: 'Open and focus the report check panel' },
    },
  }),
});

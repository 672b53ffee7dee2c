import { defineConfig } from 'wxt';

// The browser extension (extension/README.md). Sources live in extension/, builds in .output/.
// Permissions are as narrow as the features allow: the content script matches *.gov.cn only;
// any other page is read only when the user asks (activeTab + scripting, no broad host access).
export default defineConfig({
  srcDir: 'extension',
  outDir: '.output',
  webExt: { disabled: true },
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
    // storage: the panel's folded state and side, in the extension's own storage
    permissions: ['activeTab', 'scripting', 'storage'],
    action: { default_title: 'gongkai' },
    commands: {
      'focus-panel': { suggested_key: { default: 'Alt+Shift+G' }, description: 'Open and focus the report check panel' },
    },
  }),
});

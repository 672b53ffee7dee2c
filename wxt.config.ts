import { defineConfig } from 'wxt';

// The browser extension (extension/README.md). Sources live in extension/, builds in .output/.
// Permissions are as narrow as the features allow: the content script matches *.gov.cn only;
// any other page is read only when the user asks (activeTab + scripting, no broad host access).
export default defineConfig({
  srcDir: 'extension',
  outDir: '.output',
  webExt: { disabled: true },
  // Everything is bundled at build time: no remote code.
  manifest: {
    name: 'gongkai 政府信息公开年报核对',
    description: 'Reads a government information-disclosure annual report on the page, shows its tables and checks their arithmetic.',
    permissions: ['activeTab', 'scripting'],
    action: { default_title: 'gongkai' },
  },
});

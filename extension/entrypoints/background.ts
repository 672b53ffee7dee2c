/**
 * The background worker: the one place (with the popup page) that opens the Dexie library, the
 * receiver of every message (zod-checked in messages.ts), and the toolbar injection.
 */
import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { Library } from '../lib/library.js';
import { handleRequest } from '../lib/handler.js';
import { injectReader } from '../lib/inject.js';

export default defineBackground({
  type: 'module',
  main() {
    const library = new Library();
    const deps = {
      library,
      inject: injectReader,
      openTab: async (url: string) => void (await browser.tabs.create({ url })),
      // the same page as the popup, in a tab: there is no page of the user's to read from there
      libraryUrl: () => `${browser.runtime.getURL('/popup.html')}?view=tab`,
    };
    browser.runtime.onMessage.addListener((msg, sender, sendResponse) => {
      // Only this extension's own pages and content scripts can reach onMessage; the schema does the rest.
      void handleRequest(msg, deps, sender.tab?.id).then(sendResponse);
      return true;
    });
    // The same code path as the popup's button, reachable from tests through the worker.
    (globalThis as unknown as { gongkai: object }).gongkai = { injectReader, library };
  },
});

/**
 * The background worker: the one place (with the popup page) that opens the Dexie library, the
 * receiver of every message (zod-checked in messages.ts), the toolbar injection and the keyboard
 * shortcut that opens and focuses the panel.
 */
import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { Library } from '../lib/library.js';
import { handleRequest } from '../lib/handler.js';
import { injectReader } from '../lib/inject.js';
import { readInReadingPage } from '../lib/reading-page.js';

/**
 * The shortcut: the panel in this tab opens and takes focus. A tab without the content script
 * (a page outside *.gov.cn) is read as by the toolbar button; the shortcut grants activeTab too.
 */
async function focusPanel(tabId: number): Promise<void> {
  try {
    const r = await browser.tabs.sendMessage(tabId, { type: 'panel.focus' });
    if (r) return;
  } catch {
    /* no content script in that tab yet */
  }
  await injectReader(tabId);
}

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
      readFile: readInReadingPage,
    };
    browser.runtime.onMessage.addListener((msg, sender, sendResponse) => {
      // the reading page's own traffic (Firefox: it lives in this page's frame) is not for the worker
      if ((msg as { target?: unknown })?.target === 'gongkai-file-reader') return undefined;
      // Only this extension's own pages and content scripts can reach onMessage; the schema does the rest.
      void handleRequest(msg, deps, { tabId: sender.tab?.id, url: sender.tab ? sender.url : undefined }).then(sendResponse);
      return true;
    });
    browser.commands?.onCommand.addListener((command, tab) => {
      if (command === 'focus-panel' && tab?.id !== undefined) void focusPanel(tab.id);
    });
    // The same code paths as the popup's button and the shortcut, reachable from tests through the worker.
    (globalThis as unknown as { gongkai: object }).gongkai = { injectReader, focusPanel, library };
  },
});

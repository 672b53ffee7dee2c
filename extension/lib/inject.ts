/**
 * The toolbar path: read the page in a tab the user pointed at (activeTab grants the tab; there
 * is no broad host permission). Marks the run as manual, then runs the same content script.
 */
import { browser } from 'wxt/browser';

export const CONTENT_SCRIPT_FILE = '/content-scripts/content.js';

export async function injectReader(tabId: number): Promise<void> {
  await browser.scripting.executeScript({
    target: { tabId },
    func: () => {
      const g = globalThis as unknown as { __gongkai?: { manual?: boolean } };
      (g.__gongkai ??= {}).manual = true;
    },
  });
  await browser.scripting.executeScript({ target: { tabId }, files: [CONTENT_SCRIPT_FILE] });
}

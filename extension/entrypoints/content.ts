/**
 * Runs on *.gov.cn pages and on Wayback Machine copies of them (automatic) and, injected by the
 * background worker, on any page the user asks about from the toolbar. A second injection reads
 * the page again with a fresh reader. The keyboard shortcut reaches it as a `panel.focus` message.
 */
// first import: its timestamp is taken before the other modules (the parser) evaluate
import { SCRIPT_T0 } from '../lib/t0.js';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { browser } from 'wxt/browser';
import { Reader } from '../lib/reader.js';
import { isArchivedGovCn } from '../lib/wayback.js';

interface GongkaiGlobal {
  reader?: Reader;
  /** set by the background worker just before a toolbar injection */
  manual?: boolean;
  done?: boolean;
  listening?: boolean;
}

export default defineContentScript({
  // an archived copy of a *.gov.cn page: the path holds the original URL (checked again below)
  matches: ['*://*.gov.cn/*', '*://web.archive.org/web/*gov.cn/*'],
  // as soon as the document is parsed: a page that fills its article in later is watched (reader.ts)
  runAt: 'document_end',
  cssInjectionMode: 'manual',
  async main(ctx) {
    const g = globalThis as unknown as { __gongkai?: GongkaiGlobal };
    const state = (g.__gongkai ??= {});
    const manual = state.manual === true;
    state.manual = false;
    if (!state.listening) {
      state.listening = true;
      browser.runtime.onMessage.addListener((msg: unknown) => {
        if ((msg as { type?: unknown })?.type !== 'panel.focus') return undefined;
        return state.reader?.focus().then(() => ({ ok: true }));
      });
    }
    // A new injection gets a new context (WXT invalidates the old one and removes its panel).
    state.reader = new Reader(ctx, SCRIPT_T0);
    if (manual || location.hostname !== 'web.archive.org' || isArchivedGovCn(location.href)) await state.reader.run(manual);
    // lets tests know the reader finished on pages where it shows nothing
    state.done = true;
  },
});

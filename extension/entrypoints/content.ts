/**
 * Runs on *.gov.cn pages (automatic) and, injected by the background worker, on any page the
 * user asks about from the toolbar. A second injection reads the page again with a fresh reader.
 */
// first import: its timestamp is taken before the other modules (zod, the parser) evaluate
import { SCRIPT_T0 } from '../lib/t0.js';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { Reader } from '../lib/reader.js';

interface GongkaiGlobal {
  reader?: Reader;
  /** set by the background worker just before a toolbar injection */
  manual?: boolean;
  done?: boolean;
}

export default defineContentScript({
  matches: ['*://*.gov.cn/*'],
  // as soon as the document is parsed: a page that fills its article in later is watched (reader.ts)
  runAt: 'document_end',
  cssInjectionMode: 'manual',
  async main(ctx) {
    const g = globalThis as unknown as { __gongkai?: GongkaiGlobal };
    const state = (g.__gongkai ??= {});
    const manual = state.manual === true;
    state.manual = false;
    // A new injection gets a new context (WXT invalidates the old one and removes its panel).
    state.reader = new Reader(ctx, SCRIPT_T0);
    await state.reader.run(manual);
    // lets tests know the reader finished on pages where it shows nothing
    state.done = true;
  },
});

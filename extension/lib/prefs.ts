/**
 * The panel's remembered state (folded or not, which side), in the extension's own storage so it
 * holds on every site and survives reloads; the page's own storage is never touched.
 */
import { browser } from 'wxt/browser';
import type { PanelPrefs } from './panel.js';

const KEY = 'gongkai.panel';
export const DEFAULT_PREFS: PanelPrefs = { collapsed: false, side: 'right' };

export function parsePrefs(v: unknown): PanelPrefs {
  const o = (v && typeof v === 'object' ? v : {}) as Partial<Record<keyof PanelPrefs, unknown>>;
  return { collapsed: o.collapsed === true, side: o.side === 'left' ? 'left' : 'right' };
}

export async function loadPrefs(): Promise<PanelPrefs> {
  try {
    const got = await browser.storage.local.get(KEY);
    return parsePrefs(got[KEY]);
  } catch {
    return { ...DEFAULT_PREFS };
  }
}

export function savePrefs(p: PanelPrefs): void {
  void browser.storage.local.set({ [KEY]: p }).catch(() => {});
}

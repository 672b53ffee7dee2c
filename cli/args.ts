/** A small, strict argument reader: unknown flags are usage errors, not silently ignored. */
import type { BrowserMode } from '../scraper/crawl/chain.js';

export class UsageError extends Error {}

export interface FlagSpec {
  [name: string]: 'boolean' | 'string';
}

export function parseArgs(args: string[], spec: FlagSpec): { flags: Record<string, string | boolean>; positional: string[] } {
  const flags: Record<string, string | boolean> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
      const kind = spec[name];
      if (!kind) throw new UsageError(`unknown option --${name}`);
      if (kind === 'boolean') flags[name] = true;
      else {
        const v = inline ?? args[++i];
        if (v === undefined) throw new UsageError(`--${name} needs a value`);
        flags[name] = v;
      }
    } else positional.push(a);
  }
  return { flags, positional };
}

export function intFlag(flags: Record<string, string | boolean>, name: string, def: number, min = 0): number {
  const v = flags[name];
  if (v === undefined) return def;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number ≥ ${min}`);
  return n;
}

export const BROWSER_MODES: readonly BrowserMode[] = ['auto', 'never', 'always'];

/** --browser auto|never|always (default auto): when a page may be rendered with Chromium. */
export function browserFlag(flags: Record<string, string | boolean>): BrowserMode {
  const v = flags.browser ?? 'auto';
  if (typeof v !== 'string' || !(BROWSER_MODES as readonly string[]).includes(v)) throw new UsageError(`--browser must be one of ${BROWSER_MODES.join(', ')}`);
  return v as BrowserMode;
}

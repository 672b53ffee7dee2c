/** Whether a Chromium the fetch layer can use is on this machine (the browser tests need one). */
import { existsSync } from 'node:fs';

export function chromiumPath(): string | null {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) if (p && existsSync(p)) return p;
  return null;
}

/**
 * Wayback Machine copies (`web.archive.org/web/<timestamp>[flags]/<original URL>`): the original
 * URL is the report's address, the capture time is when the page was seen.
 */
export interface Archived {
  originalUrl: string;
  /** the capture time, ISO 8601 UTC */
  capturedAt: string;
}

const WAYBACK = /^https?:\/\/web\.archive\.org\/web\/(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?[a-z_]*\/(https?:\/\/.+)$/i;

export function parseWayback(url: string): Archived | null {
  const m = WAYBACK.exec(url);
  if (!m) return null;
  const [, y, mo, d, hh = '00', mi = '00', ss = '00', original] = m;
  return { originalUrl: original, capturedAt: `${y}-${mo}-${d}T${hh}:${mi}:${ss}Z` };
}

/** Whether an archived copy's original is a *.gov.cn page (those are read automatically). */
export function isArchivedGovCn(url: string): boolean {
  const a = parseWayback(url);
  if (!a) return false;
  try {
    return /(^|\.)gov\.cn$/i.test(new URL(a.originalUrl).hostname);
  } catch {
    return false;
  }
}

/**
 * A cheap test run before any parsing, so that pages that are not annual reports cost almost
 * nothing and get no panel: the title or the text must mention 政府信息公开 together with a
 * report word or a label of the applications table.
 */
const DISCLOSURE = /政府信息公开|政务公开/;
const REPORT = /年度报告|年报|本年新收|上年结转/;

/** `text` may be a function: the page's text is then read only when the title does not already say it (a full-page textContent). */
export function looksLikeReport(title: string, text: string | (() => string)): boolean {
  const t = title.replace(/\s+/g, '');
  if (DISCLOSURE.test(t) && REPORT.test(t)) return true;
  // textContent can be large; the words stand near the top of a report, but tables may come late.
  const body = (typeof text === 'function' ? text() : text).replace(/\s+/g, '');
  return DISCLOSURE.test(body) && REPORT.test(body);
}

/**
 * The report file a tab shows, or null: an http(s) address whose path ends in .pdf/.doc/.docx/.wps
 * (the browser's own viewer shows it, where no content script runs).
 */
export function fileOfTab(url: string): string | null {
  try {
    const u = new URL(url);
    return /^https?:$/.test(u.protocol) && /\.(pdf|docx?|wps)$/i.test(u.pathname) ? u.href : null;
  } catch {
    return null;
  }
}

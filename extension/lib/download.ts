/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Exports as downloads: a Blob, an object URL and a temporary <a download>, so no extra
 * permission is needed and nothing leaves the browser.
 */
import { toLongCsv, type ReportRecord } from '../../parser/index.js';

/** A file name from the body and year, without characters file systems refuse. */
export function exportName(rec: Pick<ReportRecord, 'entity' | 'year'>, ext: string): string {
  const base = [rec.entity ?? 'report', rec.year ?? ''].filter((x) => x !== '').join('-');
  return `gongkai-${base}`.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 120) + `.${ext}`;
}

export function recordCsv(rec: ReportRecord): string {
  return toLongCsv([rec]);
}

export function recordJson(rec: ReportRecord): string {
  return JSON.stringify(rec, null, 2);
}

export function downloadText(doc: Document, text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  (doc.body ?? doc.documentElement).append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

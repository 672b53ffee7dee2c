/** Chain sites (sites/chain-site.ts pages) that note when each request arrived, for the politeness checks across workers. */
import { chainEntries, chainPage } from '../../../sites/chain-site.js';
import { startSite, type Page, type SiteServer } from '../../../sites/server.js';

export interface TimedSite {
  server: SiteServer;
  start: string;
  /** report pages, and all pages */
  reports: number;
  paths: string[];
  /** the report files the pages link (with `files`) */
  files: string[];
  /** performance.now() at each request's arrival, in order, with its path */
  arrivals: { at: number; path: string }[];
}

export interface TimedChainOptions {
  /** the site's robots.txt (default: everything allowed, no Crawl-delay) */
  robots?: string;
  /** each report page links its report as a PDF (附件), on the same origin */
  files?: boolean;
  /** while this says so, the files are answered 503 (the server failing for a while) */
  filesDown?: () => boolean;
}

export async function startTimedChain(pages: number, o: TimedChainOptions = {}): Promise<TimedSite> {
  const entries = chainEntries(pages);
  const index = new Map(entries.map((e, i) => [e.path, i]));
  const arrivals: TimedSite['arrivals'] = [];
  const robots = { body: o.robots ?? 'User-agent: *\nAllow: /\n', contentType: 'text/plain' };
  const fileOf = (path: string) => path.replace(/\.html$/, '.pdf');
  const files = o.files ? entries.filter((e) => e.kind === 'report').map((e) => fileOf(e.path)) : [];
  const pdf: Page = { body: blankPdf(), contentType: 'application/pdf' };
  const server = await startSite((_req, path) => {
    arrivals.push({ at: performance.now(), path });
    if (path === '/robots.txt') return robots;
    if (files.includes(path)) return o.filesDown?.() ? { status: 503, body: 'busy' } : pdf;
    const page = chainPage(entries, index, path);
    if (!page || !o.files || !files.includes(fileOf(path))) return page ?? undefined;
    const link = `<p>附件：<a href="${fileOf(path)}">政府信息公开工作年度报告.pdf</a></p>\n<div class="footer">`;
    return { ...page, body: String(page.body).replace('<div class="footer">', link) };
  });
  return { server, start: server.origin + entries[0].path, reports: entries.filter((e) => e.kind === 'report').length, paths: entries.map((e) => e.path), files, arrivals };
}

/** The shortest time between two requests' arrivals at one site, ms. */
export function closestGap(arrivals: { at: number }[]): number {
  let min = Infinity;
  for (let i = 1; i < arrivals.length; i++) min = Math.min(min, arrivals[i].at - arrivals[i - 1].at);
  return min;
}

/** A one-page PDF with nothing on it: a report file that reads, but holds no report (the page's own reading stands). */
export function blankPdf(): Uint8Array {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>'];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((n) => `${String(n).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

/**
 * A local site (127.0.0.1, random port) whose report chains run through every fault a crawl
 * meets in the wild. Two bodies, each a column of yearly reports linked by 上一篇/下一篇, where
 * the neighbour between two good reports is a fault page:
 *
 *   云岭乡 2019 ─ reset ─ 2020 ─ short ─ 2021 ─ redirect loop ─ 2022 ─ gzip bomb ─ 2023 ─ 50 MB ─ 2024
 *   青石镇 2020 ─ stall ─ 2021 ─ 2022 (charset=x-klingon, GBK bytes) ─ PDF as text/html ─ 2023
 *
 * A fault ends the walk on its side, so every good page but the x-klingon one is a start page;
 * the x-klingon report is reached only through 青石镇 2021's link, so it is read by the walk.
 */
import { once } from 'node:events';
import * as zlib from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { encodeGbk } from '../../sites/gbk.js';
import { makeSeries, reportPage, seriesYears, reportTitle, type NavTarget, type ReportData } from '../../sites/pages.js';
import { startSite, type Route, type SiteServer } from '../../sites/server.js';

export const A = '云岭乡';
export const B = '青石镇';
const MB = 1024 * 1024;

/** The fault pages, by what they do. */
export const FAULTS = {
  reset: '/f/reset.html', // half the body, then a TCP reset
  short: '/f/short.html', // Content-Length says more than is sent, then the connection ends
  loop: '/f/loop.html', // 302 to itself (with a new query) for ever
  bomb: '/f/bomb.html', // ~100 kB of gzip inflating to 100 MB
  huge: '/f/huge.html', // 50 MB of HTML, chunked, no Content-Length, sent as fast as read
  stall: '/f/stall.html', // headers and a few bytes, then nothing
  pdf: '/f/pdf.html', // a PDF served as text/html
} as const;
export type FaultName = keyof typeof FAULTS;

export const KLINGON = '/b/2022.html';
export const HUGE_BYTES = 50 * MB;
export const BOMB_INFLATED = 100 * MB;

export interface FaultySite {
  server: SiteServer;
  url: (path: string) => string;
  /** start pages: every good report except the x-klingon one */
  starts: string[];
  /** paths of the good report pages (x-klingon included), with the data they show */
  good: { path: string; data: ReportData }[];
  /** bytes the 50 MB route wrote before each client hung up, per request */
  hugeSent: number[];
  /** size of the gzip bomb as sent */
  bombBytes: number;
}

/** gzip of `inflated` bytes of spaces, compressed as a stream so the 100 MB never sit in memory. */
async function gzipBomb(inflated: number): Promise<Buffer> {
  const gz = zlib.createGzip({ level: 9 });
  const out: Buffer[] = [];
  gz.on('data', (c: Buffer) => out.push(c));
  const block = Buffer.alloc(MB, 0x20);
  gz.write('<html><body>');
  for (let n = 0; n < inflated; n += block.length) if (!gz.write(block)) await once(gz, 'drain');
  gz.end();
  await once(gz, 'end');
  return Buffer.concat(out);
}

export async function startFaultySite(): Promise<FaultySite> {
  const a = makeSeries(A, seriesYears(2019, 2024, ['table', 'lines', 'table', 'concatenated', 'lines', 'table']));
  const b = makeSeries(B, seriesYears(2020, 2023, ['table', 'lines', 'table', 'table']));
  const dataOf = (set: ReportData[], year: number) => set.find((d) => d.year === year)!;
  const fault = (path: string): NavTarget => ({ href: path, title: '政务公开工作通知' });
  const yearLink = (prefix: string, entity: string, year: number): NavTarget => ({ href: `${prefix}/${year}.html`, title: reportTitle(entity, year) });

  const routes = new Map<string, Route>();
  const good: FaultySite['good'] = [];
  const addReport = (path: string, d: ReportData, prev: NavTarget | null, next: NavTarget | null, klingon = false) => {
    good.push({ path, data: d });
    if (klingon) {
      // GBK bytes, <meta charset="gbk">, and a Content-Type charset no decoder knows
      routes.set(path, { body: encodeGbk(reportPage(d, { prev, next }, 'gbk')), contentType: 'text/html; charset=x-klingon' });
    } else routes.set(path, { body: reportPage(d, { prev, next }) });
  };

  addReport('/a/2019.html', dataOf(a, 2019), null, fault(FAULTS.reset));
  addReport('/a/2020.html', dataOf(a, 2020), fault(FAULTS.reset), fault(FAULTS.short));
  addReport('/a/2021.html', dataOf(a, 2021), fault(FAULTS.short), fault(FAULTS.loop));
  addReport('/a/2022.html', dataOf(a, 2022), fault(FAULTS.loop), fault(FAULTS.bomb));
  addReport('/a/2023.html', dataOf(a, 2023), fault(FAULTS.bomb), fault(FAULTS.huge));
  addReport('/a/2024.html', dataOf(a, 2024), fault(FAULTS.huge), null);
  addReport('/b/2020.html', dataOf(b, 2020), null, fault(FAULTS.stall));
  addReport('/b/2021.html', dataOf(b, 2021), fault(FAULTS.stall), yearLink('/b', B, 2022));
  addReport(KLINGON, dataOf(b, 2022), yearLink('/b', B, 2021), fault(FAULTS.pdf), true);
  addReport('/b/2023.html', dataOf(b, 2023), fault(FAULTS.pdf), null);

  // a real report page's first half, so the faults look like the pages they stand for
  const halfPage = Buffer.from(reportPage(dataOf(a, 2021), { prev: null, next: null }), 'utf8');
  const bomb = await gzipBomb(BOMB_INFLATED);
  const hugeSent: number[] = [];

  routes.set('/robots.txt', { body: 'User-agent: *\nAllow: /\n', contentType: 'text/plain' });
  routes.set(FAULTS.reset, (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(halfPage.length) });
    res.write(halfPage.subarray(0, halfPage.length >> 1));
    setTimeout(() => res.socket?.resetAndDestroy(), 20);
  });
  routes.set(FAULTS.short, (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(halfPage.length) });
    res.write(halfPage.subarray(0, 1000));
    setTimeout(() => res.socket?.end(), 20);
  });
  routes.set(FAULTS.loop, (req: IncomingMessage, res: ServerResponse, hits: number) => {
    res.writeHead(302, { location: `${FAULTS.loop}?n=${hits}` }).end();
  });
  routes.set(FAULTS.bomb, (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip', 'content-length': String(bomb.length) }).end(bomb);
  });
  routes.set(FAULTS.huge, (_req: IncomingMessage, res: ServerResponse) => {
    // written only as fast as the client reads (drain), so the server holds one 64 kB chunk at a time
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    const slot = hugeSent.push(0) - 1;
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let closed = false;
    res.on('close', () => (closed = true));
    res.write('<html><body><p>');
    const pump = () => {
      while (!closed && hugeSent[slot] < HUGE_BYTES) {
        hugeSent[slot] += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!closed) res.end();
    };
    pump();
  });
  routes.set(FAULTS.stall, (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.write('<html><head><meta charset="utf-8">');
    // and nothing more: the client gives up (its idle timeout) and closes
  });
  routes.set(FAULTS.pdf, {
    body: Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n', 'latin1'), Buffer.alloc(4000, 7)]),
    contentType: 'text/html; charset=utf-8',
  });

  const server = await startSite(routes);
  const url = (p: string) => server.origin + p;
  const starts = good.filter((g) => g.path !== KLINGON).map((g) => url(g.path));
  return { server, url, starts, good, hugeSent, bombBytes: bomb.length };
}

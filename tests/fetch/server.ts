/**
 * A real HTTP server on 127.0.0.1 (random port) for the fetch tests: routes are plain node:http
 * handlers that can misbehave (reset, stall, lie about Content-Length …); every request is logged
 * with its arrival time and headers so tests assert on what the server actually saw.
 */
import type * as http from 'node:http';
import { afterEach, expect } from 'vitest';
import { startSite } from '../../sites/server.js';
import { FetchError } from '../../scraper/fetch/contract.js';

export interface LoggedRequest {
  path: string;
  at: number;
  headers: http.IncomingHttpHeaders;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, hit: number) => void | Promise<void>;

export interface TestServer {
  origin: string;
  port: number;
  url(path: string): string;
  log: LoggedRequest[];
  /** requests to this path (query included) */
  hits(path: string): LoggedRequest[];
  route(path: string, handler: Handler): void;
  close(): Promise<void>;
}

/**
 * Start a server (the sites' one, sites/server.ts) whose routes match the path with its query
 * first, then without; a path without a route answers 404 (so robots.txt is absent unless routed).
 */
export async function startServer(routes: Record<string, Handler> = {}): Promise<TestServer> {
  const table = new Map(Object.entries(routes));
  const log: LoggedRequest[] = [];
  const counts = new Map<string, number>();
  const site = await startSite((req) => {
    const path = req.url ?? '/';
    log.push({ path, at: Date.now(), headers: req.headers });
    const key = table.has(path) ? path : path.split('?')[0];
    const handler = table.get(key);
    if (!handler) return undefined;
    const hit = (counts.get(key) ?? 0) + 1;
    counts.set(key, hit);
    return (rq, rs) => handler(rq, rs, hit);
  });
  return {
    origin: site.origin,
    port: site.port,
    url: (p) => site.origin + p,
    log,
    hits: (p) => log.filter((l) => l.path === p),
    route: (p, h) => void table.set(p, h),
    close: site.close,
  };
}

/** A small HTML page. */
export function page(body: string, head = '<meta charset="utf-8">'): string {
  return `<!doctype html><html><head>${head}<title>t</title></head><body>${body}</body></html>`;
}

export const html = (body: string): Handler => (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
};

export const robots = (text: string): Handler => (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' }).end(text);
};

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The FetchError a promise rejects with (the test fails if it resolves or throws anything else). */
export async function failure(p: Promise<unknown>): Promise<FetchError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(FetchError);
    return err as FetchError;
  }
  throw new Error('expected a FetchError, got a result');
}

/** A server starter whose servers are closed after each test of the calling file. */
export function serverPerTest(): (routes: Parameters<typeof startServer>[0]) => Promise<TestServer> {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return async (routes) => {
    const s = await startServer(routes);
    servers.push(s);
    return s;
  };
}

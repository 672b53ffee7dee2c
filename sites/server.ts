/**
 * The one small web server of the sites (the demo site, the crawler's and the fetcher's test
 * sites, the extension's pages): 127.0.0.1 only, a random port, routes from path to page (or to a
 * handler that misbehaves on purpose, or a lookup of the caller's own: by Host, by query), and a
 * log of every request so tests can say what was and was not asked for.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Page {
  status?: number;
  /** HTML text (sent as UTF-8) or bytes (sent as they are) */
  body: string | Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
}

export type Route = Page | ((req: IncomingMessage, res: ServerResponse, hits: number) => void | Page | Promise<void | Page>);

/** A route table by path, or a lookup of the caller's own (undefined: 404). */
export type Routes = Map<string, Route> | Record<string, Route> | ((req: IncomingMessage, path: string) => Route | undefined);

export interface SiteServer {
  origin: string;
  port: number;
  /** every request as "METHOD path", in order */
  log: string[];
  /** requests per path */
  hits: Map<string, number>;
  /** user agents seen */
  agents: Set<string>;
  /** performance.now() of the first and the latest request (for throughput figures) */
  timing: { first: number | null; last: number | null };
  close(): Promise<void>;
}

function send(res: ServerResponse, page: Page): void {
  // bytes go out as they are (no copy): a site serving the same page again costs no encoding
  const body = typeof page.body === 'string' ? Buffer.from(page.body, 'utf8') : page.body;
  res.writeHead(page.status ?? 200, {
    'content-type': page.contentType ?? 'text/html; charset=utf-8',
    'content-length': String(body.length),
    ...page.headers,
  });
  res.end(body);
}

export async function startSite(routes: Routes): Promise<SiteServer> {
  const table = typeof routes === 'function' || routes instanceof Map ? routes : new Map(Object.entries(routes));
  const lookup = typeof table === 'function' ? table : (_req: IncomingMessage, path: string) => table.get(path);
  const log: string[] = [];
  const hits = new Map<string, number>();
  const agents = new Set<string>();
  const timing: SiteServer['timing'] = { first: null, last: null };
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    log.push(`${req.method} ${path}`);
    timing.first ??= performance.now();
    timing.last = performance.now();
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    if (req.headers['user-agent']) agents.add(req.headers['user-agent']);
    const route = lookup(req, path);
    try {
      if (!route) return send(res, { status: 404, body: '<html><body><h1>404</h1><p>页面不存在</p></body></html>' });
      if (typeof route === 'function') {
        const page = await route(req, res, n);
        if (page && !res.headersSent) send(res, page);
        return;
      }
      send(res, route);
    } catch (err) {
      if (!res.headersSent) send(res, { status: 500, body: String(err) });
      else res.destroy();
    }
  });
  // Node's own default (5 s), as servers keep connections (Apache 5 s, nginx 75 s). At 1 s, Node's
  // client reads the server's `Keep-Alive: timeout=1` as too short to reuse and opened a connection
  // for every request: the many-sites bench then measured connection set-up on both sides.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    log,
    hits,
    agents,
    timing,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

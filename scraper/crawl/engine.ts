/**
 * The crawl engine: from start pages, walk a column's 上一条/下一条 chain both ways into the
 * store. Every step is one transaction (fetched → stored; parsed → record + neighbours queued),
 * so a run that stops anywhere is resumed by running it again. Politeness (robots.txt, one
 * request at a time per host, delays, retries) is the fetcher's; pages of different hosts are
 * walked side by side. While a page's tables are read, the neighbour its links name is already
 * being asked for (when the walk will surely go there), so parsing overlaps the next request.
 *
 * One method per step, as Crawlee's BasicCrawler: `launchReady` (which rows may start now),
 * `handleRow` → `fetchStep` → `parseStep` (→ `renderIfNeeded`, `linksFrom`, `attachmentStep`), `prefetch`.
 *
 * On a store several workers share (Postgres), `runShared` takes the place of the walk's own
 * scheduling: rows are claimed from the shared frontier with their origin's lease (`launchClaimed`),
 * the lease is given back after the request with the delay still to wait (the larger of --delay and
 * the site's Crawl-delay), report files and renderings are asked for under the same lease
 * (origin-leases.ts), robots.txt is read from the store when another worker asked for it, and
 * nothing is asked for early (another worker may claim that neighbour).
 */
import { attachmentStep, type AttachmentOutcome } from './attachments.js';
import { better, isReport, needsBrowser, nextLinks, normaliseUrl, type BrowserMode } from './chain.js';
import { readOptions, responseText } from './stored-page.js';
import { defaultParseThreads, ParsePool, type PoolReading } from './parse-pool.js';
import { textOf, type NavUrls, type PageSource } from './page-reading.js';
import { summarise, type CrawlSummary } from './summary.js';
import { updateSeries } from '../store/series.js';
import { isShared, wholeRecord, type FrontierRow, type NewLink, type RecordFacts, type ResponseRow, type RowNote, type SharedFrontier, type StorableRecord, type Store } from '../store/contract.js';
import { FETCH_DEFAULTS, FetchError, type Fetcher, type FetchResult } from '../fetch/contract.js';
import { DEFAULT_LEASE_MS, WorkerPresence } from './worker.js';
import { OriginLeases } from './origin-leases.js';

export type { CrawlError, CrawlSummary } from './summary.js';

export interface CrawlOptions {
  store: Store;
  fetcher: Fetcher;
  browser?: BrowserMode;
  /** stop once the store holds this many requested pages */
  maxPages?: number;
  /** non-report pages in a row the walk passes through (default 5) */
  maxGap?: number;
  /** how many runs may try a page that failed in a retryable way (default 3) */
  maxAttempts?: number;
  /**
   * sites (origins: scheme://host:port) walked at the same time (default 16). Each still sees one
   * request at a time with its delay and Crawl-delay (the fetcher's HostGate); the cap on requests
   * in flight over all sites is the fetcher's (`maxInFlight`).
   */
  origins?: number;
  /**
   * pages of one origin in hand at once (default 2): one is parsed while the fetcher asks for the
   * other, so parsing overlaps the per-origin delay. Requests to an origin stay one at a time.
   */
  pagesPerOrigin?: number;
  /** the fetcher's delay between requests to one origin: on a shared store, kept between workers too (default the fetcher's default) */
  delayMs?: number;
  /** on a shared store: how long a claim lasts unrenewed, so a dead worker's rows move on (default 30 s) */
  leaseMs?: number;
  /**
   * Ask again, conditionally (ETag / Last-Modified of the stored copy), for the newest report of
   * each body and the pages at the ends of each walk, so a report published since is found; an
   * unchanged page costs one 304.
   */
  refresh?: boolean;
  /** worker threads reading pages (default: as many as the cores); 0 reads them on the main thread */
  parseThreads?: number;
  onProgress?: (p: CrawlProgress) => void;
  onNote?: (msg: string) => void;
  signal?: AbortSignal;
}

export interface CrawlProgress {
  fetched: number;
  reports: number;
  errors: number;
  host: string | null;
  url: string | null;
  /** origins with a page in hand right now */
  origins: number;
  /** rows waiting to be started (the walk adds more as it goes) */
  queued: number;
}

/** A page just fetched: its stored response, and its bytes with their encoding (decoded where it is read). */
type Fetched = { resp: ResponseRow; page: { bytes: Uint8Array; encoding: string } };

/** On a shared store, how often a worker with nothing to claim looks again (other workers add rows as they parse). */
const POLL_MS = 100;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
};

/** The unit of politeness, as in the fetcher: two ports of one machine are two sites. */
const originOf = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
};

export const DEFAULT_ORIGINS = 16;
/** pages fetched and waiting for a parse thread, past which no new row starts */
const MAX_READING_BACKLOG = 8;

/** Adds `by` to a key's count, dropping the key at zero (so `size` is the keys in use). */
function count(m: Map<string, number>, key: string, by: number): void {
  const n = (m.get(key) ?? 0) + by;
  if (n > 0) m.set(key, n);
  else m.delete(key);
}

/**
 * How late a step of a crawl on a store of its own may reach the file: one commit for all the
 * steps of 50 ms instead of two a page (100 sites × 20 pages: the main thread's CPU 7.2 → 5.8 s
 * and 8.1 → 7.5 s in two side-by-side pairs). A kill loses at most this much work, done again next run.
 */
const WRITE_GROUP_MS = 50;

export async function crawl(startUrls: string[], opts: CrawlOptions): Promise<CrawlSummary> {
  return new Crawler(opts).run(startUrls);
}

class Crawler {
  private readonly store: Store;
  private readonly fetcher: Fetcher;
  private readonly mode: BrowserMode;
  private readonly maxGap: number;
  private readonly maxAttempts: number;
  private readonly maxPages: number;
  private readonly originSlots: number;
  private readonly pagesPerOrigin: number;
  private readonly progress: CrawlProgress = { fetched: 0, reports: 0, errors: 0, host: null, url: null, origins: 0, queued: 0 };
  /** rows started in this run: each is tried once per run */
  private readonly tried = new Set<string>();
  /**
   * Origins with rows in hand, and how many: what --origins limits. An origin is let go between
   * two of its pages, so with more origins than slots they take turns; an early request for its
   * next page (prefetch) goes on meanwhile, within the fetcher's cap on requests in flight.
   */
  private readonly busy = new Map<string, number>();
  private readonly inflight = new Map<string, Promise<void>>();
  /**
   * Neighbours asked for while the page that links them is still being read: the same requests
   * the walk makes next, through the same polite fetcher, only started earlier so the server's
   * answer overlaps our parsing. Kept in memory only; a kill just loses them.
   */
  private readonly prefetched = new Map<string, Promise<FetchResult | null>>();
  /**
   * The rows this run may still start, oldest first (alone on a store only): read from the store
   * once, then added to as pages are parsed. Asking the store for every pending row each time a
   * page finished cost a query and a few hundred row objects per page (quadratic in the frontier).
   */
  private waiting: FrontierRow[] | null = null;
  /** pages being requested right now: with the store's count, what --max-pages limits */
  private requesting = 0;
  private fetchedThisRun = 0;
  /** the shared frontier, when the store is one several workers use */
  private readonly shared: (Store & SharedFrontier) | null;
  private readonly presence: WorkerPresence;
  /** on a shared store: the origins this worker holds the lease of */
  private readonly leases: OriginLeases | null;
  /** the fetcher report files are asked for through: on a shared store, under their origin's lease */
  private readonly fileFetcher: Fetcher;
  private readonly startedAt = new Date().toISOString();
  /** where pages are read: worker threads, started by `run` and ended on its way out */
  private pool: ParsePool | null = null;

  constructor(private readonly opts: CrawlOptions) {
    this.store = opts.store;
    this.fetcher = opts.fetcher;
    this.mode = opts.browser ?? 'auto';
    this.maxGap = opts.maxGap ?? 5;
    this.maxAttempts = opts.maxAttempts ?? 3;
    this.maxPages = opts.maxPages ?? Infinity;
    this.originSlots = Math.max(1, opts.origins ?? DEFAULT_ORIGINS);
    this.pagesPerOrigin = Math.max(1, opts.pagesPerOrigin ?? 2);
    this.shared = isShared(opts.store) ? opts.store : null;
    this.presence = new WorkerPresence(opts.store, opts.leaseMs ?? DEFAULT_LEASE_MS, (m) => opts.onNote?.(m), () => this.leases?.origins() ?? []);
    this.leases = this.shared
      ? new OriginLeases(this.shared, { worker: this.presence.id, leaseMs: this.presence.leaseMs, delayOf: (url) => this.delayOf(url), onNote: opts.onNote, sleep })
      : null;
    this.fileFetcher = this.shared ? this.leasedFetcher() : this.fetcher;
  }

  /** The fetcher with every request made under its origin's lease (a shared store). */
  private leasedFetcher(): Fetcher {
    const f = this.fetcher;
    return {
      fetch: (url, call) => this.withOrigin(url, () => f.fetch(url, call)),
      render: (url) => this.withOrigin(url, () => f.render(url)),
      allowed: (url) => f.allowed(url),
      close: () => f.close(),
    };
  }

  /** The delay to keep after a request to the URL's origin: --delay, or the site's Crawl-delay when larger (the fetcher reads it from robots.txt). */
  private delayOf(url: string): number {
    return Math.max(this.opts.delayMs ?? FETCH_DEFAULTS.delayMs, this.fetcher.delayOf?.(url) ?? 0);
  }

  async run(startUrls: string[]): Promise<CrawlSummary> {
    await this.enqueueStarts(startUrls);
    if (this.opts.refresh) await this.requeueForRefresh();
    // pages whose report file the server failed to give in an earlier run: read again, the file asked for again
    await this.store.retryNoted('attachment', this.startedAt);
    await this.trustStarts(startUrls);
    // one worker asks a site for its robots.txt; the others read the answer from the store
    if (this.shared) this.fetcher.shareRobots?.(this.shared);
    this.progress.reports = await this.store.countReports();
    await this.presence.start();
    let stoppedBy: CrawlSummary['stoppedBy'] = 'done';
    this.pool = new ParsePool(this.opts.parseThreads ?? defaultParseThreads(this.shared !== null), (m) => this.opts.onNote?.(m));
    // a store of its own commits this run's steps together (contract.ts: groupWrites)
    if (!this.shared) this.store.groupWrites?.(WRITE_GROUP_MS);
    try {
      stoppedBy = this.shared ? await this.runShared(this.shared) : await this.runAlone();
    } finally {
      await Promise.allSettled(this.inflight.values());
      await this.pool.close();
      await this.presence.end(stoppedBy === 'aborted' ? 'stopped' : 'done');
      this.store.groupWrites?.(0);
    }
    // on a shared store the last worker to end computes them (worker.ts); on a store of its own, now,
    // this run's own reports read back without the schema check (reportsMadeHere)
    if (this.shared) await this.presence.seriesAtEnd(stoppedBy === 'done');
    else await updateSeries(this.store, this.reportsMadeHere);
    return { ...(await summarise(this.store, this.fetchedThisRun, stoppedBy)), unchanged: this.unchanged };
  }

  /** The walk's own scheduling, for a store this process has to itself. */
  private async runAlone(): Promise<CrawlSummary['stoppedBy']> {
    let stoppedBy: CrawlSummary['stoppedBy'] = 'done';
    for (;;) {
      if (this.opts.signal?.aborted) {
        stoppedBy = 'aborted';
        break;
      }
      const { launched, blockedByLimit } = await this.launchReady();
      if (this.inflight.size === 0) {
        if (blockedByLimit) stoppedBy = 'max-pages';
        if (launched === 0) break;
      }
      if (this.inflight.size > 0) await Promise.race(this.inflight.values());
    }
    return stoppedBy;
  }

  /**
   * Several workers, one frontier: claim what is free, up to `origins` origins at once
   * (16 by default here: the origins are the whole crawl's, not this process's); when nothing is
   * free, look again when the earliest origin frees, when a row of ours ends and its origin's
   * delay is over (its neighbour is queued by then), or after POLL_MS (other workers queue rows
   * too) — not at every row's end, which mostly finds its origin still waiting out the delay.
   * Stop when the store has no work left at all: rows other workers hold count, as they may add more.
   */
  private async runShared(shared: Store & SharedFrontier): Promise<CrawlSummary['stoppedBy']> {
    const limit = this.originSlots;
    for (;;) {
      if (this.opts.signal?.aborted) return 'aborted';
      const room = limit - this.inflight.size;
      if (room > 0 && Date.now() >= this.lookAt) {
        if (this.maxPages !== Infinity && (await this.store.countRequested()) + this.requesting >= this.maxPages) {
          if (this.inflight.size === 0) return 'max-pages';
          this.lookAt = Date.now() + POLL_MS;
        } else {
          const got = await this.launchClaimed(shared, room);
          if (!got.more && got.launched === 0 && this.inflight.size === 0) return 'done';
          // every slot filled: look as soon as one frees; else when the next origin frees, or after POLL_MS at most
          this.lookAt = got.launched === room ? 0 : Date.now() + Math.min(got.waitMs ?? POLL_MS, POLL_MS);
          continue;
        }
      }
      const pause = sleep(room > 0 ? Math.max(0, this.lookAt - Date.now()) : POLL_MS);
      await Promise.race([pause, ...this.inflight.values()]);
    }
  }

  /** On a shared store: when to claim next (ms since epoch). */
  private lookAt = 0;

  /** Claims up to `room` rows (each with its origin's lease) and starts them. */
  private async launchClaimed(shared: Store & SharedFrontier, room: number): Promise<{ launched: number; more: boolean; waitMs: number | null }> {
    const c = await shared.claim({ worker: this.presence.id, limit: room, maxAttempts: this.maxAttempts, leaseMs: this.presence.leaseMs, since: this.startedAt });
    for (const row of c.rows) {
      this.leases!.claimed(row.url);
      this.launch(row, hostOf(row.url));
      // when it ends its neighbour is queued: look for work then, or once its origin's delay is over
      void this.inflight.get(row.url)!.then(() => (this.lookAt = Math.min(this.lookAt, this.leases!.readyAt(row.url))));
    }
    return { launched: c.rows.length, more: c.more, waitMs: c.waitMs };
  }

  /** Gives a claimed row's origin back: after a request, not to be asked again before the delay (its Crawl-delay if larger). */
  private async releaseOrigin(url: string, requested: boolean): Promise<void> {
    await this.leases?.release(url, requested);
  }

  /**
   * The URLs of the reports this run stored, as the parser made them: the series update at the end
   * need not check them against the schema again (contract.ts recordMadeHere). Only on a store this
   * process has to itself: on a shared one another worker may write a URL after us.
   */
  private readonly reportsMadeHere = new Set<string>();

  /** pages a refresh found unchanged (304) */
  private unchanged = 0;

  /**
   * `--refresh`: the newest report of each body, and every page where a walk ended (no 上一篇 or
   * no 下一篇 link), go back in the queue; a newer report is linked from one of them.
   */
  private async requeueForRefresh(): Promise<void> {
    const newest = new Map<string, { url: string; year: number }>();
    const again = new Set<string>();
    for (const r of await this.store.recordRows()) {
      if (r.is_report && r.entity && r.year !== null && (newest.get(r.entity)?.year ?? -Infinity) < r.year) newest.set(r.entity, { url: r.url, year: r.year });
      const json = await this.store.recordJson(r.url);
      const nav = json ? (JSON.parse(json) as RecordFacts).nav : null;
      if (!nav?.prev?.url || !nav?.next?.url) again.add(r.url);
    }
    for (const n of newest.values()) again.add(n.url);
    const rows: string[] = [];
    for (const url of again) {
      const f = await this.store.frontierOf(url, url);
      if (f) rows.push(f.url);
    }
    await this.store.requeue(rows);
  }

  /** The validators of the stored copy of a page, for a conditional request; none when there is none. */
  private async validators(url: string): Promise<{ etag?: string; lastModified?: string } | undefined> {
    if (!this.opts.refresh) return undefined;
    const stored = await this.store.response(url, 'static');
    if (!stored || stored.status !== 200) return undefined;
    const h = JSON.parse(stored.headers) as Record<string, string>;
    return h.etag || h['last-modified'] ? { etag: h.etag, lastModified: h['last-modified'] } : undefined;
  }

  /**
   * The start URLs' kinds of address (loopback, private …) may be connected to in this crawl;
   * a link or redirect to another kind is refused by the fetcher. A resumed crawl trusts the
   * start URLs its store names, as the run that queued them did.
   */
  private async trustStarts(startUrls: string[]): Promise<void> {
    if (!this.fetcher.allowStart) return;
    const starts = new Set(startUrls.map((u) => normaliseUrl(u)).filter((u): u is string => u !== null));
    for (const row of await this.store.pending(this.maxAttempts)) starts.add(row.start_url);
    const hosts = new Map<string, string>();
    for (const u of starts) hosts.set(hostOf(u), u);
    for (const u of hosts.values()) await this.fetcher.allowStart(u);
  }

  private async enqueueStarts(startUrls: string[]): Promise<void> {
    for (const raw of startUrls) {
      const url = normaliseUrl(raw);
      if (!url) throw new FetchError('other', `not an http(s) URL: ${raw}`, raw, false);
      await this.store.enqueue({ url, startUrl: url, direction: 'start', gap: 0, depth: 0, foundFrom: null, linkTitle: null });
    }
  }

  /**
   * Starts every pending row its origin and the page limit allow now. Rows are taken oldest
   * first, so when an origin's page is done while others wait for a slot, the slot goes to the
   * one that waited longest: with more origins than slots every origin moves on in turn.
   */
  private async launchReady(): Promise<{ launched: number; blockedByLimit: boolean }> {
    this.waiting ??= (await this.store.pending(this.maxAttempts)).filter((r) => !this.tried.has(r.url));
    let launched = 0;
    let blockedByLimit = false;
    const left: FrontierRow[] = [];
    for (const row of this.waiting) {
      const origin = originOf(row.url);
      if (!this.originHasRoom(origin) || this.readingBehind()) {
        left.push(row);
        continue;
      }
      if (row.state !== 'fetched' && this.maxPages !== Infinity && (await this.store.countRequested()) + this.requesting >= this.maxPages) {
        blockedByLimit = true;
        left.push(row);
        continue;
      }
      this.launch(row, origin);
      launched++;
    }
    this.waiting = left;
    this.progress.queued = left.length;
    return { launched, blockedByLimit };
  }

  /** The rows a parsed page added to the frontier join the run's waiting rows (in the store's order). */
  private async admit(links: NewLink[]): Promise<void> {
    if (!this.waiting) return;
    for (const l of links) {
      if (l.skip || this.tried.has(l.url)) continue;
      const row = await this.store.frontier(l.url);
      if (!row || row.state !== 'queued' || this.tried.has(row.url) || this.waiting.some((w) => w.id === row.id)) continue;
      let i = this.waiting.length;
      while (i > 0 && this.waiting[i - 1].id > row.id) i--;
      this.waiting.splice(i, 0, row);
    }
  }

  /**
   * Reading is the crawl's bottleneck when the machine is busy: pages fetched faster than the
   * threads read them only wait and fill the memory (100 sites at once on a loaded machine, while
   * pages waited as text: the main thread's heap peaked at 212 MB, 153 MB with this). Past a few
   * waiting pages no new row starts; the rows in flight end as the threads catch up.
   */
  private readingBehind(): boolean {
    return this.pool !== null && this.pool.backlog >= Math.max(MAX_READING_BACKLOG, 2 * this.pool.size);
  }

  private originHasRoom(origin: string): boolean {
    if (this.busy.size >= this.originSlots && !this.busy.has(origin)) return false;
    return (this.busy.get(origin) ?? 0) < this.pagesPerOrigin;
  }

  private launch(row: FrontierRow, origin: string): void {
    this.tried.add(row.url);
    count(this.busy, origin, +1);
    this.progress.origins = this.busy.size;
    this.progress.host = hostOf(row.url);
    this.progress.url = row.url;
    this.emit();
    const p = this.handleRow(row).finally(() => {
      count(this.busy, origin, -1);
      this.progress.origins = this.busy.size;
      this.inflight.delete(row.url);
      this.emit();
    });
    this.inflight.set(row.url, p);
  }

  private emit(): void {
    this.opts.onProgress?.({ ...this.progress });
  }

  /** One row: fetched unless it already was, then parsed; a failure of our own is recorded on the row. */
  private async handleRow(row: FrontierRow): Promise<void> {
    try {
      let fetched: Fetched | undefined;
      if (row.state !== 'fetched') {
        const r = await this.fetchStep(row);
        if (!r) return;
        fetched = r;
      } else await this.releaseOrigin(row.url, false);
      // the row as claimed or queued: fetching changed none of what the parse step reads of it (its place in the walk)
      await this.parseStep(row, fetched);
    } catch (err) {
      // a failure of our own (store, parser bug): recorded on the row, the walk goes on
      await this.store.markFailed(row.url, err instanceof FetchError ? err : new FetchError('other', (err as Error).message, row.url, false));
      this.progress.errors++;
      this.opts.onNote?.(`${row.url}: ${(err as Error).message}`);
    }
  }

  /**
   * Fetches a queued page; robots.txt is the fetcher's to apply (a refusal comes back as a 'robots'
   * error). On a shared store the origin is given back as soon as the site has answered: storing
   * the answer asks the site nothing, and the delay runs meanwhile.
   */
  private async fetchStep(row: FrontierRow): Promise<Fetched | null> {
    this.requesting++;
    let released: Promise<void> | null = null;
    const release = () => (released ??= this.releaseOrigin(row.url, true));
    try {
      const early = this.prefetched.get(row.url);
      this.prefetched.delete(row.url);
      const conditional = early ? undefined : await this.validators(row.url);
      const asked = this.mode === 'always' ? this.fetcher.render(row.url) : early?.then((r) => r ?? this.fetcher.fetch(row.url)) ?? this.fetcher.fetch(row.url, conditional ? { conditional } : {});
      const res = await asked.finally(() => void release());
      if (res.status === 304) {
        // unchanged since we stored it: its record and links stand
        await this.store.markUnchanged(row.url);
        this.fetchedThisRun++;
        this.unchanged++;
        return null;
      }
      const saved = await this.store.saveResponse(row.url, res, true);
      this.fetchedThisRun++;
      this.presence.pages++;
      this.progress.fetched++;
      return { resp: saved, page: { bytes: res.body, encoding: res.encoding } };
    } catch (err) {
      await this.store.markFailed(row.url, err as Error);
      const fe = err as FetchError;
      if (fe.kind !== 'robots' || fe.retryable) {
        this.progress.errors++;
        this.presence.failures++;
        this.opts.onNote?.(`${row.url}: ${fe.kind ?? 'error'}${fe.status ? ` ${fe.status}` : ''}: ${fe.message}`);
      }
      return null;
    } finally {
      this.requesting--;
      await release();
    }
  }

  /** Parses a stored page (rendering it first when it needs the browser) and queues its neighbours. */
  private async parseStep(row: FrontierRow, justFetched?: Fetched): Promise<void> {
    // the response just stored is the one the stored ones would give (static, or the rendering with --browser always)
    const primary = justFetched?.resp ?? (await this.storedPrimary(row));
    if (!primary) throw new Error(`no stored response for ${row.url}`);
    const src: PageSource = justFetched ? justFetched.page : await responseText(this.store, primary);
    const first = await this.read(primary, src, (nav) => this.prefetch(row, primary.final_url, nav));
    const { rec, files, used, note: renderNote } = await this.renderIfNeeded(row, primary, first, () => textOf(src));
    const got = await this.attachments(used, rec, files);
    // a page whose report is its file is a report page: its links count as a report's (the file's record keeps the page's nav)
    const { links, note: offsiteNote } = this.linksFrom(row, used, got.rec);
    const note = renderNote ?? offsiteNote ?? got.note;
    // the file read beside the page's own tables first: a kill between the two leaves the page to be parsed again
    if (got.beside) await this.store.saveReparsed(got.beside.responseId, got.beside.rec, false, [], null);
    await this.store.saveParsed(row.url, got.fileResponseId ?? used.id, got.rec, isReport(got.rec), links, note);
    await this.admit(links);
    // the live count, kept without a query per page (a re-parsed report may count twice; the summary recounts)
    if (isReport(got.rec)) this.progress.reports++;
    if (isReport(got.rec) && got.rec.source.url !== null && !this.shared) this.reportsMadeHere.add(got.rec.source.url);
  }

  /**
   * The attachment step, for a page that links report files: only there is the whole record
   * needed (its tables are compared with the file's); any other page's record goes on as it was read.
   */
  private async attachments(used: ResponseRow, rec: StorableRecord, files: PoolReading['files']): Promise<Omit<AttachmentOutcome, 'rec'> & { rec: StorableRecord }> {
    if (files.length === 0) return { rec, fileResponseId: null, beside: null, note: null };
    return attachmentStep({ store: this.store, fetcher: this.fileFetcher, onNote: this.opts.onNote }, { pageUrl: used.final_url, rec: wholeRecord(rec), files });
  }

  /** The stored response a page is read from: the static one, or the rendering with --browser always (each the other when it is missing). */
  private async storedPrimary(row: FrontierRow): Promise<ResponseRow | undefined> {
    const [first, second] = this.mode === 'always' ? (['browser', 'static'] as const) : (['static', 'browser'] as const);
    return (await this.store.response(row.url, first)) ?? (await this.store.response(row.url, second));
  }

  /** A stored response read in the pool (its text given when at hand); `onNav` hears its neighbours before its tables are read. */
  private async read(resp: ResponseRow, src?: PageSource, onNav?: (nav: NavUrls) => void): Promise<PoolReading> {
    return this.pool!.read(src ?? (await responseText(this.store, resp)), readOptions(resp), onNav);
  }

  /**
   * In `auto` mode, a static page that shows no report or draws its links by script is rendered
   * (once; the rendering is stored) and the better of the two readings kept.
   */
  private async renderIfNeeded(row: FrontierRow, primary: ResponseRow, first: PoolReading, html: () => string) {
    let { rec, files } = first;
    let used = primary;
    let note: RowNote | null = null;
    const why = this.mode === 'auto' && primary.via === 'static' ? needsBrowser(rec, html) : null;
    if (!why) return { rec, files, used, note };
    let rendered = await this.store.response(row.url, 'browser');
    if (!rendered) {
      try {
        rendered = await this.store.saveResponse(row.url, await this.withOrigin(row.url, () => this.fetcher.render(row.url)), false);
      } catch (err) {
        note = { kind: 'browser', message: `needed a browser (${why}) but rendering failed: ${(err as Error).message}` };
        this.opts.onNote?.(`${row.url}: ${note.message}`);
      }
    }
    if (rendered) {
      const r2 = await this.read(rendered);
      if (better(rec, r2.rec) === r2.rec) {
        ({ rec, files } = r2);
        used = rendered;
      }
    }
    return { rec, files, used, note };
  }

  /**
   * The neighbours to queue. A start page may redirect to its canonical host; a neighbour that
   * redirects elsewhere has left the site, and the walk does not follow it there.
   */
  private linksFrom(row: FrontierRow, used: ResponseRow, rec: RecordFacts): { links: NewLink[]; note: RowNote | null } {
    if (row.direction !== 'start' && hostOf(used.final_url) !== hostOf(row.url))
      return { links: [], note: { kind: 'offsite', message: `redirected to another host (${hostOf(used.final_url)}): its links are not followed` } };
    return { links: nextLinks(used.final_url, rec, { startUrl: row.start_url, gap: row.gap, depth: row.depth }, { maxGap: this.maxGap }), note: null };
  }

  /** A request outside a claim (a rendering, a report file): on a shared store, made holding the origin's lease, waiting for it if another worker has it. */
  private async withOrigin<T>(url: string, request: () => Promise<T>): Promise<T> {
    if (!this.leases) return request();
    await this.leases.acquire(url);
    try {
      return await request();
    } finally {
      await this.leases.release(url, true);
    }
  }

  /** Asks for the page's neighbours early, only where the walk will surely follow them and counts nothing. */
  private prefetch(row: FrontierRow, pageUrl: string, nav: NavUrls): void {
    // on a shared store another worker may claim the neighbour: asking early would ask twice
    if (this.shared || this.mode === 'always' || this.maxPages !== Infinity || row.gap + 1 > this.maxGap || this.opts.signal?.aborted) return;
    // a page that redirected off its host is not walked on from (linksFrom): nothing to ask for
    if (row.direction !== 'start' && hostOf(pageUrl) !== hostOf(row.url)) return;
    for (const link of nav) {
      const url = link ? normaliseUrl(link) : null;
      if (!url || url === normaliseUrl(pageUrl) || hostOf(url) !== hostOf(pageUrl) || this.prefetched.has(url)) continue;
      // a URL the store knows already is the walk's own: nothing asked for early (null)
      const p = this.store.known(url).then((known) => (known ? null : this.fetcher.fetch(url)));
      p.catch(() => {}); // its error is met when the walk reaches the URL
      this.prefetched.set(url, p);
    }
  }
}

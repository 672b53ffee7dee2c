/**
 * Pages read off the main thread. Decoding and reading a ~110 KB report page is most of a
 * crawl's CPU; on one thread it holds up every fetch, store write and timer of every site walked at
 * once. A small pool of worker threads (as many as the cores) reads the pages
 * instead, the main thread fetching and storing meanwhile. Each thread runs readPage — pure, so the
 * record is the same as on the main thread — and sends the page's neighbours back as soon as its
 * links are known, before the tables are read, so the walk can ask for them early.
 *
 * A thread that cannot start (or dies) is dropped and its page read on the main thread; with no
 * thread left the pool says so once and reads every page there. Threads hold the process only
 * while they have a page: an idle pool never keeps a finished crawl from exiting.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { readPage, type NavUrls, type PageReading, type PageSource, type ReadOptions } from './page-reading.js';
import { threadEntry } from './thread-entry.js';
import { RecordText, type RecordFacts, type StorableRecord } from '../store/contract.js';

/**
 * A parse thread's young generation, in MB. A page's garbage (its tree, units, strings: ~1.8 MB
 * for a 110 KB page) dies with the page, but every scavenge copies what the page being read still
 * holds, and at 12 MB one came every ~2 pages. V8's default lets each thread grow ~3× as large,
 * and with two threads beside the main one that was ~40 MB of the crawl's peak (100 sites × 20
 * pages: 395–400 → 351–371 MB peak RSS). 20 MB, once the CLI ran without a module-loader thread:
 * a parse thread alone, 1,000 pages, three runs each: 7.4 → 6.6 s CPU; the 100-site crawl, three
 * runs each in turn: span 11.4–12.2 → 9.8–11.2 s, peak RSS 338–349 → 360–379 MB.
 */
const THREAD_YOUNG_MB = 20;

export type ToThread = { id: number; src: PageSource; opts: ReadOptions };
/**
 * A reading comes back with its record as JSON text: cloning the record object for the message
 * cost the thread ~3× what stringifying it does (the record's many small objects), and the store
 * keeps that same text. Beside it come the record's facts (RecordText): all the crawl reads of the
 * record, so the main thread never parses the text back.
 */
export type FromThread = { id: number; nav: NavUrls } | { id: number; recJson: string; facts: RecordFacts; files: PageReading['files'] } | { id: number; error: string };

/** A page's reading from the pool: its record whole (read on this thread) or as its text and facts (read in a thread). */
export type PoolReading = Omit<PageReading, 'rec'> & { rec: StorableRecord };

interface Job {
  id: number;
  src: PageSource;
  opts: ReadOptions;
  onNav?: (nav: NavUrls) => void;
  resolve: (r: PoolReading) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  /** pages sent to the thread and not yet answered, oldest first */
  jobs: Job[];
}

/**
 * Pages a thread holds at once: the one it reads and the next ones, waiting in its own inbox. With
 * one at a time, a thread that finished a page waited for the main thread to hear of it and send
 * the next; on two cores the main thread is often not running then (three busy threads share
 * them) or is in a long turn of fetches and store writes, so with 10–98 pages queued each thread
 * still waited ~2.9 ms a page (2.9 s of 1,000 pages) and the cores idled. Cores busy over the span
 * of 100 sites × 20 pages, runs in turn: one page 1.76–1.78, two 1.82–1.84, four 1.85–1.89, eight
 * 1.90–1.91, sixteen 1.92–1.95. More than eight adds little and lets one slow page hold more
 * pages behind it while the other thread runs dry. Busier threads' heaps grow further between full
 * collections: peak RSS of that crawl 316–330 → 332–368 MB (docs/scale.md).
 */
export const PAGES_PER_THREAD = 8;

/**
 * …and no more bytes than this of them, unless the one it reads is larger alone: eight ~110 KB
 * report pages, but a page of 10 MB (the fetch's cap) one at a time, as before, so that large pages
 * in the threads' hands cannot add up to more than the reading backlog already allows.
 */
export const THREAD_HOLD_BYTES = 4 * 1024 * 1024;

/** A page's size as the pool counts it: its bytes, or its characters when it came as text. */
const sizeOf = (src: PageSource): number => (typeof src === 'string' ? src.length : src.bytes.byteLength);

/** The sizes of the pages a thread holds, added up (eight at most: counted when asked, never kept). */
const heldBy = (slot: Slot): number => slot.jobs.reduce((n, j) => n + sizeOf(j.src), 0);

/** A page's bytes as a view of exactly their own buffer: a message carries a view's whole buffer (a pooled Buffer's is shared). */
function ownBytes(src: PageSource): PageSource {
  if (typeof src === 'string' || (src.bytes.byteOffset === 0 && src.bytes.byteLength === src.bytes.buffer.byteLength)) return src;
  return { ...src, bytes: src.bytes.slice() };
}

/**
 * A crawl alone on its store: as many as the cores. The main thread only fetches and stores (a
 * page's decoding and reading are the thread's), a third of a page's CPU; with one fewer threads
 * than cores, the threads were the crawl's bottleneck while the main thread's core idled half the
 * time (2 cores, 100 sites × 20 pages: 24–25 s with one thread, 9.5–18 s with two, same run).
 *
 * A worker on a shared store: none, its pages read on its main thread. Workers are how a shared
 * crawl uses a machine (one per core, docs/scale.md), and every thread is a JavaScript engine of
 * its own that warms up — compiles the reader afresh — before it is quick: three workers on 2
 * cores each with a parse thread were six engines warming up at once, with none three (60 sites ×
 * 20 pages, three runs each in turn: span 7.3–8.0 s → 6.3–7.2 s, the workers' CPU 15.2–16.8 s →
 * 12.1–14.7 s). Before that, two threads a worker against one: 7.7–8.6 s → 6.0–7.5 s.
 */
export function defaultParseThreads(shared: boolean): number {
  return shared ? 0 : Math.max(1, availableParallelism());
}

export class ParsePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private noted = false;
  /** the threads' code being made ready (thread-entry.ts): pages wait in the queue meanwhile */
  private starting: Promise<void> | null = null;

  /** `threads` 0: every page read on the main thread. */
  constructor(
    threads: number,
    private readonly onNote: (msg: string) => void = () => {},
  ) {
    if (threads > 0)
      this.starting = threadEntry().then((entry) => {
        this.starting = null;
        if (this.closed) return;
        for (let i = 0; i < threads; i++) this.startThread(entry);
        if (this.slots.length > 0) this.dispatch();
      });
  }

  /** Threads reading pages now (0 once none could start). */
  get size(): number {
    return this.slots.length;
  }

  /** Pages waiting for a thread (their bytes or text held meanwhile), not those a thread holds. */
  get backlog(): number {
    return this.queue.length;
  }

  /** The page's reading; `onNav` hears its neighbours first (on the main thread, as readPage would call it). */
  read(src: PageSource, opts: ReadOptions, onNav?: (nav: NavUrls) => void): Promise<PoolReading> {
    if (this.closed || (this.slots.length === 0 && !this.starting)) return Promise.resolve().then(() => readPage(src, opts, onNav));
    return new Promise<PoolReading>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, src, opts, onNav, resolve, reject });
      this.dispatch();
    });
  }

  /** Ends every thread; a page still waiting is read on the main thread. */
  async close(): Promise<void> {
    this.closed = true;
    await this.starting;
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => 0)));
    for (const s of slots) for (const j of s.jobs) this.inThread(j);
    for (const j of this.queue.splice(0)) this.inThread(j);
  }

  private startThread(entry: URL): void {
    let worker: Worker;
    try {
      worker = new Worker(entry, { resourceLimits: { maxYoungGenerationSizeMb: THREAD_YOUNG_MB } });
    } catch (err) {
      this.lost(null, err as Error);
      return;
    }
    worker.unref();
    const slot: Slot = { worker, jobs: [] };
    worker.on('message', (m: FromThread) => this.answer(slot, m));
    worker.on('error', (err) => this.lost(slot, err));
    worker.on('exit', (code) => {
      if (!this.closed) this.lost(slot, new Error(`exited with code ${code}`));
    });
    this.slots.push(slot);
  }

  private dispatch(): void {
    for (let round = 0; round < PAGES_PER_THREAD; round++)
      for (const slot of this.slots) {
        if (slot.jobs.length > round || this.queue.length === 0) continue;
        if (slot.jobs.length > 0 && heldBy(slot) + sizeOf(this.queue[0].src) > THREAD_HOLD_BYTES) continue;
        const job = this.queue.shift()!;
        slot.jobs.push(job);
        slot.worker.ref();
        slot.worker.postMessage({ id: job.id, src: ownBytes(job.src), opts: job.opts } satisfies ToThread);
      }
  }

  private answer(slot: Slot, m: FromThread): void {
    const job = slot.jobs[0];
    if (!job || job.id !== m.id) return;
    if ('nav' in m) {
      job.onNav?.(m.nav);
      return;
    }
    slot.jobs.shift();
    if (slot.jobs.length === 0) slot.worker.unref();
    if ('recJson' in m) job.resolve({ rec: new RecordText(m.recJson, m.facts), files: m.files });
    else job.reject(new Error(m.error));
    this.dispatch();
  }

  /** A thread that failed to start or died: dropped, its page read here, the rest go on. */
  private lost(slot: Slot | null, err: Error): void {
    if (slot) {
      const i = this.slots.indexOf(slot);
      if (i < 0) return; // already dropped ('error' then 'exit')
      this.slots.splice(i, 1);
      void slot.worker.terminate().catch(() => 0);
      for (const j of slot.jobs.splice(0)) this.inThread(j);
    }
    if (this.slots.length === 0) {
      if (!this.noted) this.onNote(`parse threads unavailable (${err.message}): pages are read on the main thread`);
      this.noted = true;
      for (const j of this.queue.splice(0)) this.inThread(j);
    } else this.dispatch();
  }

  private inThread(job: Job): void {
    try {
      job.resolve(readPage(job.src, job.opts, job.onNav));
    } catch (err) {
      job.reject(err as Error);
    }
  }
}

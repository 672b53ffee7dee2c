/**
 * The crawl's progress on stderr: on a terminal one live line rewritten in place; otherwise
 * (a log file, CI) plain lines at a modest rate so logs stay readable; nothing with `quiet`.
 */
export interface ProgressState {
  fetched: number;
  reports: number;
  errors: number;
  host: string | null;
  url: string | null;
  /** sites with a page in hand */
  origins?: number;
  /** pages waiting to be started (the walk finds more as it goes) */
  queued?: number;
}

export interface ProgressOptions {
  stream?: NodeJS.WriteStream | { write(s: string): boolean; isTTY?: boolean; columns?: number };
  quiet?: boolean;
  /** minimum time between plain lines when the stream is not a terminal */
  plainIntervalMs?: number;
  /** minimum time between rewrites of the live line */
  liveIntervalMs?: number;
  /** the clock (tests) */
  now?: () => number;
}

export class Progress {
  private readonly stream: NonNullable<ProgressOptions['stream']>;
  private readonly tty: boolean;
  private lastWrite = 0;
  private liveShown = false;
  private state: ProgressState = { fetched: 0, reports: 0, errors: 0, host: null, url: null };

  constructor(private readonly opts: ProgressOptions = {}) {
    this.stream = opts.stream ?? process.stderr;
    this.tty = Boolean(this.stream.isTTY);
  }

  /** when the first page was counted: the rate is over the crawl, not the start-up */
  private startedAt: number | null = null;

  line(s: ProgressState): string {
    const parts = [`${s.fetched} pages fetched`, `${s.reports} reports`, `${s.errors} errors`];
    if (s.origins !== undefined) parts.push(`${s.origins} sites active`);
    const rate = this.rate(s.fetched);
    if (rate !== null) parts.push(`${rate.toFixed(1)} pages/s`);
    if (s.queued !== undefined) parts.push(`${s.queued} queued`);
    // a lower bound: the walk queues each page's neighbours only when it reads the page
    if (s.queued && rate) parts.push(`ETA ≥ ${duration(s.queued / rate)}`);
    if (s.host) parts.push(s.host);
    return `gongkai crawl: ${parts.join(' · ')}`;
  }

  /** Pages a second since the first page came in; null until there is something to measure. */
  private rate(fetched: number): number | null {
    const now = (this.opts.now ?? Date.now)();
    if (fetched > 0) this.startedAt ??= now;
    if (this.startedAt === null || fetched < 2 || now - this.startedAt < 1000) return null;
    return (fetched - 1) / ((now - this.startedAt) / 1000);
  }

  update(s: ProgressState, force = false): void {
    this.state = s;
    if (this.opts.quiet) return;
    const t = Date.now();
    const interval = this.tty ? (this.opts.liveIntervalMs ?? 100) : (this.opts.plainIntervalMs ?? 5000);
    if (!force && t - this.lastWrite < interval) return;
    this.lastWrite = t;
    if (this.tty) {
      // a terminal of unknown size reports 0 columns
      const width = Math.max(20, ((this.stream as { columns?: number }).columns || 100) - 1);
      this.stream.write(`\r\x1b[2K${this.line(s).slice(0, width)}`);
      this.liveShown = true;
    } else this.stream.write(this.line(s) + '\n');
  }

  /** A message that must not be lost under the live line (an error, a note). */
  note(msg: string): void {
    if (this.opts.quiet) return;
    if (this.tty && this.liveShown) this.stream.write('\r\x1b[2K');
    this.stream.write(msg + '\n');
    if (this.tty && this.liveShown) this.update(this.state, true);
  }

  /** Ends the live line and writes the final summary. */
  finish(summary: string): void {
    if (this.tty && this.liveShown) this.stream.write('\r\x1b[2K');
    this.liveShown = false;
    if (!this.opts.quiet) this.stream.write(summary.endsWith('\n') ? summary : summary + '\n');
  }
}

/** 75 → "1m15s", 3700 → "1h02m", 8 → "8s". */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

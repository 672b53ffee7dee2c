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
}

export interface ProgressOptions {
  stream?: NodeJS.WriteStream | { write(s: string): boolean; isTTY?: boolean; columns?: number };
  quiet?: boolean;
  /** minimum time between plain lines when the stream is not a terminal */
  plainIntervalMs?: number;
  /** minimum time between rewrites of the live line */
  liveIntervalMs?: number;
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

  line(s: ProgressState): string {
    return `gongkai crawl: ${s.fetched} pages fetched · ${s.reports} reports · ${s.errors} errors${s.host ? ` · ${s.host}` : ''}`;
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

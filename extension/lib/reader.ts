/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The content script's work on one page: cheap pre-check, walk the live DOM with the parser's
 * walker, parse, mark the cells, show the panel in a shadow root. Marks are placed before the
 * panel is added, so the walker's paths match the DOM; the panel's host then goes first in the
 * body, so it comes early in the tab order.
 */
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { browser } from 'wxt/browser';
import { parseModel, reportAttachments, seriesChecks, walkTree, wantsAttachment, type Check, type FindingContext, type ReportRecord } from '../../parser/index.js';
import { cellsToMark } from './cells.js';
import { citationText, type Provenance } from './cite.js';
import { looksLikeReport } from './detect.js';
import { recordingAdapter } from './dom-adapter.js';
import { downloadText, exportName, recordJson } from './download.js';
import { panelCsv, reportHtml, sha256Hex, toBase64 } from './export.js';
import { findingsByCell, pageCells } from './findings.js';
import { pickLang, type Lang } from './i18n.js';
import { fetchReport, lastYearLink } from './neighbour.js';
import { clearMarks, explainTargets, flashTargets, markCells, type Target } from './overlay.js';
import { buildPanel, PANEL_CSS, type OfferedFile, type PanelHandle, type PanelPrefs } from './panel.js';
import { revealClear } from './place.js';
import { DEFAULT_PREFS, loadPrefs, savePrefs } from './prefs.js';
import { sendRequest } from './send.js';
import type { SeriesView } from './series-view.js';
import { parseWayback } from './wayback.js';

export const PANEL_ATTR = 'data-gongkai-panel';
/** How long an automatic run keeps watching a page that did not look like a report yet. */
const WATCH_MS = 15_000;
/** Quiet time after the last change before the page is read again. */
const SETTLE_MS = 400;

export interface ReadResult {
  record: ReportRecord;
  provenance: Provenance;
  targets: Map<string, Target>;
  unresolved: string[];
  /** ms spent walking, parsing and marking */
  parseMs: number;
  /** the same, by stage (for the bench) */
  stages: { walk: number; parse: number; mark: number };
  /** the page's report files (附件) worth reading: on a report page, or a page titled as one without tables */
  attachments: OfferedFile[];
  /**
   * Looks for them where readPage left that for later: on a page with tables the panel is shown
   * first (its verdict does not wait for a scan of every link); null when there is nothing left to do.
   */
  laterAttachments: (() => OfferedFile[]) | null;
  /** the file the record was read from (then nothing is marked on the page) */
  fromFile?: OfferedFile | null;
}

/** Where the page stands and when it was seen: an archived copy names its original and its capture time. */
export function provenanceOf(href: string, now = new Date()): Provenance {
  const a = parseWayback(href);
  return a
    ? { url: a.originalUrl, archiveUrl: href, accessedAt: a.capturedAt, accessedFrom: 'archive' }
    : { url: href, archiveUrl: null, accessedAt: now.toISOString(), accessedFrom: 'now' };
}

/** Walks and parses the live document, then marks its cells. */
export function readPage(doc: Document, href: string): ReadResult {
  // an earlier panel is not part of the page (and would shift the walker's paths)
  for (const old of doc.querySelectorAll(`[${PANEL_ATTR}]`)) old.remove();
  const provenance = provenanceOf(href);
  const t0 = performance.now();
  const { adapter, cells } = recordingAdapter();
  const model = walkTree<Node>(doc, adapter);
  const t1 = performance.now();
  const record = parseModel(model, { url: provenance.url, fetchedAt: provenance.accessedAt });
  const t2 = performance.now();
  clearMarks(doc);
  const { targets, unresolved } = markCells(doc, cellsToMark(record), cells);
  const t3 = performance.now();
  // an archived copy's links are the archive's: its files are not offered
  const offer = () => (!provenance.archiveUrl && wantsAttachment(record, model) ? reportAttachments(model, href) : []);
  // a page without tables shows a panel only when it offers a file: that is decided now
  const found = record.format !== 'unknown';
  return {
    record, provenance, targets, unresolved, parseMs: t3 - t0, stages: { walk: t1 - t0, parse: t2 - t1, mark: t3 - t2 },
    attachments: found ? [] : offer(), laterAttachments: found ? offer : null,
  };
}

export class Reader {
  private ui: ShadowRootContentScriptUi<PanelHandle> | null = null;
  private panel: PanelHandle | null = null;
  /** when the panel began to be built (after the page was read and the remembered state came) */
  private mountAt = 0;
  private last: ReadResult | null = null;
  constructor(private ctx: ContentScriptContext, private scriptT0 = 0) {}

  /**
   * Reads the page. Automatic runs (a *.gov.cn page or an archived copy of one) stop at the
   * pre-check and show nothing for pages that are not reports; a run the user asked for
   * (toolbar, shortcut) always shows the panel. An automatic run that finds nothing watches the
   * page for a while, because many sites fill the article in with script after the page has loaded.
   */
  async run(manual: boolean, watched = false): Promise<void> {
    const doc = document;
    const startMs = performance.now();
    if (!manual && !looksLikeReport(doc.title, () => doc.body?.textContent ?? '')) {
      if (!watched) this.watchForLateContent();
      return;
    }
    const prefs = loadPrefs(); // the extension's storage answers while the page is read
    const read = readPage(doc, location.href);
    const found = read.record.format !== 'unknown';
    if (!found && !manual && read.attachments.length === 0) {
      clearMarks(doc);
      if (!watched) this.watchForLateContent();
      return;
    }
    this.last = read;
    // the panel does not wait for the remembered state: that answer can take a page load's time
    // on a busy browser; it is applied when it comes (folded and side only, nothing rebuilt)
    this.mountAt = performance.now();
    await this.mount(read, startMs, { ...DEFAULT_PREFS });
    void prefs.then((p) => this.panel?.applyPrefs(p));
    if (found) void this.loadLastYear(read);
  }

  /** The keyboard shortcut: open (again, after ×) and focus the panel. */
  async focus(): Promise<void> {
    if (!this.panel) await this.run(true);
    this.panel?.focus();
  }

  /** Re-reads once the page has changed and settled, for at most WATCH_MS; one pending timer at a time. */
  private watchForLateContent(): void {
    const root = document.body ?? document.documentElement;
    if (!root) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const stop = () => {
      observer.disconnect();
      if (timer !== null) clearTimeout(timer);
      timer = null;
    };
    const observer = new MutationObserver(() => {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        if (!looksLikeReport(document.title, () => document.body?.textContent ?? '')) return;
        stop();
        void this.run(false, true);
      }, SETTLE_MS);
    });
    observer.observe(root, { childList: true, subtree: true, characterData: true });
    const deadline = setTimeout(stop, WATCH_MS);
    this.ctx.onInvalidated(() => {
      clearTimeout(deadline);
      stop();
    });
  }

  private async mount(read: ReadResult, startMs: number, prefs: PanelPrefs): Promise<void> {
    const lang = pickLang(navigator.languages, navigator.language);
    this.ui?.remove();
    this.ui = await createShadowRootUi<PanelHandle>(this.ctx, {
      name: 'gongkai-panel',
      position: 'inline',
      anchor: 'body',
      append: 'first',
      css: PANEL_CSS,
      isolateEvents: true,
      onMount: (container, _shadow, host) => {
        host.setAttribute(PANEL_ATTR, '');
        const panel = buildPanel(document, {
          record: read.record, lang, unresolved: read.unresolved.length, prefs, attachments: read.attachments, fromFile: read.fromFile ?? null,
        }, this.actions(read, lang, host));
        this.panel = panel;
        container.append(panel.box);
        // for the bench and the tests: when the panel stood on the page, and the reader's own time
        host.setAttribute('data-gongkai-shown-ms', performance.now().toFixed(1));
        host.setAttribute('data-gongkai-parse-ms', read.parseMs.toFixed(1));
        host.setAttribute('data-gongkai-start-ms', startMs.toFixed(1));
        host.setAttribute('data-gongkai-script-ms', this.scriptT0.toFixed(1));
        host.setAttribute('data-gongkai-stages', JSON.stringify({ ...read.stages, panel: performance.now() - this.mountAt }));
        return panel;
      },
      onRemove: () => {
        this.panel = null;
      },
    });
    this.ui.mount();
    this.afterPaint(() => this.finishPanel(read, lang));
  }

  /** Runs `fn` once the browser could paint the panel (a frame, then a task); a hidden tab has no frames, so at the latest after 200 ms. */
  private afterPaint(fn: () => void): void {
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      fn();
    };
    this.ctx.requestAnimationFrame(() => this.ctx.setTimeout(once, 0));
    this.ctx.setTimeout(once, 200);
  }

  /** What the panel does not wait for: why each marked cell is marked (hover), and the page's report files. */
  private finishPanel(read: ReadResult, lang: Lang): void {
    if (this.last !== read) return; // read again (or from a file) meanwhile
    explainTargets(read.targets, findingsByCell({ rec: read.record, lang }, read.record.checks));
    if (!read.laterAttachments) return;
    read.attachments = read.laterAttachments();
    read.laterAttachments = null;
    if (read.attachments.length) this.panel?.setAttachments(read.attachments);
  }

  private actions(read: ReadResult, lang: Lang, host: HTMLElement) {
    const { record, provenance } = read;
    const ctx = (): FindingContext => ({ rec: record, lang, prev: this.series?.prev ?? null });
    const checks = () => this.panel?.checks() ?? record.checks;
    const send = (m: unknown) => browser.runtime.sendMessage(m);
    return {
      activateCheck: (c: Check) => {
        const targets = pageCells(c).map((p) => read.targets.get(p)).filter((t): t is Target => t !== undefined);
        if (this.panel) revealClear(window, targets, this.panel);
        flashTargets(targets);
      },
      citation: (selected: Check | null) => citationText(ctx(), provenance, checks(), selected),
      exportCsv: () => downloadText(document, panelCsv(ctx(), provenance, checks()), exportName(record, 'csv'), 'text/csv;charset=utf-8'),
      exportJson: () => downloadText(document, recordJson({ ...record, checks: checks() }), exportName(record, 'json'), 'application/json'),
      downloadReport: () => void this.downloadReport(ctx(), provenance, checks()),
      save: async () => (await sendRequest(send, { type: 'library.save', url: provenance.url, record: { ...record, checks: checks() } })).ok,
      openLibrary: () => void sendRequest(send, { type: 'library.open' }),
      close: () => {
        this.ui?.remove();
        this.ui = null;
        this.panel = null;
      },
      prefsChanged: savePrefs,
      verdictChanged: (v: string) => host.setAttribute('data-gongkai-verdict', v),
      readAttachment: (url: string) => this.readAttachment(read, url),
    };
  }

  /**
   * One of the page's report files, read by the extension's own page (PDF.js never loads here):
   * the panel is rebuilt with the file's record, the page's and the file's URLs in its provenance.
   */
  private async readAttachment(read: ReadResult, url: string): Promise<string | null> {
    const file = read.attachments.find((a) => a.url === url);
    if (!file) return 'not offered';
    const r = await sendRequest((m) => browser.runtime.sendMessage(m), { type: 'attachment.read', url, pageUrl: location.href });
    if (!r.ok) return r.error;
    clearMarks(document);
    const fromFile: ReadResult = {
      ...read, record: r.record, targets: new Map(), unresolved: [], attachments: read.attachments, laterAttachments: null, fromFile: file,
      provenance: { ...read.provenance, fileUrl: url },
    };
    this.last = fromFile;
    this.series = null;
    await this.mount(fromFile, performance.now(), { collapsed: false, side: this.panel?.side() ?? 'right' });
    return null;
  }

  private async downloadReport(ctx: FindingContext, prov: Provenance, checks: Check[]): Promise<void> {
    const hash = await this.pageSha256();
    downloadText(document, reportHtml(ctx, prov, checks, hash), exportName(ctx.rec, 'html'), 'text/html;charset=utf-8');
  }

  /** sha256 of the page's raw bytes (from the browser's cache when it can), by crypto.subtle here or in the worker. */
  private async pageSha256(): Promise<string | null> {
    try {
      const res = await fetch(location.href, { cache: 'force-cache', credentials: 'same-origin' });
      const bytes = await res.arrayBuffer();
      const here = await sha256Hex(bytes);
      if (here) return here;
      const r = await sendRequest((m) => browser.runtime.sendMessage(m), { type: 'page.sha256', base64: toBase64(bytes) });
      return r.ok ? r.sha256 : null;
    } catch {
      return null;
    }
  }

  private series: SeriesView | null = null;

  /** Fetches last year's report (one request, same origin) and shows it beside this one. */
  private async loadLastYear(read: ReadResult): Promise<void> {
    if (read.provenance.archiveUrl) return; // an archive rewrites links; its neighbours are other captures
    const url = lastYearLink(read.record, location.href);
    if (!url || !this.panel) return;
    this.series = { status: 'loading', url, prev: null, checks: [] };
    this.panel.setSeries(this.series);
    try {
      const prev = await fetchReport(url);
      this.series = { status: 'done', url, prev, checks: seriesChecks(prev, read.record) };
    } catch {
      this.series = { status: 'failed', url, prev: null, checks: [] };
    }
    this.panel?.setSeries(this.series);
  }
}


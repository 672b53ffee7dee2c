/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The content script's work on one page: cheap pre-check, walk the live DOM with the parser's
 * walker, parse, mark the cells, show the panel in a shadow root. Marks are placed before the
 * panel is added (the panel's host is appended last), so the walker's paths match the DOM.
 */
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { browser } from 'wxt/browser';
import { parseModel, walkTree, type ReportRecord } from '../../parser/index.js';
import { cellsToMark } from './cells.js';
import { looksLikeReport } from './detect.js';
import { domAdapter } from './dom-adapter.js';
import { downloadText, exportName, recordCsv, recordJson } from './download.js';
import { pickLang } from './i18n.js';
import { sendRequest } from './send.js';
import { clearMarks, flashTargets, markCells, type Target } from './overlay.js';
import { buildPanel, PANEL_CSS } from './panel.js';

export const PANEL_ATTR = 'data-gongkai-panel';
/** How long an automatic run keeps watching a page that did not look like a report yet. */
const WATCH_MS = 15_000;
/** Quiet time after the last change before the page is read again. */
const SETTLE_MS = 400;

export interface ReadResult {
  record: ReportRecord;
  targets: Map<string, Target>;
  unresolved: string[];
  /** ms spent walking, parsing and marking */
  parseMs: number;
  /** the same, by stage (for the bench) */
  stages: { walk: number; parse: number; mark: number };
}

/** Walks and parses the live document, then marks its cells. */
export function readPage(doc: Document, url: string): ReadResult {
  const t0 = performance.now();
  const model = walkTree<Node>(doc, domAdapter);
  const t1 = performance.now();
  const record = parseModel(model, { url, fetchedAt: new Date().toISOString() });
  const t2 = performance.now();
  clearMarks(doc);
  const { targets, unresolved } = markCells(doc, cellsToMark(record));
  const t3 = performance.now();
  return { record, targets, unresolved, parseMs: t3 - t0, stages: { walk: t1 - t0, parse: t2 - t1, mark: t3 - t2 } };
}

export class Reader {
  private ui: ShadowRootContentScriptUi<HTMLElement> | null = null;
  constructor(private ctx: ContentScriptContext, private scriptT0 = 0) {}

  /**
   * Reads the page. Automatic runs (a *.gov.cn page) stop at the pre-check and show nothing for
   * pages that are not reports; a run the user asked for (toolbar) always shows the panel.
   * An automatic run that finds nothing watches the page for a while, because many sites fill
   * the article in with script after the page has loaded.
   */
  async run(manual: boolean, watched = false): Promise<void> {
    const doc = document;
    const startMs = performance.now();
    if (!manual && !looksLikeReport(doc.title, doc.body?.textContent ?? '')) {
      if (!watched) this.watchForLateContent();
      return;
    }
    const read = readPage(doc, location.href);
    const { record } = read;
    const found = record.format !== 'unknown';
    if (!found && !manual) {
      clearMarks(doc);
      if (!watched) this.watchForLateContent();
      return;
    }
    await this.mount(read, startMs);
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
        if (!looksLikeReport(document.title, document.body?.textContent ?? '')) return;
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

  private async mount(read: ReadResult, startMs: number): Promise<void> {
    const { record } = read;
    const lang = pickLang(navigator.languages, navigator.language);
    const url = location.href;
    this.ui = await createShadowRootUi<HTMLElement>(this.ctx, {
      name: 'gongkai-panel',
      position: 'inline',
      anchor: 'body',
      append: 'last',
      css: PANEL_CSS,
      isolateEvents: true,
      onMount: (container, _shadow, host) => {
        host.setAttribute(PANEL_ATTR, '');
        const box = buildPanel(document, { record, lang, unresolved: read.unresolved.length }, {
          flashCheck: (i) => {
            const paths = record.checks[i]?.cells ?? [];
            flashTargets(paths.map((p) => read.targets.get(p)).filter((t): t is Target => t !== undefined));
          },
          exportCsv: () => downloadText(document, recordCsv(record), exportName(record, 'csv'), 'text/csv;charset=utf-8'),
          exportJson: () => downloadText(document, recordJson(record), exportName(record, 'json'), 'application/json'),
          save: async () => {
            const r = await sendRequest((m) => browser.runtime.sendMessage(m), { type: 'library.save', url, record });
            return r.ok;
          },
          openLibrary: () => void sendRequest((m) => browser.runtime.sendMessage(m), { type: 'library.open' }),
          close: () => {
            host.style.display = 'none';
          },
        });
        container.append(box);
        // for the bench and the tests: when the panel stood on the page, and the reader's own time
        host.setAttribute('data-gongkai-shown-ms', performance.now().toFixed(1));
        host.setAttribute('data-gongkai-parse-ms', read.parseMs.toFixed(1));
        host.setAttribute('data-gongkai-start-ms', startMs.toFixed(1));
        host.setAttribute('data-gongkai-script-ms', this.scriptT0.toFixed(1));
        host.setAttribute('data-gongkai-stages', JSON.stringify(read.stages));
        return box;
      },
    });
    this.ui.mount();
  }
}

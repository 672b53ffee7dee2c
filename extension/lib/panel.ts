/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The panel: a verdict at a glance (in the collapsed bar too), the findings as sentences, then
 * one click away the passed checks, the tables, the parser's notes and the legend. Built with `h`
 * (textContent only). The shadow root, its host and the page-side actions live in reader.ts.
 */
import { cellLabel, sentence, sharedFailCells, type Check, type FindingContext, type ReportRecord } from '../../parser/index.js';
import { publishedText } from './cite.js';
import { h } from './h.js';
import { checkKey, issueText, pageCells } from './findings.js';
import { allGrids } from './grids.js';
import { STRINGS, type Lang, type Strings } from './i18n.js';
import { checkKind, countWords, KIND_ORDER as ORDER, tally, verdictOf, type CheckKind, type Tally, type Verdict } from './verdict.js';
import { seriesSection, type SeriesView } from './series-view.js';

export type Side = 'left' | 'right';
export interface PanelPrefs { collapsed: boolean; side: Side }

export interface PanelActions {
  activateCheck(check: Check): void;
  exportCsv(): void;
  exportJson(): void;
  downloadReport(): void;
  /** the citation text for the finding last activated (or the report's main findings) */
  citation(selected: Check | null): string;
  save(): Promise<boolean>;
  openLibrary(): void;
  close(): void;
  prefsChanged(p: PanelPrefs): void;
  verdictChanged(v: Verdict): void;
  /** fetch and read one of the page's report files; resolves to null when done, else the reason */
  readAttachment(url: string): Promise<string | null>;
}

/** A report file the page links, as the panel offers it. */
export interface OfferedFile {
  url: string;
  name: string;
}

export interface PanelInput {
  record: ReportRecord;
  lang: Lang;
  unresolved: number;
  prefs: PanelPrefs;
  /** the page's report files (附件) the panel offers to read */
  attachments?: OfferedFile[];
  /** the file this record was read from, when it was (the page's own tables otherwise) */
  fromFile?: OfferedFile | null;
}

export const PANEL_CSS = `
:host{all:initial}
.gk{position:fixed;top:8px;right:8px;z-index:2147483647;width:clamp(240px,30vw,380px);max-height:calc(100vh - 16px);box-sizing:border-box;
  display:flex;flex-direction:column;background:#fff;color:#1f2328;border:1px solid #8c959f;border-radius:8px;
  box-shadow:0 6px 20px rgba(0,0,0,.22);font:13px/1.45 system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif}
.gk.left{right:auto;left:8px}
.gk.collapsed{width:auto;max-width:clamp(240px,30vw,380px)}
.gk header{display:flex;align-items:center;gap:4px;padding:4px 6px;color:#fff;border-radius:7px 7px 0 0;cursor:move;user-select:none;background:#57606a}
.gk.collapsed header{border-radius:7px}
.gk[data-verdict=fail] header{background:#cf222e}.gk[data-verdict=pass] header{background:#1a7f37}.gk[data-verdict=unconfirmed] header{background:#9a6700}
.gk header .vd{flex:1;font-weight:600;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.gk header .mini{font-size:12px;white-space:nowrap;opacity:.95}
.gk:not(.collapsed) header .mini{display:none}
.gk header button{background:rgba(255,255,255,.2);color:#fff;border:0;border-radius:4px;padding:1px 7px;font:inherit;cursor:pointer}
.gk button:focus-visible,.gk summary:focus-visible{outline:2px solid #0969da;outline-offset:1px}
.gk .body{overflow:auto;padding:6px 8px}
.gk.collapsed .body{display:none}
.gk h3{font-size:13px;margin:8px 0 2px}.gk h4{font-size:12px;margin:6px 0 2px}
.gk .title{font-weight:600;margin:0 0 2px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.gk dl{display:grid;grid-template-columns:auto 1fr;gap:1px 8px;margin:2px 0 6px;font-size:12px}
.gk dt{color:#57606a}.gk dd{margin:0;overflow-wrap:anywhere}
.gk .summary{margin:2px 0 4px;padding:3px 6px;border-radius:4px;background:#f6f8fa}
.gk .summary span{white-space:nowrap}
.gk[data-verdict=fail] .summary{background:#ffebe9}.gk[data-verdict=pass] .summary{background:#dafbe1}.gk[data-verdict=unconfirmed] .summary{background:#fff8c5}
.gk .shared{margin:2px 0;font-size:12px;color:#82071e}
.gk .actions{display:flex;flex-wrap:wrap;gap:4px;margin:6px 0}
.gk .actions button{border:1px solid #8c959f;background:#f6f8fa;border-radius:4px;padding:1px 6px;font:inherit;font-size:12px;cursor:pointer}
.gk textarea{width:100%;box-sizing:border-box;min-height:7em;font:12px/1.4 inherit;resize:vertical}
.gk .grid{overflow-x:auto}
.gk table{border-collapse:collapse;margin:2px 0 6px}
.gk th,.gk td{border:1px solid #d0d7de;padding:1px 3px;text-align:right;font-variant-numeric:tabular-nums;font-size:11px;white-space:nowrap}
.gk th{background:#f6f8fa;font-weight:500;white-space:normal;min-width:2.5em}
.gk th.row{text-align:left;min-width:7em;max-width:12em}
.gk td.fail{background:#ffebe9;color:#82071e;font-weight:600}
.gk td.ambiguous{background:#fff8c5;outline:1px dashed #b35900;outline-offset:-2px}
.gk td.blank,.gk td.missing{color:#8c959f}
.gk td.note{color:#57606a;white-space:normal}
.gk ul{list-style:none;margin:0;padding:0}
.gk li{margin:1px 0}
.gk button.check{all:unset;display:flex;gap:4px;width:100%;box-sizing:border-box;padding:2px 4px;border-radius:3px;cursor:pointer}
.gk button.check:hover{background:#f6f8fa}
.gk button.check:focus-visible{outline:2px solid #0969da}
.gk button.check[aria-pressed=true]{background:#ddf4ff}
.gk .sym{flex:none;width:1.1em;font-weight:700}
.gk [data-kind=fail] .sym{color:#cf222e}.gk [data-kind=pass] .sym{color:#1a7f37}.gk [data-kind=soft] .sym{color:#bc4c00}
.gk [data-kind=blank] .sym,.gk [data-kind=unreadable] .sym,.gk [data-kind=split] .sym{color:#9a6700}
.gk .issues li,.gk .legend li{font-size:12px;color:#57606a}
.gk .status{color:#57606a;font-size:12px}
.gk summary{cursor:pointer;margin:4px 0 2px;color:#0969da}
.gk a{color:#0969da}
`;

export { countWords };
export const SYMBOL: Record<CheckKind, string> = { fail: '✗', soft: '△', blank: '?', unreadable: '?', split: '≡', prose: '✎', pass: '✓' };

export interface PanelHandle {
  box: HTMLElement;
  /** shows last year's report beside this one (series checks join the findings) */
  setSeries(view: SeriesView): void;
  /** offers the page's report files, looked for after the panel was shown */
  setAttachments(files: OfferedFile[]): void;
  collapse(on: boolean, remember?: boolean): void;
  isCollapsed(): boolean;
  setSide(side: Side, remember?: boolean): void;
  side(): Side;
  /** the remembered state, arrived from storage: shown, and the base of later changes */
  applyPrefs(p: PanelPrefs): void;
  focus(): void;
  checks(): Check[];
}

/** The short form for the collapsed bar: "✗2 ?12 ✓28". */
function miniCounts(t: Tally): string {
  const q = t.blank + t.unreadable;
  return [t.fail && `✗${t.fail}`, t.soft && `△${t.soft}`, q && `?${q}`, t.split && `≡${t.split}`, t.pass && `✓${t.pass}`].filter(Boolean).join(' ');
}

export function buildPanel(doc: Document, given: PanelInput, actions: PanelActions): PanelHandle {
  const input = { ...given };
  const { record: rec, lang } = input;
  const s = STRINGS[lang];
  const state = { series: null as SeriesView | null, selected: null as Check | null };
  const body = h(doc, 'div', { class: 'body', id: 'gk-body' });
  const verdictEl = h(doc, 'span', { class: 'vd', 'data-field': 'verdict' });
  const mini = h(doc, 'span', { class: 'mini', 'data-field': 'mini' });
  const collapseBtn = h(doc, 'button', { type: 'button', 'aria-expanded': 'true', 'aria-controls': 'gk-body', 'data-gongkai-action': 'collapse', 'data-action': 'collapse', title: s.collapse, 'aria-label': s.collapse }, '–');
  const sideBtn = h(doc, 'button', { type: 'button', 'data-gongkai-action': 'side', 'data-action': 'side', title: s.moveSide, 'aria-label': s.moveSide }, '⇆');
  const closeBtn = h(doc, 'button', { type: 'button', 'data-gongkai-action': 'close', 'data-action': 'close', title: s.close, 'aria-label': s.close }, '×');
  const header = h(doc, 'header', {}, verdictEl, mini, collapseBtn, sideBtn, closeBtn);
  const box = h(doc, 'section', { class: 'gk', role: 'region', 'aria-label': s.panelTitle, lang: lang === 'zh' ? 'zh-CN' : 'en', tabindex: '-1' }, header, body);

  const prefs = { ...input.prefs };
  const handle: PanelHandle = {
    box,
    setSeries(view) { state.series = view; render(); },
    setAttachments(files) { input.attachments = files; render(); },
    collapse(on, remember = true) {
      box.classList.toggle('collapsed', on);
      collapseBtn.setAttribute('aria-expanded', String(!on));
      collapseBtn.textContent = on ? '+' : '–';
      collapseBtn.title = on ? s.expand : s.collapse;
      collapseBtn.setAttribute('aria-label', collapseBtn.title);
      if (remember) { prefs.collapsed = on; actions.prefsChanged({ ...prefs }); }
    },
    isCollapsed: () => box.classList.contains('collapsed'),
    setSide(side, remember = true) {
      box.style.left = box.style.top = box.style.right = '';
      box.classList.toggle('left', side === 'left');
      if (remember) { prefs.side = side; actions.prefsChanged({ ...prefs }); }
    },
    side: () => (box.classList.contains('left') ? 'left' : 'right'),
    applyPrefs(p) {
      Object.assign(prefs, p);
      handle.collapse(p.collapsed, false);
      handle.setSide(p.side, false);
    },
    focus() { handle.collapse(false); collapseBtn.focus(); },
    checks: () => [...rec.checks, ...(state.series?.checks ?? [])],
  };

  collapseBtn.addEventListener('click', () => handle.collapse(!handle.isCollapsed()));
  sideBtn.addEventListener('click', () => handle.setSide(handle.side() === 'left' ? 'right' : 'left'));
  closeBtn.addEventListener('click', () => actions.close());
  box.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    handle.collapse(true);
    collapseBtn.focus();
  });
  makeDraggable(box, header);

  const render = () => {
    const checks = handle.checks();
    const ctx: FindingContext = { rec, lang, prev: state.series?.prev ?? null };
    const t = tally(rec, checks);
    const v = verdictOf(t);
    box.setAttribute('data-verdict', v);
    verdictEl.textContent = rec.format === 'unknown' ? s.panelTitle : s.verdict[v];
    mini.textContent = miniCounts(t);
    actions.verdictChanged(v);
    body.replaceChildren(...bodyParts(doc, { ctx, checks, tally: t, s, input, state, actions }).filter((x): x is HTMLElement => x !== null));
  };
  handle.collapse(input.prefs.collapsed, false);
  handle.setSide(input.prefs.side, false);
  render();
  return handle;
}

interface BodyInput {
  ctx: FindingContext;
  checks: Check[];
  tally: Tally;
  s: Strings;
  input: PanelInput;
  state: { series: SeriesView | null; selected: Check | null };
  actions: PanelActions;
}

function bodyParts(doc: Document, b: BodyInput): (HTMLElement | null)[] {
  const { ctx, checks, s } = b;
  const rec = ctx.rec;
  if (rec.format === 'unknown') {
    const offered = (b.input.attachments?.length ?? 0) > 0 && !b.input.fromFile;
    return [h(doc, 'p', { class: 'summary', 'data-field': 'summary' }, offered ? s.attachment.inFile : s.noReport), attachmentPart(doc, b),
      b.input.fromFile && rec.issues.length ? issueList(doc, ctx, s) : null];
  }
  const summary = h(doc, 'p', { class: 'summary', 'data-field': 'summary' });
  countWords(b.tally, s).forEach((w, i) => summary.append(i ? ' · ' : '', h(doc, 'span', {}, w)));
  // only the findings are built now; the passed checks, folded, when their fold is first opened
  const kinds = checks.map((c) => checkKind(rec, c));
  const open = checks.filter((_, i) => kinds[i] !== 'pass').map((c) => checkItem(doc, ctx, c, b));
  const passed = checks.filter((_, i) => kinds[i] === 'pass');
  const shared = sharedFailCells(checks).map((x) => h(doc, 'p', { class: 'shared', 'data-field': 'shared', 'data-gongkai-linked': x.checks.map((i) => checkKey(checks[i])).join(' ') }, s.find.shared(cellLabel(ctx, x.path), x.checks.length)));
  return [
    h(doc, 'p', { class: 'title', 'data-field': 'title', title: rec.title ?? '' }, rec.title ?? ''),
    summary,
    attachmentPart(doc, b),
    ...shared,
    open.length ? h(doc, 'ul', { 'data-field': 'findings', 'aria-label': s.findings }, ...open.sort((a, z) => ORDER.indexOf(a.kind) - ORDER.indexOf(z.kind)).map((x) => x.li)) : null,
    passed.length ? lazyDetails(doc, { 'data-field': 'checks-passed' }, `✓ ${s.passedChecks(passed.length)}`, () => [h(doc, 'ul', {}, ...passed.map((c) => checkItem(doc, ctx, c, b).li))]) : null,
    b.input.unresolved ? h(doc, 'p', { class: 'status' }, s.unresolved(b.input.unresolved)) : null,
    b.state.series ? seriesSection(doc, ctx, b.state.series, s) : null,
    actionRow(doc, b),
    metaDetails(doc, rec, s, b.input.lang),
    lazyDetails(doc, { 'data-field': 'tables' }, s.tables, () => allGrids(doc, rec, b.input.lang, checks)),
    rec.issues.length ? issueList(doc, ctx, s) : null,
    lazyDetails(doc, { class: 'legend', 'data-field': 'legend' }, s.legendTitle, () => [h(doc, 'ul', {}, ...s.legend.map((l) => h(doc, 'li', {}, l)))]),
  ];
}

function issueList(doc: Document, ctx: FindingContext, s: Strings): HTMLElement {
  const rec = ctx.rec;
  return lazyDetails(doc, { class: 'issues', 'data-field': 'issues' }, `${s.issues} (${rec.issues.length})`,
    () => [h(doc, 'ul', {}, ...rec.issues.map((is) => h(doc, 'li', { 'data-severity': is.severity }, issueText(ctx, is))))]);
}

/**
 * The page's report files: read from one (a link to it), or buttons that read each. The file is
 * fetched and parsed by the extension's own page; the panel only asks and waits.
 */
function attachmentPart(doc: Document, b: BodyInput): HTMLElement | null {
  const { s, input } = b;
  if (input.fromFile) {
    return h(doc, 'p', { class: 'status', 'data-field': 'from-file' }, `${s.attachment.from}：`,
      h(doc, 'a', { href: input.fromFile.url, target: '_blank', rel: 'noopener noreferrer' }, input.fromFile.name));
  }
  const files = input.attachments ?? [];
  if (!files.length) return null;
  const status = h(doc, 'span', { class: 'status', role: 'status', 'data-field': 'attachment-status' });
  const buttons = files.map((f) => {
    const el = h(doc, 'button', { type: 'button', 'data-action': 'read-attachment', 'data-url': f.url, title: f.url }, s.attachment.read(f.name));
    el.addEventListener('click', () => {
      for (const x of buttons) x.setAttribute('disabled', '');
      status.textContent = s.attachment.reading;
      void b.actions.readAttachment(f.url).then((why) => {
        if (why === null) return; // the panel is rebuilt with the file's record
        status.textContent = s.attachment.failed(why);
        for (const x of buttons) x.removeAttribute('disabled');
      });
    });
    return el;
  });
  return h(doc, 'div', { class: 'actions', 'data-field': 'attachments' }, ...buttons, status);
}

/** A fold whose content is built when it is first opened (the tables cost more than the rest of the panel). */
function lazyDetails(doc: Document, attrs: Record<string, string>, title: string, build: () => HTMLElement[]): HTMLElement {
  const summary = h(doc, 'summary', {}, title);
  const d = h(doc, 'details', attrs, summary);
  const fill = () => {
    if (d.childElementCount === 1) d.append(...build());
  };
  // on the click itself, so the content is there when the fold opens (`toggle` comes a task later);
  // `toggle` still covers a fold opened another way
  summary.addEventListener('click', fill);
  d.addEventListener('toggle', () => d.open && fill());
  return d;
}

function checkItem(doc: Document, ctx: FindingContext, c: Check, b: BodyInput): { kind: CheckKind; li: HTMLElement } {
  const kind = checkKind(ctx.rec, c);
  const text = sentence(ctx, c);
  const btn = h(doc, 'button', {
    type: 'button', class: 'check', 'aria-pressed': 'false',
    'data-gongkai-check': c.id, 'data-gongkai-scope': c.scope, 'data-gongkai-status': c.status, 'data-gongkai-cells': pageCells(c).join(' '),
    'data-kind': kind, 'data-check': checkKey(c),
  }, h(doc, 'span', { class: 'sym', 'aria-hidden': 'true' }, SYMBOL[kind]), h(doc, 'span', { class: 'text' }, text));
  btn.addEventListener('click', () => {
    for (const other of btn.closest('.body')?.querySelectorAll('button.check[aria-pressed=true]') ?? []) other.setAttribute('aria-pressed', 'false');
    btn.setAttribute('aria-pressed', 'true');
    b.state.selected = c;
    b.actions.activateCheck(c);
  });
  return { kind, li: h(doc, 'li', { 'data-kind': kind }, btn) };
}

function actionRow(doc: Document, b: BodyInput): HTMLElement {
  const { s, actions } = b;
  const status = h(doc, 'span', { class: 'status', role: 'status', 'data-field': 'save-status' });
  const cite = h(doc, 'textarea', { readonly: true, 'data-field': 'citation', hidden: true, 'aria-label': s.copyCitation, rows: '8' });
  const btn = (label: string, action: string, fn: () => void) => {
    const el = h(doc, 'button', { type: 'button', 'data-action': action }, label);
    el.addEventListener('click', fn);
    return el;
  };
  const copy = () => {
    cite.value = actions.citation(b.state.selected);
    cite.hidden = false;
    cite.select();
    void copyText(doc, cite).then((ok) => { status.textContent = ok ? s.copied : s.copyFailed; });
  };
  const save = () => {
    status.textContent = '…';
    void actions.save().then((ok) => { status.textContent = ok ? s.saved : s.saveFailed; });
  };
  return h(doc, 'div', {},
    h(doc, 'div', { class: 'actions' },
      btn(s.copyCitation, 'cite', copy), btn(s.downloadReport, 'report', () => actions.downloadReport()),
      btn(s.exportCsv, 'export-csv', () => actions.exportCsv()), btn(s.exportJson, 'export-json', () => actions.exportJson()),
      btn(s.save, 'save', save), btn(s.library, 'library', () => actions.openLibrary()), status),
    cite);
}

/** The clipboard API where the page is a secure context; the selection and execCommand elsewhere (http pages). */
async function copyText(doc: Document, area: HTMLTextAreaElement): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(area.value);
      return true;
    }
  } catch {
    /* fall through to the selection */
  }
  area.select();
  try {
    return doc.execCommand('copy');
  } catch {
    return false;
  }
}

function metaDetails(doc: Document, rec: ReportRecord, s: Strings, lang: Lang): HTMLElement {
  const published = publishedText(rec, lang);
  const accessed = rec.source.fetchedAt ? rec.source.fetchedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : null;
  return h(doc, 'details', { 'data-field': 'meta' }, h(doc, 'summary', {}, lang === 'zh' ? '报告信息' : 'About the report'),
    h(doc, 'dl', {},
      h(doc, 'dt', {}, s.body), h(doc, 'dd', { 'data-field': 'entity' }, rec.entity ?? '—'),
      h(doc, 'dt', {}, s.year), h(doc, 'dd', { 'data-field': 'year' }, rec.year ?? '—'),
      h(doc, 'dt', {}, s.format), h(doc, 'dd', { 'data-field': 'format' }, s.formats[rec.format] ?? rec.format),
      h(doc, 'dt', {}, s.layout), h(doc, 'dd', { 'data-field': 'layout' }, rec.layout ? s.layouts[rec.layout] ?? rec.layout : '—'),
      published ? h(doc, 'dt', {}, s.published) : null, published ? h(doc, 'dd', { 'data-field': 'published' }, published) : null,
      accessed ? h(doc, 'dt', {}, s.accessed) : null, accessed ? h(doc, 'dd', { 'data-field': 'accessed' }, accessed) : null,
    ));
}

/** Drag the panel by its header; it stays whole on screen, and a moved panel stays where it was put. */
function makeDraggable(box: HTMLElement, handle: HTMLElement): void {
  handle.addEventListener('pointerdown', (e) => {
    if ((e.target as Element).closest('button')) return;
    const r = box.getBoundingClientRect();
    const dx = e.clientX - r.left;
    const dy = e.clientY - r.top;
    handle.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => {
      const b = box.getBoundingClientRect();
      box.style.right = 'auto';
      box.style.left = `${Math.max(0, Math.min(window.innerWidth - b.width, ev.clientX - dx))}px`;
      box.style.top = `${Math.max(0, Math.min(window.innerHeight - b.height, ev.clientY - dy))}px`;
    };
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
  });
}

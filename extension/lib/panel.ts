/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The panel's content: title, body, year, format, layout; the tables as grids with the format's
 * labels; the checks with both sides; the parser's issues; export/save/library buttons.
 * Built with `h` (textContent only). The shadow root and positioning live in reader.ts.
 */
import { FORMATS, TABLE_KEYS, type Cell, type Check, type ReportRecord, type StandardFormat, type TableKey } from '../../parser/index.js';
import { h } from './h.js';
import type { Lang, Strings } from './i18n.js';
import { STRINGS } from './i18n.js';

export interface PanelActions {
  flashCheck(index: number): void;
  exportCsv(): void;
  exportJson(): void;
  save(): Promise<boolean>;
  openLibrary(): void;
  close(): void;
}

export interface PanelInput {
  record: ReportRecord;
  lang: Lang;
  unresolved: number;
}

export const PANEL_CSS = `
.gk{position:fixed;top:12px;right:12px;z-index:2147483647;width:min(560px,calc(100vw - 24px));max-height:calc(100vh - 24px);
  display:flex;flex-direction:column;background:#fff;color:#1f2328;border:1px solid #8c959f;border-radius:8px;
  box-shadow:0 8px 24px rgba(0,0,0,.25);font:13px/1.45 system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif}
.gk.left{right:auto;left:12px}
.gk header{display:flex;align-items:center;gap:6px;padding:6px 8px;background:#24292f;color:#fff;border-radius:8px 8px 0 0;cursor:move;user-select:none}
.gk header h2{flex:1;margin:0;font-size:13px;font-weight:600;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.gk header button{background:#57606a;color:#fff;border:0;border-radius:4px;padding:2px 7px;font:inherit;cursor:pointer}
.gk button:focus-visible,.gk summary:focus-visible{outline:2px solid #0969da;outline-offset:1px}
.gk .body{overflow:auto;padding:8px 10px}
.gk.collapsed .body{display:none}
.gk h3{font-size:13px;margin:10px 0 4px}
.gk .title{font-weight:600;font-size:14px;margin:0 0 4px}
.gk dl{display:grid;grid-template-columns:auto 1fr;gap:1px 10px;margin:0 0 6px}
.gk dt{color:#57606a}.gk dd{margin:0}
.gk .summary{padding:4px 6px;border-radius:4px;margin:4px 0}
.gk .summary.bad{background:#ffebe9;color:#82071e}.gk .summary.good{background:#dafbe1;color:#116329}
.gk .actions{display:flex;flex-wrap:wrap;gap:6px;margin:6px 0}
.gk .actions button{border:1px solid #8c959f;background:#f6f8fa;border-radius:4px;padding:2px 8px;font:inherit;cursor:pointer}
.gk table{border-collapse:collapse;margin:4px 0 8px;width:100%}
.gk th,.gk td{border:1px solid #d0d7de;padding:1px 4px;text-align:right;font-variant-numeric:tabular-nums}
.gk th{background:#f6f8fa;font-weight:500;font-size:11px}
.gk th.row{text-align:left;max-width:220px}
.gk td.fail{background:#ffebe9;color:#82071e;font-weight:600}
.gk td.ambiguous{background:#fff8c5}
.gk td.blank,.gk td.missing{color:#8c959f}
.gk td.note{color:#57606a;font-size:11px}
.gk ul{list-style:none;margin:0;padding:0}
.gk li{margin:1px 0}
.gk li button.check{all:unset;display:block;width:100%;box-sizing:border-box;padding:1px 4px;border-radius:3px;cursor:pointer}
.gk li button.check:hover{background:#f6f8fa}
.gk li button.check:focus-visible{outline:2px solid #0969da}
.gk .fail .sym{color:#cf222e}.gk .pass .sym{color:#1a7f37}.gk .uncertain .sym{color:#9a6700}
.gk .sym{display:inline-block;width:1.2em;font-weight:700}
.gk .eq{font-variant-numeric:tabular-nums;color:#57606a}
.gk .issue{font-size:12px}.gk .issue .code{font-family:ui-monospace,monospace;color:#57606a}
.gk .status{color:#57606a;font-size:12px}
.gk summary{cursor:pointer;color:#1a7f37;margin:2px 0}
`;

const SYMBOL: Record<Check['status'], string> = { pass: '✓', fail: '✗', uncertain: '?' };

/** Builds the panel's inner element (the `.gk` box). */
export function buildPanel(doc: Document, input: PanelInput, actions: PanelActions): HTMLElement {
  const { record: rec, lang } = input;
  const s = STRINGS[lang];
  const body = h(doc, 'div', { class: 'body', id: 'gk-body' });
  const collapseBtn = h(doc, 'button', { type: 'button', 'aria-expanded': 'true', 'aria-controls': 'gk-body', 'data-action': 'collapse', title: s.collapse }, '–');
  const sideBtn = h(doc, 'button', { type: 'button', 'data-action': 'side', title: s.moveSide, 'aria-label': s.moveSide }, '⇆');
  const closeBtn = h(doc, 'button', { type: 'button', 'data-action': 'close', title: s.close, 'aria-label': s.close }, '×');
  const header = h(doc, 'header', {}, h(doc, 'h2', {}, s.panelTitle), collapseBtn, sideBtn, closeBtn);
  const box = h(doc, 'section', { class: 'gk', role: 'dialog', 'aria-label': s.panelTitle, lang: lang === 'zh' ? 'zh-CN' : 'en' }, header, body);

  collapseBtn.addEventListener('click', () => {
    const collapsed = box.classList.toggle('collapsed');
    collapseBtn.setAttribute('aria-expanded', String(!collapsed));
    collapseBtn.textContent = collapsed ? '+' : '–';
    collapseBtn.title = collapsed ? s.expand : s.collapse;
  });
  sideBtn.addEventListener('click', () => {
    box.style.left = box.style.top = box.style.right = '';
    box.classList.toggle('left');
  });
  closeBtn.addEventListener('click', () => actions.close());
  makeDraggable(box, header);

  body.append(h(doc, 'p', { class: 'title', 'data-field': 'title' }, rec.title ?? ''));
  body.append(h(doc, 'dl', {},
    h(doc, 'dt', {}, s.body), h(doc, 'dd', { 'data-field': 'entity' }, rec.entity ?? '—'),
    h(doc, 'dt', {}, s.year), h(doc, 'dd', { 'data-field': 'year' }, rec.year ?? '—'),
    h(doc, 'dt', {}, s.format), h(doc, 'dd', { 'data-field': 'format' }, s.formats[rec.format] ?? rec.format),
    h(doc, 'dt', {}, s.layout), h(doc, 'dd', { 'data-field': 'layout' }, rec.layout ? s.layouts[rec.layout] ?? rec.layout : '—'),
    rec.publishedAt ? h(doc, 'dt', {}, s.published) : null, rec.publishedAt ? h(doc, 'dd', {}, rec.publishedAt) : null,
  ));

  const failing = rec.checks.filter((c) => c.status === 'fail').length;
  if (rec.checks.length) {
    body.append(h(doc, 'p', { class: `summary ${failing ? 'bad' : 'good'}`, 'data-field': 'summary' },
      failing ? s.failSummary(failing, rec.checks.length) : s.okSummary(rec.checks.length)));
  } else if (rec.format === 'unknown') {
    body.append(h(doc, 'p', { class: 'summary bad', 'data-field': 'summary' }, s.noReport));
  }
  if (input.unresolved) body.append(h(doc, 'p', { class: 'status' }, s.unresolved(input.unresolved)));

  const status = h(doc, 'span', { class: 'status', role: 'status', 'data-field': 'save-status' });
  const btn = (label: string, action: string, fn: () => void) => {
    const b = h(doc, 'button', { type: 'button', 'data-action': action }, label);
    b.addEventListener('click', fn);
    return b;
  };
  body.append(h(doc, 'div', { class: 'actions' },
    btn(s.exportCsv, 'export-csv', () => actions.exportCsv()),
    btn(s.exportJson, 'export-json', () => actions.exportJson()),
    btn(s.save, 'save', () => {
      status.textContent = '…';
      void actions.save().then((ok) => { status.textContent = ok ? s.saved : s.saveFailed; });
    }),
    btn(s.library, 'library', () => actions.openLibrary()),
    status,
  ));

  if (rec.format === '2021' || rec.format === '2019') {
    for (const t of TABLE_KEYS) if (rec.tables[t]) body.append(...tableGrids(doc, rec, rec.format, t, lang));
  }
  if (rec.tables.legacy?.length) body.append(legacyGrid(doc, rec, s));

  if (rec.checks.length) {
    // what needs the reader's eye first: failing and undecided checks, then the passing ones folded
    body.append(h(doc, 'h3', {}, s.checks));
    const open = h(doc, 'ul', { 'data-field': 'checks' });
    const passed = h(doc, 'ul', { 'data-field': 'checks-passed' });
    rec.checks.forEach((c, i) => (c.status === 'pass' ? passed : open).append(checkItem(doc, rec, c, i, s, lang, actions)));
    if (open.childElementCount) body.append(open);
    if (passed.childElementCount) {
      const n = passed.childElementCount;
      body.append(h(doc, 'details', { open: open.childElementCount === 0 }, h(doc, 'summary', {}, `✓ ${s.passedChecks(n)}`), passed));
    }
  }
  if (rec.issues.length) {
    body.append(h(doc, 'h3', {}, s.issues));
    const list = h(doc, 'ul', { 'data-field': 'issues' });
    for (const is of rec.issues) {
      list.append(h(doc, 'li', { class: `issue ${is.severity}` }, h(doc, 'span', { class: 'code' }, `${is.severity} ${is.code}`), ' ', is.message));
    }
    body.append(list);
  }
  return box;
}

function tableGrids(doc: Document, rec: ReportRecord, format: StandardFormat, key: TableKey, lang: Lang): HTMLElement[] {
  const def = FORMATS[format].tables[key];
  const data = rec.tables[key] ?? {};
  const failing = new Set(rec.checks.filter((c) => c.status === 'fail').flatMap((c) => c.cells));
  const out: HTMLElement[] = [h(doc, 'h3', {}, lang === 'zh' ? def.title : def.titleEn)];
  // Rows with the same columns share one grid (表二 mixes document counts, decision counts and a fee).
  let i = 0;
  while (i < def.rows.length) {
    const cols = def.rows[i].columns;
    const sig = cols.map((c) => c.id).join();
    const rows = [];
    while (i < def.rows.length && def.rows[i].columns.map((c) => c.id).join() === sig) rows.push(def.rows[i++]);
    const head = h(doc, 'tr', {}, h(doc, 'th', { class: 'row' }), ...cols.map((c) => h(doc, 'th', { scope: 'col' }, lang === 'zh' ? c.label : c.labelEn)));
    const table = h(doc, 'table', { 'data-table': key }, h(doc, 'thead', {}, head));
    const tbody = h(doc, 'tbody');
    for (const r of rows) {
      const tr = h(doc, 'tr', {}, h(doc, 'th', { class: 'row', scope: 'row', title: r.label }, lang === 'zh' ? r.label : r.labelEn));
      for (const c of cols) {
        const path = `${key}.${r.id}.${c.id}`;
        const cell = data[r.id]?.[c.id];
        tr.append(valueCell(doc, cell, path, failing.has(path)));
      }
      tbody.append(tr);
    }
    table.append(tbody);
    out.push(table);
  }
  return out;
}

function valueCell(doc: Document, cell: Cell | undefined, path: string, fails: boolean): HTMLElement {
  const status = cell?.status ?? 'missing';
  const text = !cell ? '' : cell.status === 'ok' ? String(cell.value)
    : cell.status === 'ambiguous' ? `${(cell.candidates ?? []).join('|')}?`
    : cell.status === 'blank' ? (cell.raw ?? '') || '·'
    : cell.status === 'note' ? cell.raw ?? '' : '';
  const title = cell ? `${path}\n${cell.raw ?? ''}\n${cell.status}` : path;
  return h(doc, 'td', { class: fails ? 'fail' : status, 'data-cell': path, title }, text);
}

function legacyGrid(doc: Document, rec: ReportRecord, s: Strings): HTMLElement {
  const rows = rec.tables.legacy ?? [];
  const periods = [...new Set(rows.flatMap((r) => Object.keys(r.values)))];
  const table = h(doc, 'table', { 'data-table': 'legacy' }, h(doc, 'thead', {}, h(doc, 'tr', {}, h(doc, 'th', { class: 'row' }), ...periods.map((p) => h(doc, 'th', {}, p)))));
  const tbody = h(doc, 'tbody');
  for (const r of rows) {
    const tr = h(doc, 'tr', {}, h(doc, 'th', { class: 'row' }, r.unit ? `${r.label}（${r.unit}）` : r.label));
    for (const p of periods) tr.append(valueCell(doc, r.values[p], `legacy.${r.label}.${p}`, false));
    tbody.append(tr);
  }
  table.append(tbody);
  const wrap = h(doc, 'div', {}, h(doc, 'h3', {}, s.tables), table);
  return wrap;
}

function checkItem(doc: Document, rec: ReportRecord, c: Check, i: number, s: Strings, lang: Lang, actions: PanelActions): HTMLElement {
  const op = c.usedToDecode ? '≡' : c.status === 'pass' ? '=' : c.status === 'fail' ? '≠' : '?';
  const num = (v: number | null) => (v === null ? '—' : String(v));
  const name = s.checkNames[c.id] ?? c.id;
  const label = `${name} · ${scopeLabel(rec, c, lang)}`;
  const b = h(doc, 'button', { type: 'button', class: 'check', 'data-check': `${c.id}:${c.scope}`, 'data-status': c.status, title: c.usedToDecode ? s.decoded : c.note ?? s[c.status] },
    h(doc, 'span', { class: 'sym', 'aria-label': s[c.status] }, SYMBOL[c.status]),
    label, ' ',
    h(doc, 'span', { class: 'eq' }, `${num(c.left)} ${op} ${num(c.right)}`),
  );
  b.addEventListener('click', () => actions.flashCheck(i));
  return h(doc, 'li', { class: c.status }, b);
}

function scopeLabel(rec: ReportRecord, c: Check, lang: Lang): string {
  if (rec.format !== '2021' && rec.format !== '2019') return c.scope;
  const tables = FORMATS[rec.format].tables;
  const pick = (o: { label: string; labelEn: string }) => (lang === 'zh' ? o.label : o.labelEn);
  const table = c.id.startsWith('review_litigation') ? tables.review_litigation : tables.applications;
  const row = table.rows.find((r) => r.id === c.scope);
  if (row) return pick(row);
  const col = table.rows[0]?.columns.find((x) => x.id === c.scope);
  return col ? pick(col) : c.scope;
}

/** Drag the panel by its header; a moved panel stays where it was put. */
function makeDraggable(box: HTMLElement, handle: HTMLElement): void {
  handle.addEventListener('pointerdown', (e) => {
    if ((e.target as Element).closest('button')) return;
    const r = box.getBoundingClientRect();
    const dx = e.clientX - r.left;
    const dy = e.clientY - r.top;
    handle.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => {
      box.style.right = 'auto';
      box.style.left = `${Math.max(0, Math.min(window.innerWidth - 40, ev.clientX - dx))}px`;
      box.style.top = `${Math.max(0, Math.min(window.innerHeight - 30, ev.clientY - dy))}px`;
    };
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
  });
}

/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Marks the cells the parser read on the page itself: element cells get
 * `data-gongkai-cell` / `data-gongkai-status` attributes (outlined by one small stylesheet), text
 * ranges get CSS Custom Highlights, so the page's own text is never rewritten.
 * Locations are resolved against the same DOM the walker read, before the panel is added.
 */
import { pathResolver } from './dom-adapter.js';
import type { MarkedCell, MarkStatus } from './cells.js';

export const STYLE_ATTR = 'data-gongkai-style';
const HIGHLIGHT = (s: MarkStatus) => `gongkai-${s}`;

const PAGE_CSS = `
[data-gongkai-status]{outline:2px solid rgba(22,128,60,.55)!important;outline-offset:-2px}
[data-gongkai-status="fail"]{outline:3px solid #d1242f!important;background-color:rgba(209,36,47,.12)!important}
[data-gongkai-status="ambiguous"]{outline:2px dashed #b35900!important}
[data-gongkai-flash]{animation:gongkai-flash .5s ease-in-out 3}
@keyframes gongkai-flash{50%{outline-width:6px;background-color:rgba(255,200,0,.6)}}
::highlight(gongkai-ok){background-color:rgba(22,128,60,.18)}
::highlight(gongkai-fail){background-color:rgba(209,36,47,.35);color:inherit}
::highlight(gongkai-ambiguous){background-color:rgba(255,170,0,.35)}
::highlight(gongkai-flash){background-color:rgba(255,200,0,.9)}
`;

export type Target = { kind: 'element'; el: Element } | { kind: 'range'; range: Range };

export interface OverlayResult {
  /** cell path → where it stands on the page */
  targets: Map<string, Target>;
  /** locations that did not resolve (a parser/DOM mismatch worth reporting) */
  unresolved: string[];
}

/** Resolves a loc in `doc`; null when it does not point at what the walker saw. */
export function resolveLoc(doc: Document, loc: MarkedCell['loc'], nodeAt = pathResolver(doc)): Target | null {
  if (loc.kind === 'element') {
    const n = nodeAt(loc.path);
    return n && n.nodeType === 1 ? { kind: 'element', el: n as Element } : null;
  }
  if (loc.kind === 'range') {
    const a = nodeAt(loc.start.path);
    const b = nodeAt(loc.end.path);
    if (!a || !b || a.nodeType !== 3 || b.nodeType !== 3) return null;
    const range = doc.createRange();
    try {
      range.setStart(a, Math.min(loc.start.offset, (a as Text).length));
      range.setEnd(b, Math.min(loc.end.offset, (b as Text).length));
    } catch {
      return null;
    }
    return { kind: 'range', range };
  }
  return null; // plain-text locations have no place in a DOM
}

/** `seen`: nodes already known by their paths (the walk's leaf cells), looked up before the page's DOM is. */
export function markCells(doc: Document, cells: MarkedCell[], seen?: ReadonlyMap<string, Node>): OverlayResult {
  const targets = new Map<string, Target>();
  const unresolved: string[] = [];
  const ranges: Record<MarkStatus, Range[]> = { ok: [], fail: [], ambiguous: [] };
  const nodeAt = pathResolver(doc, seen);
  for (const c of cells) {
    const t = resolveLoc(doc, c.loc, nodeAt);
    if (!t) {
      unresolved.push(c.path);
      continue;
    }
    targets.set(c.path, t);
    if (t.kind === 'element') {
      t.el.setAttribute('data-gongkai-cell', c.path);
      t.el.setAttribute('data-gongkai-status', c.status);
    } else {
      ranges[c.status].push(t.range);
    }
  }
  state.__gongkaiMarked = true;
  const hl = highlights();
  if (hl) {
    for (const s of ['ok', 'fail', 'ambiguous'] as const) {
      if (ranges[s].length) hl.registry.set(HIGHLIGHT(s), new hl.Highlight(...ranges[s]));
    }
  }
  injectPageStyle(doc);
  return { targets, unresolved };
}

/**
 * Whether the page carries our marks, so a first read need not search the whole page. Kept on
 * the content scripts' global, which outlives a second injection of this script into the page.
 */
const state = globalThis as unknown as { __gongkaiMarked?: boolean };

/** Removes every mark (before the page is read again). */
export function clearMarks(doc: Document): void {
  if (!state.__gongkaiMarked) return;
  for (const el of doc.querySelectorAll('[data-gongkai-cell]')) {
    el.removeAttribute('data-gongkai-cell');
    el.removeAttribute('data-gongkai-status');
    if (el.hasAttribute('data-gongkai-title')) {
      el.removeAttribute('title');
      el.removeAttribute('data-gongkai-title');
    }
  }
  const hl = highlights();
  if (hl) for (const s of ['ok', 'fail', 'ambiguous', 'flash']) hl.registry.delete(`gongkai-${s}`);
  stopRangeHover?.();
  stopRangeHover = null;
  state.__gongkaiMarked = false;
}

function injectPageStyle(doc: Document): void {
  // look only where we put it (the head), not through the whole page
  const parent = doc.head ?? doc.documentElement;
  if (parent.querySelector(`:scope > style[${STYLE_ATTR}]`)) return;
  const style = doc.createElement('style');
  style.setAttribute(STYLE_ATTR, '');
  style.textContent = PAGE_CSS;
  // appended last, so earlier childNodes paths still resolve
  parent.append(style);
}

/**
 * Hovering a marked page cell says why it is marked: the sentences of the findings it takes part
 * in, as the cell's tooltip. A cell that has a title of the page's own keeps it. Cells marked
 * inside text (ranges) have no element of their own: one pointer listener finds the range under
 * the pointer and lends its sentences to the text's element while the pointer stays on it.
 */
export function explainTargets(targets: Map<string, Target>, why: Map<string, string[]>, doc: Document = document): void {
  const ranges: RangeWhy[] = [];
  for (const [path, lines] of why) {
    const t = targets.get(path);
    if (t?.kind === 'range') ranges.push({ range: t.range, text: lines.join('\n') });
    if (t?.kind !== 'element' || hasOwnTitle(t.el)) continue;
    t.el.setAttribute('title', lines.join('\n'));
    t.el.setAttribute('data-gongkai-title', '');
  }
  stopRangeHover?.();
  stopRangeHover = ranges.length ? explainRangesOnHover(doc, ranges) : null;
}

interface RangeWhy { range: Range; text: string }
let stopRangeHover: (() => void) | null = null;

const hasOwnTitle = (el: Element) => el.hasAttribute('title') && !el.hasAttribute('data-gongkai-title');

/**
 * One passive mousemove listener, at most one lookup a frame: the caret position under the
 * pointer, the finding range that holds it (few: only cells in findings), and a check that the
 * pointer is on the range's own boxes (the caret lookup snaps to the nearest text).
 */
function explainRangesOnHover(doc: Document, ranges: RangeWhy[]): () => void {
  let lent: Element | null = null;
  let frame = 0;
  let x = 0;
  let y = 0;
  const giveBack = () => {
    lent?.removeAttribute('title');
    lent?.removeAttribute('data-gongkai-title');
    lent = null;
  };
  const update = () => {
    frame = 0;
    const hit = rangeAt(doc, ranges, x, y);
    const el = hit?.range.startContainer.parentElement ?? null;
    if (el !== lent) giveBack();
    if (!hit || !el || hasOwnTitle(el)) return;
    if (el.getAttribute('title') !== hit.text) el.setAttribute('title', hit.text);
    el.setAttribute('data-gongkai-title', '');
    lent = el;
  };
  const onMove = (e: MouseEvent) => {
    x = e.clientX;
    y = e.clientY;
    if (!frame) frame = requestAnimationFrame(update);
  };
  doc.addEventListener('mousemove', onMove, { passive: true });
  return () => {
    doc.removeEventListener('mousemove', onMove);
    if (frame) cancelAnimationFrame(frame);
    giveBack();
  };
}

function rangeAt(doc: Document, ranges: RangeWhy[], x: number, y: number): RangeWhy | null {
  const d = doc as Document & { caretPositionFromPoint?(x: number, y: number): { offsetNode: Node; offset: number } | null };
  const pos = d.caretPositionFromPoint ? d.caretPositionFromPoint(x, y) : caretFromRange(doc.caretRangeFromPoint?.(x, y) ?? null);
  if (!pos || pos.offsetNode.nodeType !== 3) return null;
  for (const r of ranges) {
    if (!r.range.isPointInRange(pos.offsetNode, pos.offset)) continue;
    for (const b of r.range.getClientRects()) if (x >= b.left && x <= b.right && y >= b.top && y <= b.bottom) return r;
  }
  return null;
}

const caretFromRange = (r: Range | null) => (r ? { offsetNode: r.startContainer, offset: r.startOffset } : null);

/** Flashes the targets for a moment (place.ts has brought them into view). */
export function flashTargets(targets: Target[]): void {
  if (!targets.length) return;
  const flashRanges: Range[] = [];
  for (const t of targets) {
    if (t.kind === 'element') {
      t.el.removeAttribute('data-gongkai-flash');
      void (t.el as HTMLElement).offsetWidth; // restart the animation
      t.el.setAttribute('data-gongkai-flash', '');
      setTimeout(() => t.el.removeAttribute('data-gongkai-flash'), 1600);
    } else flashRanges.push(t.range);
  }
  const hl = highlights();
  if (hl && flashRanges.length) {
    hl.registry.set('gongkai-flash', new hl.Highlight(...flashRanges));
    setTimeout(() => hl.registry.delete('gongkai-flash'), 1600);
  }
}

interface HighlightApi {
  registry: Map<string, unknown>;
  Highlight: new (...r: Range[]) => unknown;
}

let highlightApi: HighlightApi | null | undefined;

function highlights(): HighlightApi | null {
  if (highlightApi !== undefined) return highlightApi;
  const g = globalThis as unknown as { CSS?: { highlights?: Map<string, unknown> }; Highlight?: HighlightApi['Highlight'] };
  highlightApi = g.CSS?.highlights && g.Highlight ? { registry: g.CSS.highlights, Highlight: g.Highlight } : null;
  return highlightApi;
}

/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Bringing a check's cells into view clear of the panel: scroll them to the middle of the space
 * below the panel's bar; if the panel still covers one that is in view, dock it on the other
 * side; if it covers one there too, fold it to its bar and move the cells below the bar.
 * Temporary moves are not remembered as the user's choice.
 */
import type { Target } from './overlay.js';
import type { PanelHandle } from './panel.js';

interface Box { left: number; top: number; right: number; bottom: number }

/** Room kept above the cells for the collapsed bar (its height and a margin). */
const BAR_ROOM = 56;

export function targetRect(t: Target): DOMRect {
  return t.kind === 'element' ? t.el.getBoundingClientRect() : t.range.getBoundingClientRect();
}

const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

function inView(r: Box, win: Window): boolean {
  return r.bottom > 0 && r.top < win.innerHeight && r.right > 0 && r.left < win.innerWidth;
}

/** The cells the panel covers now (only those in the viewport count). */
export function coveredTargets(win: Window, targets: readonly Target[], panel: Element): Target[] {
  const p = panel.getBoundingClientRect();
  return targets.filter((t) => {
    const r = targetRect(t);
    return inView(r, win) && overlaps(r, p);
  });
}

function union(rects: Box[]): Box {
  return rects.reduce((u, r) => ({ left: Math.min(u.left, r.left), top: Math.min(u.top, r.top), right: Math.max(u.right, r.right), bottom: Math.max(u.bottom, r.bottom) }),
    { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity });
}

/** Scrolls the cells into view: centred below the bar when they fit, their top just below it when not. */
function scrollToCells(win: Window, targets: readonly Target[]): void {
  const u = union(targets.map(targetRect));
  const room = win.innerHeight - BAR_ROOM - 8;
  const dy = u.bottom - u.top <= room ? (u.top + u.bottom) / 2 - (BAR_ROOM + win.innerHeight) / 2 : u.top - BAR_ROOM;
  const dx = u.left < 0 ? u.left - 8 : u.right > win.innerWidth ? Math.min(u.left - 8, u.right - win.innerWidth + 8) : 0;
  win.scrollBy({ left: dx, top: dy, behavior: 'instant' as ScrollBehavior });
}

export function revealClear(win: Window, targets: readonly Target[], panel: PanelHandle): void {
  if (!targets.length) return;
  scrollToCells(win, targets);
  if (!coveredTargets(win, targets, panel.box).length) return;
  const side = panel.side();
  panel.setSide(side === 'left' ? 'right' : 'left', false);
  if (!coveredTargets(win, targets, panel.box).length) return;
  panel.setSide(side, false);
  panel.collapse(true, false);
  const covered = coveredTargets(win, targets, panel.box);
  if (!covered.length) return;
  // the bar stands at the top: move every cell below it (cells pushed past the bottom leave the view)
  const bar = panel.box.getBoundingClientRect();
  const top = Math.min(...covered.map((t) => targetRect(t).top));
  win.scrollBy({ top: top - bar.bottom - 8, behavior: 'instant' as ScrollBehavior });
}

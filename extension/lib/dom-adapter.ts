/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The parser's TreeAdapter over the live DOM, so the extension reads the page with the same
 * walker and parser as the scraper (no second parser). Paths are childNodes index paths from
 * `document`, which is why the overlay can resolve them against the same DOM afterwards.
 */
import type { TreeAdapter } from '../../parser/index.js';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

export const domAdapter: TreeAdapter<Node> = {
  // one read of nodeType: every property read crosses from the content script into the page's DOM
  kind: (n) => {
    const t = n.nodeType;
    return t === ELEMENT_NODE ? 1 : t === TEXT_NODE || t === CDATA_SECTION_NODE ? 3 : 0;
  },
  // HTML elements' localName is already lower-case; no per-call copy on a walk of every node
  tagName: (n) => (n as Element).localName,
  // <template> content is not among the children, matching the scraper's tree closely enough (skipped anyway).
  firstChild: (n) => n.firstChild,
  nextSibling: (n) => n.nextSibling,
  textOf: (n) => (n as CharacterData).data,
  attr: (n, name) => (n as Element).getAttribute(name),
};

/**
 * The adapter for one walk that also keeps the page's leaf table cells by path: the overlay then
 * finds the cells it marks without walking to them again (the DOM does not change in between).
 */
export function recordingAdapter(): { adapter: TreeAdapter<Node>; cells: Map<string, Node> } {
  const cells = new Map<string, Node>();
  return { adapter: { ...domAdapter, cell: (n, path) => void cells.set(path, n) }, cells };
}

/** The node at a childNodes index path from `root` ("" is the root), or null when the path no longer resolves. */
export function nodeAtPath(root: Node, path: string): Node | null {
  return pathResolver(root)(path);
}

/**
 * nodeAtPath for many paths of one tree: each parent path is resolved once and remembered, so the
 * cells of one table share the walk from the document down to it (a few steps per cell instead of
 * the whole depth, each step a read from the page's DOM). Valid while the tree does not change.
 */
export function pathResolver(root: Node, seen?: ReadonlyMap<string, Node>): (path: string) => Node | null {
  const known = new Map<string, Node | null>([['', root]]);
  const resolve = (path: string): Node | null => {
    const hit = known.get(path) ?? seen?.get(path);
    if (hit !== undefined) return hit;
    const dot = path.lastIndexOf('.');
    const parent = resolve(dot < 0 ? '' : path.slice(0, dot));
    const i = Number(path.slice(dot + 1));
    const node = parent && Number.isInteger(i) && i >= 0 ? parent.childNodes[i] ?? null : null;
    known.set(path, node);
    return node;
  };
  return resolve;
}

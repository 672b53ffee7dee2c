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

/** The node at a childNodes index path from `root` ("" is the root), or null when the path no longer resolves. */
export function nodeAtPath(root: Node, path: string): Node | null {
  if (path === '') return root;
  let node: Node | null = root;
  for (const part of path.split('.')) {
    const i = Number(part);
    if (!node || !Number.isInteger(i) || i < 0) return null;
    node = node.childNodes[i] ?? null;
  }
  return node;
}

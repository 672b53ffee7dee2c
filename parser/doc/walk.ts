/**
 * Walks any tree (through a TreeAdapter) into the document model. Block elements end a unit,
 * leaf table cells are units of their own, and every text node's position is kept so that the
 * overlay can find the characters again in the live page.
 */
import type { DocModel, PageLink, TextPiece, TreeAdapter, Unit } from './model.js';

const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header',
  'hr', 'html', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'tbody', 'td', 'tfoot',
  'th', 'thead', 'tr', 'ul', 'option', 'legend', 'details', 'summary',
]);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'svg', 'math', 'select', 'textarea', 'object', 'embed', 'canvas', 'video', 'audio']);

/** Depth beyond which nesting is not followed (hostile or broken pages). */
const MAX_DEPTH = 400;

export function walkTree<N>(root: N, adapter: TreeAdapter<N>): DocModel {
  return new TreeWalker(adapter).walk(root);
}

/**
 * One walk of one tree, one method per kind of node: the head's tags (title, meta, base), a leaf
 * table cell, a link, any other element. Text gathers in the open unit until a block ends it.
 */
class TreeWalker<N> {
  private readonly adapter: TreeAdapter<N>;
  private readonly units: Unit[] = [];
  private readonly headings: string[] = [];
  private readonly meta: Record<string, string> = {};
  private readonly links: PageLink[] = [];
  private title: string | null = null;
  private baseHref: string | null = null;
  private tableCount = 0;
  /** the open unit: its text so far and where each stretch of it came from */
  private text = '';
  private pieces: TextPiece[] = [];

  constructor(adapter: TreeAdapter<N>) {
    this.adapter = adapter;
  }

  walk(root: N): DocModel {
    this.visit(root, '', 0, -1);
    this.flush();
    const { units, title, headings, meta, links, baseHref } = this;
    return { units, title, headings, meta, links, baseHref, source: 'html' };
  }

  /** Closes the open unit (a block ended); whitespace alone makes no unit. */
  private flush(): void {
    if (this.text.trim() !== '') this.units.push({ text: this.text, kind: 'block', pieces: this.pieces });
    this.text = '';
    this.pieces = [];
  }

  private visit(node: N, path: string, depth: number, table: number): void {
    if (depth > MAX_DEPTH) return;
    const a = this.adapter;
    if (a.isText(node)) {
      const t = a.textOf(node);
      if (t.length) {
        this.pieces.push({ start: this.text.length, path, offset: 0 });
        this.text += t;
      }
      return;
    }
    // document or fragment roots, and the head: only their children count
    if (!a.isElement(node)) return this.visitChildren(node, path, depth, table);
    const tag = a.tagName(node);
    if (tag === 'head') return this.visitChildren(node, path, depth, table);
    if (this.headTag(node, tag) || SKIP.has(tag)) return;
    if (tag === 'br') return this.flush();
    if ((tag === 'td' || tag === 'th') && !this.hasTable(node, 0)) {
      this.flush();
      return this.cellUnit(node, path, table);
    }
    this.visitElement(node, tag, path, depth, table);
  }

  // Children are read by first child and next sibling, not by index: indexing a live DOM's
  // childNodes from an extension's content script costs twice as much per node.
  private visitChildren(node: N, path: string, depth: number, table: number): void {
    const a = this.adapter;
    let i = 0;
    for (let k = a.firstChild(node); k !== null; k = a.nextSibling(k)) this.visit(k, join(path, i++), depth + 1, table);
  }

  /** `<title>`, `<meta>` and `<base>` go to the model's fields, not its text; true when the tag was one of them. */
  private headTag(node: N, tag: string): boolean {
    const a = this.adapter;
    if (tag === 'title') {
      if (this.title === null) this.title = this.textContent(node, 0).trim();
      return true;
    }
    if (tag === 'meta') {
      const key = (a.attr(node, 'name') ?? a.attr(node, 'property') ?? a.attr(node, 'http-equiv'))?.toLowerCase();
      const content = a.attr(node, 'content');
      if (key && content !== null && !(key in this.meta)) this.meta[key] = content;
      return true;
    }
    if (tag === 'base') {
      this.baseHref ??= a.attr(node, 'href');
      return true;
    }
    return false;
  }

  /** Any other element: a table numbers its cells, a heading is kept, a block ends units, a link is collected. */
  private visitElement(node: N, tag: string, path: string, depth: number, table: number): void {
    const t = tag === 'table' ? this.tableCount++ : table;
    if (isHeading(tag)) {
      const h = this.textContent(node, 0).replace(/\s+/g, ' ').trim();
      if (h) this.headings.push(h);
    }
    const block = BLOCK.has(tag);
    if (block) this.flush();
    // a link's text is the text its children add to the unit: no second walk of them
    const linkBefore = tag === 'a' ? this.text : null;
    const unitsBefore = this.units.length;
    this.visitChildren(node, path, depth, t);
    if (linkBefore !== null) {
      const inline = this.units.length === unitsBefore && this.text.startsWith(linkBefore);
      this.addLink(node, (inline ? this.text.slice(linkBefore.length) : this.textContent(node, 0)).trim(), linkBefore);
    }
    if (block) this.flush();
  }

  private addLink(node: N, text: string, before: string): void {
    this.links.push({
      href: this.adapter.attr(node, 'href'),
      text,
      titleAttr: this.adapter.attr(node, 'title'),
      before: before.slice(-24),
    });
  }

  /** A leaf cell: all its text in one unit, inner blocks joined by a space. */
  private cellUnit(node: N, path: string, table: number): void {
    const cell = { text: '', pieces: [] as TextPiece[] };
    const a = this.adapter;
    let i = 0;
    for (let k = a.firstChild(node); k !== null; k = a.nextSibling(k)) this.visitInCell(cell, k, join(path, i++), 1);
    this.units.push({ text: cell.text, kind: 'cell', element: path, pieces: cell.pieces, table });
  }

  private visitInCell(cell: { text: string; pieces: TextPiece[] }, n: N, p: string, depth: number): void {
    if (depth > MAX_DEPTH) return;
    const a = this.adapter;
    if (a.isText(n)) {
      const t = a.textOf(n);
      if (t.length) {
        cell.pieces.push({ start: cell.text.length, path: p, offset: 0 });
        cell.text += t;
      }
      return;
    }
    if (!a.isElement(n)) return;
    const tag = a.tagName(n);
    if (SKIP.has(tag)) return;
    const block = BLOCK.has(tag) || tag === 'br';
    if (block && cell.text.length && !/\s$/.test(cell.text)) cell.text += ' ';
    if (tag === 'a') this.addLink(n, this.textContent(n, 0).trim(), cell.text);
    let i = 0;
    for (let k = a.firstChild(n); k !== null; k = a.nextSibling(k)) this.visitInCell(cell, k, join(p, i++), depth + 1);
    if (block && cell.text.length && !/\s$/.test(cell.text)) cell.text += ' ';
  }

  private textContent(node: N, depth: number): string {
    const a = this.adapter;
    if (a.isText(node)) return a.textOf(node);
    if (!a.isElement(node) || depth > MAX_DEPTH) return '';
    if (SKIP.has(a.tagName(node))) return '';
    let s = '';
    for (let k = a.firstChild(node); k !== null; k = a.nextSibling(k)) s += this.textContent(k, depth + 1);
    return s;
  }

  private hasTable(node: N, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    const a = this.adapter;
    for (let k = a.firstChild(node); k !== null; k = a.nextSibling(k)) {
      if (!a.isElement(k)) continue;
      if (a.tagName(k) === 'table' || this.hasTable(k, depth + 1)) return true;
    }
    return false;
  }
}

/** h1, h2 or h3 (tags come lower-case), without a regular expression per element. */
function isHeading(tag: string): boolean {
  if (tag.length !== 2 || tag.charCodeAt(0) !== 104) return false;
  const d = tag.charCodeAt(1);
  return d >= 49 && d <= 51;
}

/** childNodes index paths: "" is the root, "0.3" its first child's fourth child. */
export function join(path: string, index: number): string {
  return path === '' ? `${index}` : `${path}.${index}`;
}

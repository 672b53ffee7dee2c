/**
 * Walks any tree (through a TreeAdapter) into the document model. Block elements end a unit,
 * leaf table cells are units of their own, and every text node's position is kept so that the
 * overlay can find the characters again in the live page.
 */
import { join, type DocModel, type PageLink, type TextPiece, type TreeAdapter, type Unit } from './model.js';

const BLOCK_TAGS = [
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header',
  'hr', 'html', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'tbody', 'td', 'tfoot',
  'th', 'thead', 'tr', 'ul', 'option', 'legend', 'details', 'summary',
];
const SKIP_TAGS = ['script', 'style', 'noscript', 'template', 'iframe', 'svg', 'math', 'select', 'textarea', 'object', 'embed', 'canvas', 'video', 'audio'];
const BLOCK = new Set(BLOCK_TAGS);
const SKIP = new Set(SKIP_TAGS);

/**
 * What the walker does with a tag, in one lookup per element: most elements of a page (span, a,
 * font, strong…) are in none of these, and the browser runs this walk over every node of the page.
 */
const T_BLOCK = 1;
const T_HEADING = 2;
const T_TABLE = 4;
const T_CELL = 8;
const T_LINK = 16;
const T_SKIP = 32;
const T_HEAD = 64;
const T_HEAD_TAG = 128;
const T_BR = 256;
/** the tags that stop the ordinary visit of an element */
const T_SPECIAL = T_SKIP | T_HEAD | T_HEAD_TAG | T_BR | T_CELL;
const TAG_CODE = new Map<string, number>([
  ...BLOCK_TAGS.map((t) => [t, T_BLOCK] as const),
  ...SKIP_TAGS.map((t) => [t, T_SKIP] as const),
  ['h1', T_BLOCK | T_HEADING], ['h2', T_BLOCK | T_HEADING], ['h3', T_BLOCK | T_HEADING],
  ['table', T_BLOCK | T_TABLE], ['td', T_BLOCK | T_CELL], ['th', T_BLOCK | T_CELL],
  ['a', T_LINK], ['head', T_HEAD], ['title', T_HEAD_TAG], ['meta', T_HEAD_TAG], ['base', T_HEAD_TAG], ['br', T_BR],
]);

/** Whether a text is more than whitespace (the same whitespace trim() removes), without a trimmed copy. */
const NON_SPACE = /\S/;

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
  private readonly pieces: TextPiece[] = [];
  private pieceCount = 0;
  /** how many times open text was closed (a link's text is then not simply what its children added) */
  private resets = 0;

  constructor(adapter: TreeAdapter<N>) {
    this.adapter = adapter;
  }

  walk(root: N): DocModel {
    this.visit(root, this.adapter.kind(root), '', 0, -1);
    this.flush();
    const { units, title, headings, meta, links, baseHref } = this;
    return { units, title, headings, meta, links, baseHref, source: 'html' };
  }

  /**
   * Closes the open unit (a block ended); whitespace alone makes no unit. A block has a cell's
   * fields, unset, in a cell's order: every unit of a page is then one shape to the engine, and the
   * readers that go through them all (navOf, buildStream, regionTokens…) are compiled once instead
   * of again each time a page shows them the other shape first. The open unit's pieces
   * gather in one array used again for every unit, and a unit keeps a copy of its own size: a new
   * array per unit would be allocated with room for 16 and kept so (most units have one to three
   * pieces), and the whitespace between blocks would cost an array each. Nothing open: nothing to do.
   */
  private flush(): void {
    if (this.text === '') return;
    if (NON_SPACE.test(this.text)) this.units.push({ text: this.text, kind: 'block', element: undefined, pieces: this.pieces.slice(0, this.pieceCount), table: undefined });
    // not `length = 0`, which gives the array's room back
    this.pieceCount = 0;
    this.text = '';
    this.resets++;
  }

  /** A node other than text, its kind already looked at: an element, or a document or fragment root. */
  private visit(node: N, kind: number, path: string, depth: number, table: number): void {
    if (depth > MAX_DEPTH) return;
    // document or fragment roots: only their children count
    if (kind !== 1) return this.visitChildren(node, path, depth, table);
    const tag = this.adapter.tagName(node);
    const code = TAG_CODE.get(tag) ?? 0;
    if (code & T_SPECIAL) {
      if (code & T_SKIP) return;
      // the head: only its children count; <title>, <meta> and <base> go to the model's fields
      if (code & T_HEAD) return this.visitChildren(node, path, depth, table);
      if (code & T_HEAD_TAG) return this.headTag(node, tag);
      if (code & T_BR) return this.flush();
      // a leaf table cell (td, th without a table inside) is a unit of its own
      if (!this.hasTable(node, 0)) {
        this.flush();
        return this.cellUnit(node, path, table);
      }
    }
    this.visitElement(node, code, path, depth, table);
  }

  // Children are read by first child and next sibling, not by index: indexing a live DOM's
  // childNodes from an extension's content script costs twice as much per node. One look at each
  // child's kind (every property read crosses from the content script into the page's DOM); text
  // is taken here and keeps its parent's path and its index, so no path is made for it.
  private visitChildren(node: N, path: string, depth: number, table: number): void {
    const a = this.adapter;
    let i = 0;
    for (let k = a.firstChild(node); k !== null; k = a.nextSibling(k), i++) {
      const kind = a.kind(k);
      if (kind !== 3) this.visit(k, kind, join(path, i), depth + 1, table);
      else if (depth < MAX_DEPTH) {
        const t = a.textOf(k);
        if (t.length) {
          this.pieces[this.pieceCount++] = { start: this.text.length, parent: path, index: i, offset: 0 };
          this.text += t;
        }
      }
    }
  }

  /** `<title>`, `<meta>` and `<base>` go to the model's fields, not its text. */
  private headTag(node: N, tag: string): void {
    const a = this.adapter;
    if (tag === 'title') {
      if (this.title === null) this.title = this.textContent(node, 0).trim();
    } else if (tag === 'meta') {
      const key = (a.attr(node, 'name') ?? a.attr(node, 'property') ?? a.attr(node, 'http-equiv'))?.toLowerCase();
      const content = a.attr(node, 'content');
      if (key && content !== null && !(key in this.meta)) this.meta[key] = content;
    } else {
      this.baseHref ??= a.attr(node, 'href');
    }
  }

  /** Any other element: a table numbers its cells, a heading is kept, a block ends units, a link is collected. */
  private visitElement(node: N, code: number, path: string, depth: number, table: number): void {
    const t = code & T_TABLE ? this.tableCount++ : table;
    if (code & T_HEADING) {
      const h = this.textContent(node, 0).replace(/\s+/g, ' ').trim();
      if (h) this.headings.push(h);
    }
    const block = (code & T_BLOCK) !== 0;
    if (block) this.flush();
    // a link's text is the text its children add to the unit: no second walk of them
    const linkBefore = code & T_LINK ? this.text : null;
    const unitsBefore = this.units.length;
    const resetsBefore = this.resets;
    this.visitChildren(node, path, depth, t);
    if (linkBefore !== null) {
      // with no unit closed in between, the text only grew: no need to compare it (a copy of a long unit)
      const inline = this.units.length === unitsBefore && (this.resets === resetsBefore || this.text.startsWith(linkBefore));
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
    this.adapter.cell?.(node, path);
    const cell = { text: '', pieces: [] as TextPiece[] };
    const a = this.adapter;
    let i = 0;
    for (let k = a.firstChild(node); k !== null; k = a.nextSibling(k)) this.visitInCell(cell, k, path, i++, 1);
    this.units.push({ text: cell.text, kind: 'cell', element: path, pieces: cell.pieces, table });
  }

  /** Node `index` of the node at `parent`, inside a leaf cell. */
  private visitInCell(cell: { text: string; pieces: TextPiece[] }, n: N, parent: string, index: number, depth: number): void {
    if (depth > MAX_DEPTH) return;
    const a = this.adapter;
    const kind = a.kind(n);
    if (kind === 3) {
      const t = a.textOf(n);
      if (t.length) {
        cell.pieces.push({ start: cell.text.length, parent, index, offset: 0 });
        cell.text += t;
      }
      return;
    }
    const p = join(parent, index);
    if (kind !== 1) return;
    const tag = a.tagName(n);
    if (SKIP.has(tag)) return;
    const block = BLOCK.has(tag) || tag === 'br';
    if (block && cell.text.length && !/\s$/.test(cell.text)) cell.text += ' ';
    if (tag === 'a') this.addLink(n, this.textContent(n, 0).trim(), cell.text);
    let i = 0;
    for (let k = a.firstChild(n); k !== null; k = a.nextSibling(k)) this.visitInCell(cell, k, p, i++, depth + 1);
    if (block && cell.text.length && !/\s$/.test(cell.text)) cell.text += ' ';
  }

  private textContent(node: N, depth: number): string {
    const a = this.adapter;
    const kind = a.kind(node);
    if (kind === 3) return a.textOf(node);
    if (kind !== 1 || depth > MAX_DEPTH) return '';
    if (SKIP.has(a.tagName(node))) return '';
    let s = '';
    for (let k = a.firstChild(node); k !== null; k = a.nextSibling(k)) s += this.textContent(k, depth + 1);
    return s;
  }

  private hasTable(node: N, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    const a = this.adapter;
    for (let k = a.firstChild(node); k !== null; k = a.nextSibling(k)) {
      if (a.kind(k) !== 1) continue;
      if (a.tagName(k) === 'table' || this.hasTable(k, depth + 1)) return true;
    }
    return false;
  }
}

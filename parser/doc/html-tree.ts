/**
 * The tree htmlToModel walks, built from htmlparser2's Parser events: the same nodes, in the same
 * order, as domhandler's `parseDocument` (texts merged as it merges them, comments and processing
 * instructions kept, since they count in a child's index and so in every cell's path), but each
 * node only what the walk reads — kind, tag name, attributes, text, first child, next sibling.
 *
 * Why not domhandler: its nodes carry parents, previous siblings, child arrays and index fields
 * the walk never looks at; on a page of site chrome (hundreds of menu links) building them was a
 * third of the parse of the HTML.
 */
import { Parser, type Handler, type ParserOptions } from 'htmlparser2';
import type { TreeAdapter } from './model.js';

/** 1 element (script and style included), 3 text, 0 the root, a comment or a processing instruction. */
export interface HtmlNode {
  kind: 0 | 1 | 3;
  /** the tag name, lower case (elements); '#comment' for a comment, so that its parts merge */
  name: string;
  attribs: Record<string, string> | null;
  data: string;
  first: HtmlNode | null;
  last: HtmlNode | null;
  next: HtmlNode | null;
}

const node = (kind: 0 | 1 | 3, name: string, attribs: Record<string, string> | null, data: string): HtmlNode => ({ kind, name, attribs, data, first: null, last: null, next: null });

const COMMENT = '#comment';

/** domhandler's DomHandler, reduced to the tree above (see its `addNode`, `ontext`, `oncomment`). */
class TreeBuilder implements Partial<Handler> {
  readonly root = node(0, '', null, '');
  private readonly open: HtmlNode[] = [this.root];
  /** the node text or a comment's next part would be added to, while nothing else came between */
  private lastNode: HtmlNode | null = null;

  private add(n: HtmlNode): void {
    const parent = this.open[this.open.length - 1];
    if (parent.last) parent.last.next = n;
    else parent.first = n;
    parent.last = n;
    this.lastNode = null;
  }

  onopentag(name: string, attribs: Record<string, string>): void {
    const el = node(1, name, attribs, '');
    this.add(el);
    this.open.push(el);
  }

  onclosetag(): void {
    this.lastNode = null;
    this.open.pop();
  }

  ontext(data: string): void {
    const last = this.lastNode;
    if (last && last.kind === 3) {
      last.data += data;
      return;
    }
    const t = node(3, '', null, data);
    this.add(t);
    this.lastNode = t;
  }

  oncomment(data: string): void {
    if (this.lastNode && this.lastNode.name === COMMENT) return;
    const c = node(0, COMMENT, null, data);
    this.add(c);
    this.lastNode = c;
  }

  oncommentend(): void {
    this.lastNode = null;
  }

  oncdatastart(): void {
    // only in XML mode or with recognizeCDATA (HTML gives comments): a node holding one text
    const cdata = node(0, '#cdata', null, '');
    this.add(cdata);
    const text = node(3, '', null, '');
    cdata.first = cdata.last = text;
    this.lastNode = text;
  }

  oncdataend(): void {
    this.lastNode = null;
  }

  onprocessinginstruction(): void {
    this.add(node(0, '#instruction', null, ''));
  }
}

/** The page's tree: the root, a kind-0 node whose children are the page's top-level nodes. */
export function parseHtmlTree(html: string, options: ParserOptions): HtmlNode {
  const builder = new TreeBuilder();
  new Parser(builder, options).end(html);
  return builder.root;
}

export const htmlTreeAdapter: TreeAdapter<HtmlNode> = {
  kind: (n) => n.kind,
  tagName: (n) => n.name,
  firstChild: (n) => n.first,
  nextSibling: (n) => n.next,
  textOf: (n) => n.data,
  attr: (n, name) => n.attribs?.[name] ?? null,
};

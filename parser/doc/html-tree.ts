/**
 * The tree htmlToModel walks, built straight from htmlparser2's Tokenizer: the same nodes, in the
 * same order, as htmlparser2's Parser feeding domhandler's `parseDocument` in HTML mode (texts
 * merged as domhandler merges them, comments and processing instructions kept, since they count in
 * a child's index and so in every cell's path), but each node only what the walk reads — kind, tag
 * name, attributes, text, first child, next sibling.
 *
 * Why not the Parser and domhandler: domhandler's nodes carry parents, previous siblings, child
 * arrays and index fields the walk never looks at (building them was a third of the parse of the
 * HTML), and the Parser's own layer — an open-element stack kept with its top at index 0
 * (`unshift`/`shift` on every tag), each tag name looked up in four tables, an event per attribute
 * — cost more than the tokenizer itself (0.64 against 0.41 ms on a ~110 KB page of site chrome).
 * Here the stack is the tree's own open nodes, top last.
 *
 * The Parser's HTML-mode rules kept here, each where htmlparser2 has it (Parser.js): a start tag
 * closes the open elements it implies closed (`<li>` an open `<li>`, `<td>` a `<td>`, a block a
 * `<p>`), void elements never stay open, an end tag closes up to the nearest open element of its
 * name or is ignored (a stray `</p>` makes an empty `<p>`, a stray `</br>` a `<br>`), `<x/>` is
 * self-closing only inside `<svg>`/`<math>`, an attribute's first value counts, CDATA is a comment.
 * tests/html-tree.test.ts compares the models with domhandler's on a table of cases, on generated
 * tag soup and on every page we have.
 */
import type { TokenizerCallbacks } from 'htmlparser2';
import { fastTokenizer } from './fast-tokenizer.js';
import type { TreeAdapter } from './model.js';

/** 1 element (script and style included), 3 text, 0 the root, a comment or a processing instruction. */
export interface HtmlNode {
  kind: 0 | 1 | 3;
  /** the tag name, lower case (elements); '#comment' or '#instruction' for those */
  name: string;
  attribs: Record<string, string> | null;
  data: string;
  first: HtmlNode | null;
  last: HtmlNode | null;
  next: HtmlNode | null;
}

const node = (kind: 0 | 1 | 3, name: string, attribs: Record<string, string> | null, data: string): HtmlNode => ({ kind, name, attribs, data, first: null, last: null, next: null });

// htmlparser2's tables (Parser.js), as they are there
const formTags = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const pTag = new Set(['p']);
const tableSectionTags = new Set(['thead', 'tbody']);
const ddtTags = new Set(['dd', 'dt']);
const rtpTags = new Set(['rt', 'rp']);
/** a start tag → the open elements it closes, while one of them is the innermost */
const OPEN_IMPLIES_CLOSE = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['li', new Set(['li'])],
  ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((t): [string, Set<string>] => [t, pTag]),
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((t): [string, Set<string>] => [t, formTags]),
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', ddtTags],
  ['dt', ddtTags],
  ...['address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul'].map(
    (t): [string, Set<string>] => [t, pTag],
  ),
  ['rt', rtpTags],
  ['rp', rtpTags],
  ['tbody', tableSectionTags],
  ['tfoot', tableSectionTags],
]);
const VOID = new Set(['area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const FOREIGN = new Set(['math', 'svg']);
const INTEGRATION = new Set(['mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject', 'desc', 'title']);

const COMMENT = '#comment';
const INSTRUCTION = '#instruction';
const hasOwn = Object.prototype.hasOwnProperty;

/** The Tokenizer's events → the tree. One instance per page. */
class TreeBuilder implements TokenizerCallbacks {
  readonly root = node(0, '', null, '');
  /** the root and the open elements, innermost last */
  private readonly open: HtmlNode[] = [this.root];
  /** whether the innermost foreign or integration element is foreign (svg, math): `<x/>` closes there */
  private readonly foreign: boolean[] = [false];
  /** the start tag being read: its name and attributes, until its `>` */
  private tagname = '';
  private attribs: Record<string, string> | null = null;
  private attribname = '';
  private attribvalue = '';
  /** the text node the next text joins, while nothing else came between (domhandler merges them) */
  private lastNode: HtmlNode | null = null;

  constructor(private readonly html: string) {}

  /**
   * `html.slice(start, end).toLowerCase()` without a new string each time: a page names the same
   * few tags and attributes thousands of times (a menu of hundreds of links), and a name as the
   * page writes it in lower case is found again in `seen`, by its length and first and last letters.
   */
  private nameAt(seen: Map<number, string>, start: number, end: number): string {
    const html = this.html;
    const key = (end - start) * 16384 + (html.charCodeAt(start) & 127) * 128 + (html.charCodeAt(end - 1) & 127);
    const known = seen.get(key);
    if (known !== undefined && html.startsWith(known, start)) return known;
    const name = html.slice(start, end).toLowerCase();
    seen.set(key, name);
    return name;
  }
  private readonly tagNames = new Map<number, string>();
  private readonly attribNames = new Map<number, string>();

  private add(n: HtmlNode): void {
    const parent = this.open[this.open.length - 1];
    if (parent.last) parent.last.next = n;
    else parent.first = n;
    parent.last = n;
    this.lastNode = null;
  }

  /** The innermost open element ends (domhandler's onclosetag). */
  private closeInnermost(): void {
    this.lastNode = null;
    if (this.open.length > 1) this.open.pop();
  }

  private text(data: string): void {
    const last = this.lastNode;
    if (last && last.kind === 3) {
      last.data += data;
      return;
    }
    const t = node(3, '', null, data);
    this.add(t);
    this.lastNode = t;
  }

  /** A comment, CDATA (a comment in HTML), a doctype or a processing instruction: a node that counts in its siblings' indexes. */
  private other(name: string): void {
    this.add(node(0, name, null, ''));
  }

  // ---------- start tags (Parser: onopentagname, emitOpenTag, endOpenTag, closeCurrentTag) ----------

  onopentagname(start: number, end: number): void {
    this.openTag(this.nameAt(this.tagNames, start, end));
  }

  private openTag(name: string): void {
    const implied = OPEN_IMPLIES_CLOSE.get(name);
    if (implied) while (this.open.length > 1 && implied.has(this.open[this.open.length - 1].name)) this.closeInnermost();
    if (!VOID.has(name)) {
      if (FOREIGN.has(name)) this.foreign.push(true);
      else if (INTEGRATION.has(name)) this.foreign.push(false);
    }
    this.tagname = name;
    this.attribs = {};
  }

  /** The start tag's `>`: its element joins the tree, open unless void. */
  private endOpenTag(): void {
    const attribs = this.attribs;
    if (!attribs) return;
    this.attribs = null;
    const el = node(1, this.tagname, attribs, '');
    this.add(el);
    if (!VOID.has(this.tagname)) this.open.push(el);
  }

  onopentagend(): void {
    this.endOpenTag();
  }

  onselfclosingtag(): void {
    if (!this.foreign[this.foreign.length - 1]) return this.endOpenTag();
    const name = this.tagname;
    this.endOpenTag();
    if (this.open.length > 1 && this.open[this.open.length - 1].name === name) this.closeInnermost();
  }

  onattribname(start: number, end: number): void {
    this.attribname = this.nameAt(this.attribNames, start, end);
  }

  onattribdata(start: number, end: number): void {
    this.attribvalue += this.html.slice(start, end);
  }

  onattribentity(cp: number): void {
    this.attribvalue += String.fromCodePoint(cp);
  }

  onattribend(): void {
    if (this.attribs && !hasOwn.call(this.attribs, this.attribname)) this.attribs[this.attribname] = this.attribvalue;
    this.attribvalue = '';
  }

  // ---------- end tags (Parser: onclosetag) ----------

  onclosetag(start: number, end: number): void {
    const name = this.nameAt(this.tagNames, start, end);
    if (FOREIGN.has(name) || INTEGRATION.has(name)) this.foreign.pop();
    if (!VOID.has(name)) {
      const open = this.open;
      let at = open.length - 1;
      while (at > 0 && open[at].name !== name) at--;
      if (at > 0) while (open.length > at) this.closeInnermost();
      else if (name === 'p') {
        // a stray </p>: an empty <p>
        this.openTag('p');
        this.endOpenTag();
        this.closeInnermost();
      }
    } else if (name === 'br') {
      // a stray </br>: a <br>
      this.add(node(1, 'br', {}, ''));
    }
  }

  // ---------- text, comments, the rest ----------

  ontext(start: number, end: number): void {
    this.text(this.html.slice(start, end));
  }

  ontextentity(cp: number): void {
    this.text(String.fromCodePoint(cp));
  }

  oncomment(): void {
    this.other(COMMENT);
  }

  oncdata(): void {
    // in HTML, CDATA is a comment
    this.other(COMMENT);
  }

  ondeclaration(): void {
    this.other(INSTRUCTION);
  }

  onprocessinginstruction(): void {
    this.other(INSTRUCTION);
  }

  onend(): void {
    // elements still open at the end stay as they are: nothing is added after them
  }
}

/** The page's tree: the root, a kind-0 node whose children are the page's top-level nodes. */
export function parseHtmlTree(html: string): HtmlNode {
  const builder = new TreeBuilder(html);
  const tokenizer = new fastTokenizer({ decodeEntities: true, xmlMode: false }, builder);
  tokenizer.write(html);
  tokenizer.end();
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

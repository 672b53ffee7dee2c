/**
 * parser/doc/html-tree.ts must give the walk the tree domhandler gives: the document model of
 * every page (units, their pieces and paths, links, title, meta) the same as through htmlparser2's
 * `parseDocument` and a domhandler adapter (the reference below, as html.ts was before) — on a
 * table of inputs where the two trees could part (texts split by entities or comments, comments in
 * parts, processing instructions, implied and void tags) and on every HTML page we have.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { AnyNode, Element, Text } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastTokenizer } from '../parser/doc/fast-tokenizer.js';
import { htmlToModel } from '../parser/doc/html.js';
import { parseHtmlTree, type HtmlNode } from '../parser/doc/html-tree.js';
import type { TreeAdapter } from '../parser/doc/model.js';
import { walkTree } from '../parser/doc/walk.js';
import { chainEntries, chainPage, siteChrome } from '../sites/chain-site.js';

const domhandlerAdapter: TreeAdapter<AnyNode> = {
  kind: (n) => (n.type === 'text' ? 3 : n.type === 'tag' || n.type === 'script' || n.type === 'style' ? 1 : 0),
  tagName: (n) => (n as Element).name.toLowerCase(),
  firstChild: (n) => ('children' in n ? (n as Element).children[0] ?? null : null),
  nextSibling: (n) => n.next,
  textOf: (n) => (n as Text).data,
  attr: (n, name) => (n as Element).attribs?.[name] ?? null,
};

/** The htmlparser2 Parser options whose tree html-tree.ts builds: lower-case names, entities decoded, HTML mode. */
const HTML_OPTIONS = { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, Tokenizer: fastTokenizer } as const;

const reference = (html: string) => walkTree<AnyNode>(parseDocument(html, HTML_OPTIONS) as unknown as AnyNode, domhandlerAdapter);

const CASES: [string, string][] = [
  ['a text split by entities stays one text', '<p>a &amp; b &lt; c</p>'],
  ['a comment between two texts parts them', '<table><tr><td>12<!-- x -->34</td><td>5</td></tr></table>'],
  ['a comment counts in the children\'s indexes', '<table><tr><!--a--><td>1</td><!--b--><!--c--><td>2</td></tr></table>'],
  ['processing instructions and a doctype', '<!DOCTYPE html><?xml version="1.0"?><html><body><p>t</p></body></html>'],
  ['CDATA in HTML is a comment', '<div>a<![CDATA[ b ]]>c</div>'],
  ['implied closes: p, li, td, tr, option', '<ul><li>a<li>b</ul><p>x<p>y<table><tr><td>1<td>2<tr><td>3</table><select><option>1<option>2</select>'],
  ['void elements and a stray </br> and </p>', '<p>a<br>b<img src=x alt="y">c</br>d</p></p>e'],
  ['upper-case tags and attributes', '<TABLE BORDER=1><TR><TD COLSPAN="2">合计</TD></TR></TABLE><A HREF="/n.html">下一条</A>'],
  ['script, style and title', '<head><title>报告 &amp; 公开</title><style>td{}</style><script>var a="<td>";</script></head><body>正文</body>'],
  ['unclosed tags at the end', '<div><table><tr><td>1'],
  ['duplicate attributes: the first counts', '<a href="/1.html" href="/2.html">上一条：标题</a>'],
  ['self-closing only in svg and math, integration elements leave it', '<svg><path/><desc><p/>x</desc><g/></svg><div/>y<math><mi/></math>'],
  ['a stray end tag does not part a text', '<p>a</span>b</x>c</p>'],
  ['implied closes by headings, forms and table sections', '<p>a<h1>b</h1><form><input><select><option>1<button>x</button></form><table><thead><tr><td>1<tbody><tr><td>2<tfoot><tr><td>3</table>'],
  ['an unterminated start tag at the end', '<div><p>t<a href="x'],
  ['names alike in length and first and last letters, in either case', '<xaax id=1>a</xaax><xbbx ID=2>b</XBBX><XAAX iD=3>c</xaax><p lang=a title=b>d</P>'],
];

/** A tree as nested text: elements with their attributes, texts, comments (#c), instructions (#i). */
function dumpOurs(n: HtmlNode): string {
  const kids: string[] = [];
  for (let k = n.first; k; k = k.next) kids.push(dumpOurs(k));
  if (n.kind === 3) return JSON.stringify(n.data);
  if (n.kind === 1) return `<${n.name} ${JSON.stringify(n.attribs)}>[${kids.join(',')}]`;
  return n.name === '#comment' ? '#c' : n.name === '#instruction' ? '#i' : `[${kids.join(',')}]`;
}
function dumpDomhandler(n: AnyNode): string {
  const kids = 'children' in n ? (n as Element).children.map(dumpDomhandler) : [];
  if (n.type === 'text') return JSON.stringify((n as Text).data);
  if (n.type === 'tag' || n.type === 'script' || n.type === 'style') return `<${(n as Element).name} ${JSON.stringify((n as Element).attribs)}>[${kids.join(',')}]`;
  return n.type === 'comment' ? '#c' : n.type === 'directive' ? '#i' : `[${kids.join(',')}]`;
}

/** Tag soup from the pieces where htmlparser2's rules differ by tag: implied and void tags, foreign content, strays, entities. */
const TAGS = ['p', 'div', 'li', 'ul', 'table', 'tr', 'td', 'th', 'tbody', 'thead', 'tfoot', 'select', 'option', 'optgroup', 'svg', 'math', 'title', 'desc', 'mi', 'foreignObject', 'br', 'img', 'input', 'hr', 'a', 'span', 'dd', 'dt', 'h1', 'form', 'button', 'B', 'TD', 'script', 'style'];
const piece = fc.oneof(
  fc.record({ tag: fc.constantFrom(...TAGS), attrs: fc.array(fc.tuple(fc.constantFrom('href', 'HREF', 'id', 'class', 'x'), fc.constantFrom('"a"', "'b&amp;c'", 'd', '"&#x4e00;"', '""')), { maxLength: 3 }), self: fc.boolean() }).map(
    ({ tag, attrs, self }) => `<${tag}${attrs.map(([k, v]) => ` ${k}=${v}`).join('')}${self ? '/' : ''}>`,
  ),
  fc.constantFrom(...TAGS).map((t) => `</${t}>`),
  fc.constantFrom('文本', 'a &amp; b', '&lt;td&gt;', '12', ' ', '&#20013;', '&nbsp;x'),
  fc.constantFrom('<!-- c -->', '<!DOCTYPE html>', '<?xml v?>', '<![CDATA[ d ]]>', '</p>', '</br>', '</img>'),
);
const soup = fc.tuple(fc.array(piece, { maxLength: 40 }), fc.nat(6)).map(([parts, cut]) => {
  const html = parts.join('');
  return cut === 0 ? html.slice(0, Math.max(0, html.length - 3)) : html; // now and then cut mid-token
});

describe('the HTML tree: the same model as through domhandler', () => {
  it.each(CASES)('%s', (_, html) => {
    const ref = reference(html);
    expect(ref.units.length + ref.links.length).toBeGreaterThan(0);
    expect(htmlToModel(html)).toEqual(ref);
  });

  it('on generated tag soup: the same tree as the Parser and domhandler, node for node', () => {
    fc.assert(
      fc.property(soup, (html) => {
        expect(dumpOurs(parseHtmlTree(html))).toBe(dumpDomhandler(parseDocument(html, HTML_OPTIONS) as unknown as AnyNode));
        expect(htmlToModel(html)).toEqual(reference(html));
      }),
      { numRuns: 3000, seed: 13 },
    );
  });

  it('on the bench pages (site chrome around a report)', () => {
    const entries = chainEntries(3);
    const chrome = siteChrome(104);
    const index = new Map(entries.map((x, i) => [x.path, i]));
    for (const e of entries) {
      const html = (chainPage(entries, index, e.path)!.body as string).replace('</head>', `${chrome.head}</head>`).replace('<div class="footer">', `${chrome.menu}<div class="footer">`);
      expect(htmlToModel(html)).toEqual(reference(html));
    }
  });

  it('on the repository fixtures', () => {
    const dir = new URL('./fixtures/', import.meta.url);
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.html'))) {
      const html = readFileSync(new URL(f, dir), 'utf8');
      expect(htmlToModel(html), f).toEqual(reference(html));
    }
  });

  const real = new URL('../../shared/real/', import.meta.url);
  it.skipIf(!existsSync(real))('on the real pages of ../shared (skipped when absent)', () => {
    for (const f of readdirSync(real).filter((x) => x.endsWith('.html'))) {
      const html = readFileSync(new URL(f, real), 'utf8');
      expect(htmlToModel(html), f).toEqual(reference(html));
    }
  });
});

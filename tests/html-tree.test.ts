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
import { describe, expect, it } from 'vitest';
import { HTML_OPTIONS, htmlToModel } from '../parser/doc/html.js';
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
];

describe('the HTML tree: the same model as through domhandler', () => {
  it.each(CASES)('%s', (_, html) => {
    const ref = reference(html);
    expect(ref.units.length + ref.links.length).toBeGreaterThan(0);
    expect(htmlToModel(html)).toEqual(ref);
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

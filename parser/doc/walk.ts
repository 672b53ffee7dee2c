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
  const units: Unit[] = [];
  const headings: string[] = [];
  const meta: Record<string, string> = {};
  const links: PageLink[] = [];
  let title: string | null = null;
  let baseHref: string | null = null;
  let tableCount = 0;

  let text = '';
  let pieces: TextPiece[] = [];
  const flush = () => {
    if (text.trim() !== '') units.push({ text, kind: 'block', pieces });
    text = '';
    pieces = [];
  };

  const textContent = (node: N, depth: number): string => {
    if (adapter.isText(node)) return adapter.textOf(node);
    if (!adapter.isElement(node) || depth > MAX_DEPTH) return '';
    if (SKIP.has(adapter.tagName(node))) return '';
    const kids = adapter.childNodes(node);
    let s = '';
    for (let i = 0; i < kids.length; i++) s += textContent(kids[i], depth + 1);
    return s;
  };

  const hasTable = (node: N, depth: number): boolean => {
    if (depth > MAX_DEPTH) return false;
    const kids = adapter.childNodes(node);
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i];
      if (!adapter.isElement(k)) continue;
      if (adapter.tagName(k) === 'table' || hasTable(k, depth + 1)) return true;
    }
    return false;
  };

  // A leaf cell: all its text in one unit, inner blocks joined by a space.
  const cellUnit = (node: N, path: string, table: number) => {
    let ctext = '';
    const cpieces: TextPiece[] = [];
    const visit = (n: N, p: string, depth: number) => {
      if (depth > MAX_DEPTH) return;
      if (adapter.isText(n)) {
        const t = adapter.textOf(n);
        if (t.length) {
          cpieces.push({ start: ctext.length, path: p, offset: 0 });
          ctext += t;
        }
        return;
      }
      if (!adapter.isElement(n)) return;
      const tag = adapter.tagName(n);
      if (SKIP.has(tag)) return;
      const block = BLOCK.has(tag) || tag === 'br';
      if (block && ctext.length && !/\s$/.test(ctext)) ctext += ' ';
      if (tag === 'a') collectLink(n, ctext);
      const kids = adapter.childNodes(n);
      for (let i = 0; i < kids.length; i++) visit(kids[i], join(p, i), depth + 1);
      if (block && ctext.length && !/\s$/.test(ctext)) ctext += ' ';
    };
    const kids = adapter.childNodes(node);
    for (let i = 0; i < kids.length; i++) visit(kids[i], join(path, i), 1);
    units.push({ text: ctext, kind: 'cell', element: path, pieces: cpieces, table });
  };

  const collectLink = (node: N, before: string) => {
    links.push({
      href: adapter.attr(node, 'href'),
      text: textContent(node, 0).trim(),
      titleAttr: adapter.attr(node, 'title'),
      before: before.slice(-24),
    });
  };

  const visit = (node: N, path: string, depth: number, table: number) => {
    if (depth > MAX_DEPTH) return;
    if (adapter.isText(node)) {
      const t = adapter.textOf(node);
      if (t.length) {
        pieces.push({ start: text.length, path, offset: 0 });
        text += t;
      }
      return;
    }
    if (!adapter.isElement(node)) {
      // document or fragment roots
      const kids = adapter.childNodes(node);
      for (let i = 0; i < kids.length; i++) visit(kids[i], join(path, i), depth + 1, table);
      return;
    }
    const tag = adapter.tagName(node);
    if (tag === 'title') {
      if (title === null) title = textContent(node, 0).trim();
      return;
    }
    if (tag === 'meta') {
      const key = (adapter.attr(node, 'name') ?? adapter.attr(node, 'property') ?? adapter.attr(node, 'http-equiv'))?.toLowerCase();
      const content = adapter.attr(node, 'content');
      if (key && content !== null && !(key in meta)) meta[key] = content;
      return;
    }
    if (tag === 'base') {
      baseHref ??= adapter.attr(node, 'href');
      return;
    }
    if (tag === 'head') {
      const kids = adapter.childNodes(node);
      for (let i = 0; i < kids.length; i++) visit(kids[i], join(path, i), depth + 1, table);
      return;
    }
    if (SKIP.has(tag)) return;
    if (tag === 'br') {
      flush();
      return;
    }
    if ((tag === 'td' || tag === 'th') && !hasTable(node, 0)) {
      flush();
      cellUnit(node, path, table);
      return;
    }
    let t = table;
    if (tag === 'table') t = tableCount++;
    if (/^h[1-3]$/.test(tag)) {
      const h = textContent(node, 0).replace(/\s+/g, ' ').trim();
      if (h) headings.push(h);
    }
    const block = BLOCK.has(tag);
    if (block) flush();
    // a link's text is the text its children add to the unit: no second walk of them
    const linkBefore = tag === 'a' ? text : null;
    const unitsBefore = units.length;
    const kids = adapter.childNodes(node);
    for (let i = 0; i < kids.length; i++) visit(kids[i], join(path, i), depth + 1, t);
    if (linkBefore !== null) {
      const inline = units.length === unitsBefore && text.startsWith(linkBefore);
      links.push({
        href: adapter.attr(node, 'href'),
        text: (inline ? text.slice(linkBefore.length) : textContent(node, 0)).trim(),
        titleAttr: adapter.attr(node, 'title'),
        before: linkBefore.slice(-24),
      });
    }
    if (block) flush();
  };

  visit(root, '', 0, -1);
  flush();
  return { units, title, headings, meta, links, baseHref, source: 'html' };
}

/** childNodes index paths: "" is the root, "0.3" its first child's fourth child. */
export function join(path: string, index: number): string {
  return path === '' ? `${index}` : `${path}.${index}`;
}

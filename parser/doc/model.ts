/**
 * The small document model the parser reads: the page as a sequence of text units (a table
 * cell, a paragraph, a line), each able to turn character offsets back into a location on the
 * page. Two thin adapters build it: one over htmlparser2's tree (Node, tests) and one over the
 * live DOM (the extension); plain text becomes one unit per line; a PDF's positioned text
 * becomes cells rebuilt from geometry (pdf-layout.ts).
 */
import type { Loc } from '../record/schema.js';

export interface TextPiece {
  /** offset of the piece in the unit's text */
  start: number;
  /** where the text node is: child `index` of the node at the childNodes index path `parent` (its own path is made only when a location needs it) */
  parent: string;
  index: number;
  /** offset of the piece's first character inside the text node */
  offset: number;
}

export interface Unit {
  /** The text as it stands on the page (not folded). */
  text: string;
  /** `cell`: a table cell without nested tables (an empty one is a blank cell); `block`: a paragraph or line. */
  kind: 'cell' | 'block';
  /** For cells: the element path of the td/th. */
  element?: string;
  /** For HTML: where each stretch of the text comes from. */
  pieces?: TextPiece[];
  /** For plain text: 1-based line. */
  line?: number;
  /** Index of the `<table>` the cell belongs to (document order). */
  table?: number;
  /** For PDF: where the unit's text stands on its page. */
  box?: Box;
}

/** A rectangle on a PDF page: 1-based page, points from the page's top-left corner. */
export interface Box {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PageLink {
  href: string | null;
  text: string;
  titleAttr: string | null;
  /** Text just before the link in its unit, where a label such as 上一篇： stands. */
  before: string;
}

export interface DocModel {
  units: Unit[];
  /** `<title>` text, when there is a head. */
  title: string | null;
  /** Texts of h1–h3 headings, in order. */
  headings: string[];
  /** `<meta name|property>` values, keys lower-cased. */
  meta: Record<string, string>;
  links: PageLink[];
  /** `<base href>` when present. */
  baseHref: string | null;
  source: 'html' | 'text' | 'pdf';
}

/** The minimal view of a tree that the walker needs; implemented for htmlparser2 and the DOM. */
export interface TreeAdapter<N> {
  /** 1 for an element, 3 for text, 0 for anything else (document, comment): one look at the node */
  kind(node: N): 0 | 1 | 3;
  /** lower-case tag name */
  tagName(node: N): string;
  /** the first child (null for none); with nextSibling, children in document order */
  firstChild(node: N): N | null;
  nextSibling(node: N): N | null;
  textOf(node: N): string;
  attr(node: N, name: string): string | null;
  /** Told of each leaf table cell the walk makes a unit of, with its path (the live DOM's adapter keeps them for the overlay). */
  cell?(node: N, path: string): void;
}

/** Turns a character range of a unit into a page location. */
export function locate(unit: Unit, start: number, end: number): Loc {
  if (unit.box !== undefined) return { kind: 'box', ...unit.box };
  if (unit.line !== undefined) {
    return { kind: 'text', line: unit.line, column: start + 1, length: Math.max(0, end - start) };
  }
  if (unit.element !== undefined && coversAllText(unit.text, start, end)) {
    return { kind: 'element', path: unit.element };
  }
  const pieces = unit.pieces ?? [];
  if (pieces.length === 0) {
    return unit.element !== undefined ? { kind: 'element', path: unit.element } : { kind: 'range', start: { path: '', offset: 0 }, end: { path: '', offset: 0 } };
  }
  const at = (i: number, isEnd: boolean) => {
    let k = 0;
    // the piece holding character i (for an end offset, the piece holding i-1)
    const probe = isEnd ? Math.max(0, i - 1) : i;
    for (let j = 0; j < pieces.length; j++) if (pieces[j].start <= probe) k = j;
    const p = pieces[k];
    return { path: join(p.parent, p.index), offset: p.offset + (i - p.start) };
  };
  return { kind: 'range', start: at(start, false), end: at(end, true) };
}

function coversAllText(text: string, start: number, end: number): boolean {
  return text.slice(0, start).trim() === '' && text.slice(end).trim() === '';
}

/** childNodes index paths: "" is the root, "0.3" its first child's fourth child. */
export function join(path: string, index: number): string {
  return path === '' ? `${index}` : `${path}.${index}`;
}

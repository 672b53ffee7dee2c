/**
 * HTML source → document model, through htmlparser2 (pure JavaScript, no DOM): used in Node and
 * in tests. The extension builds the same model from the live DOM with its own adapter.
 */
import { parseDocument } from 'htmlparser2';
import type { AnyNode, Element, Text } from 'domhandler';
import type { DocModel, TreeAdapter } from './model.js';
import { walkTree } from './walk.js';
import { fastTokenizer } from './fast-tokenizer.js';

export const domhandlerAdapter: TreeAdapter<AnyNode> = {
  kind: (n) => (n.type === 'text' ? 3 : n.type === 'tag' || n.type === 'script' || n.type === 'style' ? 1 : 0),
  tagName: (n) => (n as Element).name.toLowerCase(),
  firstChild: (n) => ('children' in n ? (n as Element).children[0] ?? null : null),
  nextSibling: (n) => n.next,
  textOf: (n) => (n as Text).data,
  attr: (n, name) => (n as Element).attribs?.[name] ?? null,
};

export function htmlToModel(html: string): DocModel {
  const doc = parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, Tokenizer: fastTokenizer });
  return walkTree<AnyNode>(doc as unknown as AnyNode, domhandlerAdapter);
}

/** Whether a string is HTML rather than plain text. */
export function looksLikeHtml(input: string): boolean {
  const head = input.slice(0, 4096).trimStart();
  if (head.startsWith('<')) return true;
  return /<(html|body|table|tr|td|p|div|br)\b[^>]*>/i.test(input.slice(0, 200_000));
}

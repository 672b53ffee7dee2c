/**
 * HTML source → document model, through htmlparser2 (pure JavaScript, no DOM): used in Node and
 * in tests. The extension builds the same model from the live DOM with its own adapter.
 */
import { fastTokenizer } from './fast-tokenizer.js';
import { htmlTreeAdapter, parseHtmlTree } from './html-tree.js';
import type { DocModel } from './model.js';
import { walkTree } from './walk.js';

/**
 * The htmlparser2 Parser options whose tree html-tree.ts builds (tag and attribute names in lower
 * case, entities decoded, HTML mode): what a Parser given them and domhandler make is the
 * reference the tree is tested against.
 */
export const HTML_OPTIONS = { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, Tokenizer: fastTokenizer } as const;

export function htmlToModel(html: string): DocModel {
  return walkTree(parseHtmlTree(html), htmlTreeAdapter);
}

/** Whether a string is HTML rather than plain text. */
export function looksLikeHtml(input: string): boolean {
  const head = input.slice(0, 4096).trimStart();
  if (head.startsWith('<')) return true;
  return /<(html|body|table|tr|td|p|div|br)\b[^>]*>/i.test(input.slice(0, 200_000));
}

/**
 * HTML source → document model, through htmlparser2 (pure JavaScript, no DOM): used in Node and
 * in tests. The extension builds the same model from the live DOM with its own adapter.
 */
import { htmlTreeAdapter, parseHtmlTree } from './html-tree.js';
import type { DocModel } from './model.js';
import { walkTree } from './walk.js';

export function htmlToModel(html: string): DocModel {
  return walkTree(parseHtmlTree(html), htmlTreeAdapter);
}

/** Whether a string is HTML rather than plain text. */
export function looksLikeHtml(input: string): boolean {
  const head = input.slice(0, 4096).trimStart();
  if (head.startsWith('<')) return true;
  return /<(html|body|table|tr|td|p|div|br)\b[^>]*>/i.test(input.slice(0, 200_000));
}

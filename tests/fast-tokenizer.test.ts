/**
 * parser/doc/fast-tokenizer.ts must give htmlparser2's own tokens: every callback of the Parser,
 * with its arguments, the same with and without it — on a table of the inputs where its skipping
 * could go wrong (entities in text and attributes, a buffer ending mid-text, special tags, comments,
 * several chunks) and on every HTML page the repository and ../shared hold.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Parser, type Handler } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { fastTokenizer } from '../parser/doc/fast-tokenizer.js';
import { chainEntries, chainPage, siteChrome } from '../sites/chain-site.js';

const OPTIONS = { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true };

/** Every event the Parser gives, with its arguments and the parser's start and end index. */
function events(chunks: string[], fast: boolean, options: object = OPTIONS): string[] {
  const out: string[] = [];
  let parser: Parser;
  const record = (name: string) => (...args: unknown[]) => out.push(JSON.stringify([name, args, parser.startIndex, parser.endIndex]));
  const names = ['onopentag', 'onopentagname', 'onattribute', 'onclosetag', 'ontext', 'oncomment', 'oncommentend', 'oncdatastart', 'oncdataend', 'onprocessinginstruction', 'onend', 'onerror'] as const;
  const handler = Object.fromEntries(names.map((n) => [n, record(n)])) as Partial<Handler>;
  parser = new Parser(handler, fast ? { ...options, Tokenizer: fastTokenizer } : options);
  for (const c of chunks) parser.write(c);
  parser.end();
  return out;
}

const CASES: [string, string[]][] = [
  ['plain text and tags', ['<p>政务公开 <b>2023</b> 年度</p>']],
  ['named, numeric and legacy entities in text', ['a &amp; b &#x4e00;&#19968; &copy c &notit; d &']],
  ['an ampersand as the last character', ['text &']],
  ['text to the end of the input, no tag after it', ['<div>tail without a tag']],
  ['entities in double, single and unquoted attribute values', [`<a href="/x?a=1&amp;b=2&c" title='&lt;t&gt; &' data-x=a&amp;b>k</a>`]],
  ['quotes of the other kind inside a value', [`<a title="it's" alt='say "hi"'>x</a>`]],
  ['an unterminated attribute value', ['<a href="/never-closed>text']],
  ['style and script skipped to their end tag', ['<style>a{b:c}</sty</style><script>if (a<b && c) {"</scr"}</script><p>after</p>']],
  ['title decodes entities', ['<title>报告 &amp; 公开</title>']],
  ['comments, CDATA, declarations, processing instructions', ['<!DOCTYPE html><!-- a -- b --><!--x--!><![CDATA[ raw & ]]><?xml x?><p>t</p>']],
  ['a bare < in text', ['a < b <3 and 5<6 &lt; 7']],
  ['several chunks split inside text, an entity, a tag and a value', ['<p>ab', 'c &am', 'p; d</p><a hr', 'ef="x&a', 'mp;y">z', '</a> tail &']],
  ['an ampersand only after many text runs', ['<li>a</li>'.repeat(50) + '<li>&amp;</li>']],
  ['no ampersand anywhere', ['<ul>' + '<li><a href="/c/1">栏目</a></li>'.repeat(30) + '</ul>']],
  ['empty input', ['']],
  // each stop searches on from the last search: linear however many stops (a quadratic search would time out here)
  ['200,000 entities in text with no tag after them', ['<p>' + 'x&amp;'.repeat(200_000)]],
  ['an unterminated attribute value of 200,000 entities', ['<a title="' + 'x&amp;'.repeat(200_000)]],
];

describe('fast tokenizer: the same events as htmlparser2', () => {
  it.each(CASES)('%s', (_, chunks) => {
    const plain = events(chunks, false);
    expect(plain.length).toBeGreaterThan(chunks.join('') ? 1 : 0);
    expect(events(chunks, true)).toEqual(plain);
  });

  it('without entity decoding too', () => {
    for (const [, chunks] of CASES) expect(events(chunks, true, { decodeEntities: false })).toEqual(events(chunks, false, { decodeEntities: false }));
  });

  it('on the bench pages (a ~110 KB page of site chrome around a report)', () => {
    const entries = chainEntries(3);
    const chrome = siteChrome(104);
    for (const e of entries) {
      const html = (chainPage(entries, new Map(entries.map((x, i) => [x.path, i])), e.path)!.body as string).replace('</head>', `${chrome.head}</head>`).replace('<div class="footer">', `${chrome.menu}<div class="footer">`);
      expect(events([html], true)).toEqual(events([html], false));
    }
  });

  it('on the repository fixtures', () => {
    const dir = new URL('./fixtures/', import.meta.url);
    const pages = readdirSync(dir).filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(0);
    for (const f of pages) {
      const html = readFileSync(new URL(f, dir), 'utf8');
      expect(events([html], true), f).toEqual(events([html], false));
    }
  });

  const real = new URL('../../shared/real/', import.meta.url);
  it.skipIf(!existsSync(real))('on the real pages of ../shared (skipped when absent)', () => {
    const pages = readdirSync(real).filter((f) => f.endsWith('.html'));
    for (const f of pages) {
      const html = readFileSync(new URL(f, real), 'utf8');
      expect(events([html], true), f).toEqual(events([html], false));
    }
  });
});

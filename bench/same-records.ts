/**
 * Proof for speed changes: every page's record, written before and after a change, must be
 * identical, and so must the document model it was read from (a digest: units, links, headings,
 * meta, which the crawler and the extension also use). Pages: the fixtures (tests/fixtures, with subfolders), generated pages (sites/gen.ts,
 * fixed seeds, the three layouts), ../shared/real when it is there, and the extension's own pages
 * (sites/extension-pages.ts). Each page is read two ways:
 *   - `node`: parseReport in Node (htmlparser2's tree, the crawler's path);
 *   - `dom`: the extension's path in Chromium (walkTree over the live DOM with the extension's
 *     adapter, then parseModel and the cells the overlay marks), text pages wrapped in <p>s.
 *
 *   node bin/run-ts.js bench/same-records.ts write FILE   # one JSON line per page and path
 *   node bin/run-ts.js bench/same-records.ts compare A B  # exit 1 and the first differences when they differ
 *
 * `write` takes SAME_RECORDS_ONLY=node|dom to write one path only. Nothing of ../shared is kept
 * outside the output file, which belongs in a temp folder.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import fc from 'fast-check';
import { chromium } from 'playwright-core';
import { pageModel, parseReport } from '../parser/index.js';
import { findChromium, startServer } from '../sites/extension-browser.js';
import { changedCellValues, reportPage, unbalancedValues } from '../sites/extension-pages.js';
import { LAYOUTS, renderOptionsArb, renderPage, smallCountArb, valuesArb } from '../sites/gen.js';
import { escapeHtml } from '../sites/html.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const GENERATED = Number(process.env.SAME_RECORDS_GENERATED ?? 40);

interface Page {
  name: string;
  text: string;
  as: 'html' | 'text';
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)) : [join(dir, f)]));
}

function pages(): Page[] {
  const fromDir = (dir: string, label: string): Page[] =>
    filesUnder(dir)
      .filter((f) => /\.(txt|html?)$/.test(f))
      .map((f) => ({ name: `${label}/${relative(dir, f)}`, text: readFileSync(f, 'utf8'), as: /\.html?$/.test(f) ? 'html' : 'text' }));
  const gen: Page[] = [];
  const any = fc.sample(fc.tuple(valuesArb(), renderOptionsArb), { numRuns: GENERATED / 2, seed: 77 });
  const small = fc.sample(fc.tuple(valuesArb(undefined, smallCountArb), renderOptionsArb), { numRuns: GENERATED / 2, seed: 78 });
  [...any, ...small].forEach(([v, o], i) => {
    for (const layout of LAYOUTS) {
      const p = renderPage(v, layout, o);
      gen.push({ name: `generated/${i}-${v.format}-${layout}`, text: p.text, as: p.as });
    }
  });
  const ext: Page[] = [
    { name: 'extension/bench-300k', text: reportPage({ entity: '测速镇', padTo: 300_000 }), as: 'html' },
    { name: 'extension/unbalanced', text: reportPage({ values: unbalancedValues() }), as: 'html' },
    { name: 'extension/changed', text: reportPage({ values: changedCellValues(), blankTotals: true }), as: 'html' },
    { name: 'extension/concatenated', text: reportPage({ layout: 'concatenated' }), as: 'html' },
  ];
  return [...fromDir(join(ROOT, 'tests/fixtures'), 'fixtures'), ...gen, ...fromDir(join(ROOT, '../shared/real'), 'real'), ...ext, ...EDGES];
}

/** Markup the walker must take apart exactly: links that hold blocks, breaks or only whitespace, a title in the body, tables in cells. */
const EDGE_BODIES = [
  '<p>上一篇：<a href="/a/1.htm"> <br>去年的报告</a></p><p>  <a href="/a/2.htm">x<div>y</div>z</a></p>',
  '<p><a href="/b.htm">  </a><a href="/c.htm"><title>标题</title>下一篇</a> <a href="/d.htm"><br></a></p>',
  '<table><tr><td><a href="/e.pdf">附件<p>年度报告</p></a></td><td><table><tr><td>1</td></tr></table></td></tr></table>',
  '<div>文字<a href="/f.htm">链接<br/>断行</a>之后<span> </span><a href="/g.htm" title="t">g</a></div><h2> 标 题 </h2><h1><a href="/h">h</a></h1>',
  '<ul><li><a>没有地址</a></li><li> <a href="javascript:void(0)"> 空 </a> </li></ul><br><br><p></p>',
];
const EDGES: Page[] = EDGE_BODIES.map((b, i) => ({
  name: `edge/${i}`,
  text: `<!DOCTYPE html><html><head><meta charset="utf-8"><title>示例镇2023年政府信息公开工作年度报告</title><base href="/x/"></head><body>${b}${reportPage().replace(/^[\s\S]*<body>|<\/body>[\s\S]*$/g, '')}</body></html>`,
  as: 'html' as const,
}));

/** A page as the extension meets it; a text page twice: each line a paragraph, and all of it in one <div>. */
function asHtml(p: Page): { name: string; html: string }[] {
  if (p.as === 'html') return [{ name: p.name, html: p.text }];
  const doc = (body: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${body}</body></html>`;
  return [
    { name: `${p.name} <p>`, html: doc(p.text.split('\n').map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')) },
    { name: `${p.name} <div>`, html: doc(`<div>${escapeHtml(p.text)}</div>`) },
  ];
}

const digest = (s: string) => createHash('sha256').update(s).digest('hex');

/** A model in one form whatever way its text pieces name their node (`path`, or `parent` and `index`), so that models compare across that change. */
function modelDigest(model: unknown): string {
  return digest(JSON.stringify(model, (key, v: unknown) => {
    if (key !== 'pieces' || !Array.isArray(v)) return v;
    return v.map((p: { start: number; offset: number; path?: string; parent?: string; index?: number }) => ({
      start: p.start, path: p.path ?? (p.parent === '' ? `${p.index}` : `${p.parent}.${p.index}`), offset: p.offset,
    }));
  }));
}

const OPTS = { url: 'http://www.example.gov.cn/a/report.html', fetchedAt: '2026-01-01T00:00:00.000Z' };

/** The parser and the extension's DOM adapter, as one script for the page. */
async function domBundle(): Promise<string> {
  const entry = `
    import { parseModel, walkTree } from ${JSON.stringify(join(ROOT, 'parser/index.ts'))};
    import { domAdapter } from ${JSON.stringify(join(ROOT, 'extension/lib/dom-adapter.ts'))};
    import { cellsToMark } from ${JSON.stringify(join(ROOT, 'extension/lib/cells.ts'))};
    globalThis.__sameRecord = (opts) => {
      const model = walkTree(document, domAdapter);
      const record = parseModel(model, opts);
      return JSON.stringify({ model: JSON.stringify(model), record, marks: cellsToMark(record).map((m) => [m.path, m.status]) });
    };`;
  const out = await esbuild.build({ stdin: { contents: entry, resolveDir: ROOT, loader: 'ts' }, bundle: true, write: false, format: 'iife', logLevel: 'error' });
  return out.outputFiles[0].text;
}

async function domRecords(list: Page[], write: (line: string) => void): Promise<void> {
  const found = findChromium();
  if (!found) throw new Error('no Chromium for the dom path');
  const bundle = await domBundle();
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: found.path, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    for (const [i, p] of list.flatMap(asHtml).entries()) {
      server.pages.set(`*/p${i}.html`, p.html);
      await page.goto(`http://127.0.0.1:${server.port}/p${i}.html`);
      await page.addScriptTag({ content: bundle });
      const json = await page.evaluate((o) => (globalThis as unknown as { __sameRecord(o: unknown): string }).__sameRecord(o), OPTS);
      server.pages.delete(`*/p${i}.html`);
      const { model, ...rest } = JSON.parse(json) as { model: string };
      write(JSON.stringify({ path: 'dom', name: p.name, model: modelDigest(JSON.parse(model)), ...rest }));
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

async function writeAll(file: string): Promise<void> {
  const only = process.env.SAME_RECORDS_ONLY;
  const list = pages();
  const lines: string[] = [];
  if (only !== 'dom') {
    for (const p of list) {
      const model = modelDigest(pageModel(p.text, { as: p.as }).doc);
      lines.push(JSON.stringify({ path: 'node', name: p.name, model, record: parseReport(p.text, { ...OPTS, as: p.as }) }));
    }
  }
  if (only !== 'node') await domRecords(list, (l) => lines.push(l));
  writeFileSync(file, lines.join('\n') + '\n');
  console.log(`${lines.length} records of ${list.length} pages → ${file}`);
}

function compare(a: string, b: string): number {
  const read = (f: string) => new Map(readFileSync(f, 'utf8').trim().split('\n').map((l) => {
    const o = JSON.parse(l) as { path: string; name: string };
    return [`${o.path} ${o.name}`, l] as const;
  }));
  const [x, y] = [read(a), read(b)];
  const keys = new Set([...x.keys(), ...y.keys()]);
  const differ = [...keys].filter((k) => x.get(k) !== y.get(k));
  if (differ.length === 0) {
    console.log(`identical: ${keys.size} records`);
    return 0;
  }
  console.log(`${differ.length} of ${keys.size} records differ:`);
  for (const k of differ.slice(0, 20)) console.log(`  ${k}${x.has(k) && y.has(k) ? '' : x.has(k) ? ' (only in A)' : ' (only in B)'}`);
  return 1;
}

const [cmd, ...args] = process.argv.slice(2);
if (cmd === 'write' && args[0]) await writeAll(args[0]);
else if (cmd === 'compare' && args[0] && args[1]) process.exitCode = compare(args[0], args[1]);
else {
  console.error('usage: same-records.ts write FILE | compare A B');
  process.exitCode = 2;
}

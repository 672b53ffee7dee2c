/**
 * The popup: "read this page" (the toolbar path for pages outside *.gov.cn) and the library of
 * saved reports, grouped by body and year, with open, delete and export-all.
 * It talks to the background worker by the same zod-checked messages as the content script.
 */
import { browser } from 'wxt/browser';
import { h } from '../../lib/h.js';
import { pickLang, STRINGS } from '../../lib/i18n.js';
import { request } from '../../lib/messages.js';
import { downloadText } from '../../lib/download.js';
import type { LibraryEntry, LibraryGroup } from '../../lib/messages.js';
import { yoyTable } from '../../lib/series-view.js';
import { countWords, verdictOf } from '../../lib/verdict.js';
import { fileOfTab } from '../../lib/detect.js';

const s = STRINGS[pickLang(navigator.languages, navigator.language)];
const send = (m: unknown) => browser.runtime.sendMessage(m);
const $ = (id: string) => document.getElementById(id)!;
const status = $('status');

document.documentElement.lang = s === STRINGS.zh ? 'zh-CN' : 'en';
$('title').textContent = s.library;
$('read').textContent = s.readThisPage;
$('export').textContent = s.exportAll;
// opened as a tab from the panel's library button: the active tab is this page, nothing to read
if (new URLSearchParams(location.search).get('view') === 'tab') $('read').hidden = true;
// the active tab shows a report file: the button says so
void browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => {
  if (tab?.url && fileOfTab(tab.url) && new URLSearchParams(location.search).get('view') !== 'tab') $('read').textContent = s.readThisFile;
});

$('read').addEventListener('click', async () => {
  // the popup opened from the toolbar button: activeTab has granted the current tab
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) return;
  // a report file open in the tab (the browser's PDF viewer runs no content script): the file page reads it
  const file = tab.url ? fileOfTab(tab.url) : null;
  if (file) {
    await browser.tabs.create({ url: fileReaderUrl(file), index: (tab.index ?? 0) + 1 });
    window.close();
    return;
  }
  const r = await request(send, { type: 'reader.inject', tabId: tab.id });
  if (r.ok) window.close();
  else status.textContent = `${s.readFailed}: ${r.error}`;
});

/** The file page's address for a report file (file.html, built from entrypoints/file/). */
function fileReaderUrl(file: string): string {
  return `${(browser.runtime.getURL as (p: string) => string)('/file.html')}?url=${encodeURIComponent(file)}`;
}

$('export').addEventListener('click', async () => {
  const r = await request(send, { type: 'library.exportCsv' });
  if (r.ok) downloadText(document, r.csv, `gongkai-library-${new Date().toISOString().slice(0, 10)}.csv`, 'text/csv;charset=utf-8');
  else status.textContent = r.error;
});

async function render(): Promise<void> {
  const r = await request(send, { type: 'library.list' });
  const root = $('library');
  root.replaceChildren();
  if (!r.ok) {
    status.textContent = r.error;
    return;
  }
  status.textContent = r.count ? '' : s.empty;
  for (const g of r.groups) root.append(bodySection(g));
}

/** One body: its main figures year over year, then its reports by year, each with its verdict. */
function bodySection(g: LibraryGroup): HTMLElement {
  const section = h(document, 'section', { 'data-entity': g.entity ?? '' }, h(document, 'h2', {}, g.entity ?? s.unknownBody));
  // one report a year for the figures: the one saved last, when a year was saved from two pages
  const yearly = g.years.filter((y) => y.year !== null).reverse()
    .map((y) => ({ label: s.inYear(y.year!), figures: [...y.reports].sort((a, b) => b.savedAt.localeCompare(a.savedAt))[0].figures }));
  if (yearly.length) section.append(yoyTable(document, s, yearly));
  for (const y of g.years) {
    section.append(h(document, 'h3', {}, y.year === null ? s.unknownYear : String(y.year)));
    section.append(h(document, 'ul', {}, ...y.reports.map(reportItem)));
  }
  return section;
}

function reportItem(rep: LibraryEntry): HTMLElement {
  const v = verdictOf(rep.tally);
  const open = h(document, 'button', { type: 'button', 'data-action': 'open' }, s.open);
  const del = h(document, 'button', { type: 'button', 'data-action': 'delete' }, s.delete);
  open.addEventListener('click', () => void request(send, { type: 'page.open', url: rep.url }));
  del.addEventListener('click', async () => {
    await request(send, { type: 'library.delete', url: rep.url });
    await render();
  });
  return h(document, 'li', { 'data-url': rep.url, 'data-verdict': v },
    h(document, 'div', { class: 'line' },
      h(document, 'span', { class: 't', title: `${rep.url}\n${s.savedAt} ${rep.savedAt}` }, rep.title ?? rep.url), open, del),
    h(document, 'div', { class: 'verdict' },
      h(document, 'span', { class: 'vd', 'data-field': 'verdict' }, s.verdict[v]), ' ',
      h(document, 'span', { class: 'counts', 'data-field': 'counts' }, countWords(rep.tally, s).join(' · '))));
}

void render();

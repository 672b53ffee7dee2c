/**
 * The file page (file.html?url=…): a report file open in a tab (a PDF in the browser's viewer,
 * where no content script runs) read from the toolbar popup. PDF.js loads in this extension page;
 * the result is the same panel as on a report page, standing in the page.
 */
import { browser } from 'wxt/browser';
import { buildPanel, PANEL_CSS, type PanelActions } from '../../lib/panel.js';
import { readFileAt } from '../../lib/file-reader.js';
import { citationText, type Provenance } from '../../lib/cite.js';
import { downloadText, exportName, recordJson } from '../../lib/download.js';
import { panelCsv, reportHtml } from '../../lib/export.js';
import { pickLang, STRINGS } from '../../lib/i18n.js';
import { request } from '../../lib/messages.js';
import type { ReportRecord } from '../../../parser/index.js';

const lang = pickLang(navigator.languages, navigator.language);
const s = STRINGS[lang];
const status = document.getElementById('status')!;
document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';

function actions(record: ReportRecord, prov: Provenance): PanelActions {
  const ctx = { rec: record, lang };
  const send = (m: unknown) => browser.runtime.sendMessage(m);
  return {
    activateCheck: () => {}, // the file's cells are not on a page to point at
    citation: (selected) => citationText(ctx, prov, record.checks, selected),
    exportCsv: () => downloadText(document, panelCsv(ctx, prov, record.checks), exportName(record, 'csv'), 'text/csv;charset=utf-8'),
    exportJson: () => downloadText(document, recordJson(record), exportName(record, 'json'), 'application/json'),
    downloadReport: () => downloadText(document, reportHtml(ctx, prov, record.checks, record.source.sha256), exportName(record, 'html'), 'text/html;charset=utf-8'),
    save: async () => (await request(send, { type: 'library.save', url: prov.url, record })).ok,
    openLibrary: () => void request(send, { type: 'library.open' }),
    close: () => window.close(),
    prefsChanged: () => {},
    verdictChanged: (v) => document.body.setAttribute('data-gongkai-verdict', v),
    readAttachment: async () => 'not offered',
  };
}

async function main(): Promise<void> {
  const url = new URLSearchParams(location.search).get('url') ?? '';
  if (!/^https?:\/\//i.test(url)) {
    status.textContent = `${s.readFailed}: ${url || '(no URL)'}`;
    return;
  }
  document.title = `gongkai — ${url}`;
  status.textContent = s.attachment.reading;
  let record: ReportRecord;
  try {
    record = await readFileAt({ fileUrl: url, pageUrl: null });
  } catch (err) {
    status.textContent = s.attachment.failed(err instanceof Error ? err.message : String(err));
    document.body.setAttribute('data-gongkai-error', '');
    return;
  }
  status.textContent = '';
  const prov: Provenance = { url, archiveUrl: null, accessedAt: record.source.fetchedAt ?? new Date().toISOString(), accessedFrom: 'now', fileUrl: url };
  const host = document.getElementById('panel')!;
  const shadow = host.attachShadow({ mode: 'open' });
  // the page is the panel's: it stands in the flow, wider than beside a report page
  shadow.append(Object.assign(document.createElement('style'), { textContent: `${PANEL_CSS}\n.gk{position:static;width:auto;max-width:760px;max-height:none;margin:16px auto}` }));
  const name = decodeURIComponent(new URL(url).pathname.split('/').pop() || url);
  const panel = buildPanel(document, { record, lang, unresolved: 0, prefs: { collapsed: false, side: 'right' }, fromFile: { url, name } }, actions(record, prov));
  shadow.append(panel.box);
  document.body.setAttribute('data-gongkai-read', '');
}

void main();

/**
 * `gongkai report`'s page: one self-contained HTML file (opens by double-click, no network) with
 * an overview table of all bodies, then per body a chart of the main figures over the years
 * (uPlot, its built script and stylesheet inlined), each year's verdict, the checks that need a
 * look as sentences, and links to the source pages. Every text from a page is escaped; the
 * chart data travels as JSON in a <script type="application/json">, with `<` escaped.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { FIGURES, sentence, yearContext, type BodySeries, type FindingContext, type Lang, type SeriesYear } from '../../parser/index.js';
import { REPORT_STRINGS, type ReportStrings } from './strings.js';

const require = createRequire(import.meta.url);
/** uPlot's built files, read once: the page carries them inline. */
let uplot: { js: string; css: string } | null = null;
function uplotFiles() {
  if (!uplot) {
    const dir = require.resolve('uplot/dist/uPlot.iife.min.js').replace(/uPlot\.iife\.min\.js$/, '');
    uplot = { js: readFileSync(dir + 'uPlot.iife.min.js', 'utf8'), css: readFileSync(dir + 'uPlot.min.css', 'utf8') };
  }
  return uplot;
}

export const esc = (s: string | number | null | undefined) =>
  String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** A link only to a web page: anything else (javascript:, data:) is shown as text. */
const link = (url: string | null, text: string) => (url && /^https?:\/\//i.test(url) ? `<a href="${esc(url)}" rel="noreferrer noopener">${esc(text)}</a>` : esc(text));

const CSS = `body{font:14px/1.5 system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#1f2328;margin:0 auto;max-width:72em;padding:1em 1.5em}
h1{font-size:22px;margin:.2em 0}h2{font-size:18px;margin:1.6em 0 .2em;border-top:1px solid #d0d7de;padding-top:.8em}
table{border-collapse:collapse;margin:.4em 0 .8em}th,td{border:1px solid #d0d7de;padding:2px 6px;font-size:13px;text-align:right;font-variant-numeric:tabular-nums}
th{background:#f6f8fa;font-weight:600}td.t,th.t{text-align:left}
.v-pass{color:#1a7f37}.v-fail{color:#cf222e;font-weight:600}.v-unconfirmed{color:#9a6700}
.meta{color:#57606a;font-size:13px}.gap{color:#cf222e}
ul.find{margin:.2em 0 .6em;padding-left:1.2em}ul.find li{margin:.1em 0}li.prose{color:#6e4b00}
.chart{margin:.4em 0}.legend-note{font-size:12px;color:#57606a}`;

/** The whole page. `generatedAt` is passed in so the page is a pure function of its input. */
export function reportHtml(views: readonly BodySeries[], lang: Lang, generatedAt: string): string {
  const s = REPORT_STRINGS[lang];
  const { js, css } = uplotFiles();
  const data = views.map((v, i) => chartData(v, `b${i}`, lang));
  const json = JSON.stringify({ bodies: data, labels: { year: s.year } }).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(s.title)}</title>
<style>${css}</style><style>${CSS}</style></head>
<body>
<h1>${esc(s.title)}</h1>
<p class="meta">${esc(s.generated(generatedAt, views.length, views.reduce((n, v) => n + v.years.length, 0)))}</p>
<p class="legend-note">${esc(s.legend)}</p>
${overview(views, s)}
${views.map((v, i) => bodySection(v, `b${i}`, s, lang)).join('\n')}
<script type="application/json" id="gongkai-data">${json}</script>
<script>${js}</script>
<script>${CHART_SCRIPT}</script>
</body></html>
`;
}

/** A body's chart series: every year from the first to the last, a missing year as null so the line breaks there. */
function chartData(v: BodySeries, id: string, lang: Lang) {
  const first = v.years[0]?.year;
  const last = v.years[v.years.length - 1]?.year;
  const years: number[] = [];
  if (first !== undefined) for (let y = first; y <= last; y++) years.push(y);
  const at = new Map(v.years.map((y) => [y.year, y]));
  return { id, years, figures: FIGURES.map((f) => ({ id: f.id, label: f[lang], share: !!f.share, values: years.map((y) => at.get(y)?.figures[f.id] ?? null) })) };
}

function verdictCell(y: SeriesYear | undefined, s: ReportStrings): string {
  return y ? `<span class="v-${y.verdict}">${esc(s.verdict[y.verdict])}</span>` : '—';
}

function overview(views: readonly BodySeries[], s: ReportStrings): string {
  const rows = views.map((v, i) => {
    const last = v.years[v.years.length - 1];
    const fails = v.years.filter((y) => y.verdict === 'fail').length;
    const span = v.years.length ? `${v.years[0].year}–${last.year}` : '—';
    return `<tr><td class="t"><a href="#b${i}">${esc(v.body)}</a></td><td>${v.years.length}</td><td class="t">${esc(span)}</td><td class="t gap">${esc(v.gaps.join(' '))}</td><td>${fails}</td><td class="t">${verdictCell(last, s)}</td></tr>`;
  });
  return `<h2 id="overview">${esc(s.overview)}</h2>
<table><thead><tr><th class="t">${esc(s.body)}</th><th>${esc(s.reports)}</th><th class="t">${esc(s.years)}</th><th class="t">${esc(s.missing)}</th><th>${esc(s.yearsFailing)}</th><th class="t">${esc(s.latest)}</th></tr></thead>
<tbody>${rows.join('')}</tbody></table>`;
}

function fmt(v: number | null, share = false): string {
  if (v === null) return '—';
  return share ? `${Math.round(v * 1000) / 10}%` : String(v);
}

function bodySection(v: BodySeries, id: string, s: ReportStrings, lang: Lang): string {
  const head = `<tr><th>${esc(s.year)}</th><th class="t">${esc(s.verdictHead)}</th>${FIGURES.map((f) => `<th>${esc(f[lang])}</th>`).join('')}<th class="t">${esc(s.source)}</th></tr>`;
  const rows = v.years.map((y) => `<tr><td>${y.year}</td><td class="t">${verdictCell(y, s)}</td>${FIGURES.map((f) => `<td>${fmt(y.figures[f.id], f.share)}</td>`).join('')}<td class="t">${link(y.row.record.source.url, s.page)}${y.row.duplicateUrls.length ? ` <span class="meta">${esc(s.copies(y.row.duplicateUrls.length))}</span>` : ''}</td></tr>`);
  const findings = v.years.map((y, i) => yearFindings(y, yearContext(v, i, lang), s)).filter(Boolean);
  return `<section id="${id}"><h2>${esc(v.body)}</h2>
<p class="meta">${esc(s.names)}: ${esc(v.entities.join(' · '))}${v.sites.length ? ` — ${esc(v.sites.join(', '))}` : ''}${v.gaps.length ? ` — <span class="gap">${esc(s.missing)}: ${esc(v.gaps.join(' '))}</span>` : ''}</p>
<div class="chart" data-body="${id}" data-kind="counts"></div><div class="chart" data-body="${id}" data-kind="share"></div>
<table><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>
${findings.join('\n')}</section>`;
}

function yearFindings(y: SeriesYear, ctx: FindingContext, s: ReportStrings): string {
  const items = [
    ...y.failing.map((c) => `<li>${esc(sentence(ctx, c))}</li>`),
    ...y.prose.map((c) => `<li class="prose">${esc(sentence(ctx, c))}</li>`),
  ];
  if (!items.length) return '';
  return `<h3 class="meta">${y.year} — ${link(y.row.record.source.url, y.row.record.title ?? s.page)}</h3><ul class="find">${items.join('')}</ul>`;
}

/** Draws each body's two charts from the embedded data; runs in the page, offline. */
const CHART_SCRIPT = `(function(){
var data = JSON.parse(document.getElementById('gongkai-data').textContent);
var colours = ['#0969da','#1a7f37','#cf222e','#8250df','#bc4c00','#57606a'];
data.bodies.forEach(function(b){
  ['counts','share'].forEach(function(kind){
    var el = document.querySelector('.chart[data-body="'+b.id+'"][data-kind="'+kind+'"]');
    if (!el || b.years.length === 0) return;
    var figs = b.figures.filter(function(f){ return kind === 'share' ? f.share : !f.share; })
      .filter(function(f){ return f.values.some(function(v){ return v !== null; }); });
    if (figs.length === 0) return;
    var series = [{ label: data.labels.year }].concat(figs.map(function(f, i){
      var c = colours[b.figures.indexOf(f) % colours.length];
      return { label: f.label, stroke: c, width: 2, points: { show: true, size: 6, fill: c },
        value: f.share ? function(u, v){ return v == null ? '—' : (Math.round(v*1000)/10)+'%'; } : undefined };
    }));
    var opts = { width: Math.min(900, el.clientWidth || 900), height: kind === 'share' ? 160 : 240,
      scales: { x: { time: false }, y: kind === 'share' ? { range: [0, 1] } : { range: function(u, min, max){ return [0, Math.max(1, max * 1.1)]; } } },
      axes: [{ values: function(u, vals){ return vals.map(function(v){ return Number.isInteger(v) ? String(v) : ''; }); } },
             { values: kind === 'share' ? function(u, vals){ return vals.map(function(v){ return Math.round(v*100)+'%'; }); } : undefined }],
      series: series };
    new uPlot(opts, [b.years].concat(figs.map(function(f){ return f.values; })), el);
  });
});
})();`;

/**
 * A site whose 年报 column is a paginated list, in the ways government CMSs draw it:
 * - plain: 下一页/尾页 links (/plain/index.html, list_1.html …);
 * - trs: TRS script pagination, `createPageHTML(total, current, 'index', 'htm')` (/trs/index.htm,
 *   index_1.htm …);
 * - vsb: VSB (博达) as its current templates print it: the first page /vsb/xxgkndbg.htm, page k ≥ 2
 *   at xxgkndbg/{total-k+1}.htm (numbers running down), a `p_pages` pager of 首页/上页/numbers/
 *   下页/尾页 and a jump form calling `_simple_list_gotopage_fun(total, …)`;
 * - vsbClassic: VSB's older table pager (共N条 k/total, a.Next 下页, a.Last 尾页, the jump function
 *   in a script) at /vsbc/;
 * - vsbScript: a VSB pager drawn entirely by script from `var pageCount = total` (no page link in
 *   the HTML) at /vsbs/.
 * Each list page links a few reports (with a news item between them); each report page has no
 * 上一篇/下一篇, so only the list finds it.
 */
import { makeSeries, newsPage, reportPage, reportTitle } from './pages.js';
import { startSite, type Page, type SiteServer } from './server.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export const LIST_KINDS = ['plain', 'trs', 'vsb', 'vsbClassic', 'vsbScript'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

function listPage(title: string, links: { href: string; title: string }[], pagination: string): string {
  const items = links.map((l) => `<li><a href="${l.href}" title="${esc(l.title)}">${esc(l.title)}</a><span>2024-01-01</span></li>`).join('\n');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head>
<body><div class="nav"><a href="/">首页</a> <a href="/zwgk/">政务公开</a></div>
<h2>${esc(title)}</h2><ul class="list">${items}</ul>
<div class="page">${pagination}</div></body></html>`;
}

/** How one kind of column names its pages and links them. */
interface ColumnShape {
  dir: string;
  /** page p's path (0-based) */
  path(p: number, total: number): string;
  /** a report's href as page p writes it */
  article(p: number, n: number): string;
  pagination(p: number, total: number): string;
}

/** VSB's href from page p to page q: the first page is stem.htm, page q ≥ 1 is stem/{total-q}.htm. */
function vsbHref(stem: string, p: number, q: number, total: number): string {
  if (q === 0) return p === 0 ? `${stem}.htm` : `../${stem}.htm`;
  return p === 0 ? `${stem}/${total - q}.htm` : `${total - q}.htm`;
}

const STEM = 'xxgkndbg';

function vsbPager(p: number, total: number): string {
  const h = (q: number) => vsbHref(STEM, p, q, total);
  const fun = (on: boolean, cls: string, text: string, q: number) => (on ? `<span class="${cls} p_fun"><a href="${h(q)}">${text}</a></span>` : `<span class="${cls}_d p_fun_d">${text}</span>`);
  // the numbers shown: the first five and the last, as VSB prints a long column
  const shown = [...new Set([0, 1, 2, 3, 4, total - 1])].filter((q) => q < total);
  const nums = shown.map((q) => (q === p ? `<span class="p_no_d">${q + 1}</span>` : `<span class="p_no"><a href="${h(q)}">${q + 1}</a></span>`)).join('');
  const goto = `_simple_list_gotopage_fun(${total},&quot;u13_goto&quot;,2)`;
  return `<div class="pb_sys_common pb_sys_full pb_sys_style1"><span class="p_pages">${fun(p > 0, 'p_first', '首页', 0)}${fun(p > 0, 'p_prev', '上页', p - 1)}${nums}${fun(p < total - 1, 'p_next', '下页', p + 1)}${fun(p < total - 1, 'p_last', '尾页', total - 1)}</span> <span class="p_t">共${total}页</span> <span class="p_t">到第</span><span class="p_goto"><script language="javascript" src="/system/resource/js/gotopage.js"></script><input type="text" class="p_goto_input" maxlength="10" id="u13_goto" onkeydown="if(event.keyCode==13){${goto}}"></span><span class="p_t">页</span> <span class="p_goto"><a href="javascript:;" onclick="${goto}">跳转</a></span></div>`;
}

function vsbClassicPager(p: number, total: number, count: number): string {
  const h = (q: number) => vsbHref(STEM, p, q, total);
  const prev = p > 0 ? `<a href="${h(0)}" class="Prev">首页</a><a href="${h(p - 1)}" class="Prev">上页</a>` : '<span class="PrevDisabled">首页</span><span class="PrevDisabled">上页</span>';
  const next = p < total - 1 ? `<a href="${h(p + 1)}" class="Next">下页</a><a href="${h(total - 1)}" class="Last">尾页</a>` : '<span class="NextDisabled">下页</span><span class="NextDisabled">尾页</span>';
  return `<script language="javascript" src="/system/resource/js/gotopage.js"></script><script type="text/javascript">function a134388_gopage_fun(){_simple_list_gotopage_fun(${total},'a134388GOPAGE',2)}</script>
<table cellspacing="0" cellpadding="0" border="0"><tr><td nowrap align="left" width="1%" id="fanye134388">共${count}条&nbsp;&nbsp;${p + 1}/${total}&nbsp;</td>
<td nowrap align="left"><div>${prev}${next}&nbsp;&nbsp;<input type="button" class="defaultButtonStyle" id="gotopagebut" name="a134388Find" value="转到" onclick="javascript:a134388_gopage_fun()"><input size="2" class="defaultInputStyle" name="a134388GOPAGE" id="a134388GOPAGE" value="">页</div></td></tr></table>`;
}

/** No page link in the HTML: the pager is written by a script from the count. */
function vsbScriptPager(p: number, total: number): string {
  return `<div id="vsb_pager"></div><script language="javascript" src="/system/resource/js/gotopage.js"></script>
<script type="text/javascript">
var pageCount = ${total};
var pageIndex = ${p + 1};
(function () {
  var base = location.pathname.replace(/\\/\\d+\\.htm$/, '.htm').replace(/\\.htm$/, '');
  function at(k) { return k === 1 ? base + '.htm' : base + '/' + (pageCount - k + 1) + '.htm'; }
  var html = '';
  if (pageIndex < pageCount) html += '<a href="' + at(pageIndex + 1) + '">下页</a><a href="' + at(pageCount) + '">尾页</a>';
  html += '<input id="ogotopage"><a href="javascript:;" onclick="_simple_list_gotopage_fun(pageCount,\\'ogotopage\\',2)">跳转</a>';
  document.getElementById('vsb_pager').innerHTML = html;
})();
</script>`;
}

function shapeOf(kind: ListKind, perPage: number): ColumnShape {
  switch (kind) {
    case 'plain':
      return {
        dir: 'plain',
        path: (p) => (p === 0 ? 'index.html' : `list_${p}.html`),
        article: (_p, n) => `/plain/art/${n}.htm`,
        pagination: (p, total) =>
          [p > 0 ? `<a href="${p === 1 ? 'index.html' : `list_${p - 1}.html`}">上一页</a>` : '', p < total - 1 ? `<a href="list_${p + 1}.html">下一页</a>` : '', `<a href="list_${total - 1}.html">尾页</a>`].join(' '),
      };
    case 'trs':
      return {
        dir: 'trs',
        path: (p) => (p === 0 ? 'index.htm' : `index_${p}.htm`),
        article: (_p, n) => `/trs/art/${n}.htm`,
        pagination: (p, total) => `<script>createPageHTML(${total}, ${p}, 'index', 'htm');</script>`,
      };
    default: {
      const dir = kind === 'vsb' ? 'vsb' : kind === 'vsbClassic' ? 'vsbc' : 'vsbs';
      return {
        dir,
        path: (p, total) => (p === 0 ? `${STEM}.htm` : `${STEM}/${total - p}.htm`),
        // VSB's articles live under info/{column id}/, written relative to the list page
        article: (p, n) => `${p === 0 ? '' : '../'}info/1026/${n}.htm`,
        pagination: (p, total) => (kind === 'vsb' ? vsbPager(p, total) : kind === 'vsbClassic' ? vsbClassicPager(p, total, total * perPage) : vsbScriptPager(p, total)),
      };
    }
  }
}

export interface ListColumn {
  /** the column's first list page */
  list: string;
  /** every report page of the column */
  reports: string[];
}

export interface ListSite {
  server: SiteServer;
  columns: Record<ListKind, ListColumn>;
}

const BODY_CHARS: Record<ListKind, string> = { plain: '青', trs: '红', vsb: '白', vsbClassic: '黄', vsbScript: '紫' };

/** `pages` list pages per column, `perPage` reports on each (plus one news item). */
export async function startListSite(pages = 3, perPage = 3): Promise<ListSite> {
  const routes = new Map<string, Page>();
  routes.set('/robots.txt', { body: 'User-agent: *\nAllow: /\n', contentType: 'text/plain' });
  const column = (kind: ListKind, bodyBase: number): { list: string; reports: string[] } => {
    const shape = shapeOf(kind, perPage);
    const reports: string[] = [];
    for (let p = 0; p < pages; p++) {
      const links: { href: string; title: string }[] = [];
      for (let i = 0; i < perPage; i++) {
        const n = p * perPage + i;
        const entity = `${BODY_CHARS[kind]}${'山河湖海林田园泉溪岭'[n % 10]}${bodyBase + n}镇`;
        const [d] = makeSeries(entity, [{ year: 2023, format: '2021', layout: 'table' }]);
        const path = new URL(shape.article(p, n), `http://x/${shape.dir}/${shape.path(p, pages)}`).pathname;
        routes.set(path, { body: reportPage(d, { prev: null, next: null }) });
        links.push({ href: shape.article(p, n), title: reportTitle(entity, 2023) });
        reports.push(path);
      }
      const news = `/${shape.dir}/news-${p}.htm`;
      routes.set(news, { body: newsPage('政务公开工作动态', '2024-01-02', ['动态。'], { prev: null, next: null }) });
      links.push({ href: news, title: '关于开展政务公开工作的通知' });
      routes.set(`/${shape.dir}/${shape.path(p, pages)}`, { body: listPage('政府信息公开年度报告', links, shape.pagination(p, pages)) });
    }
    return { list: `/${shape.dir}/${shape.path(0, pages)}`, reports };
  };
  const made = LIST_KINDS.map((k, i) => [k, column(k, i * 100)] as const);
  const server = await startSite(routes);
  const at = (p: string) => server.origin + p;
  const columns = Object.fromEntries(made.map(([k, c]) => [k, { list: at(c.list), reports: c.reports.map(at) }])) as Record<ListKind, ListColumn>;
  return { server, columns };
}

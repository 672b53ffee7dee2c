/**
 * A site whose 年报 column is a paginated list, in the two ways government CMSs draw it: plain
 * 下一页/尾页 links (/plain/), and TRS script pagination, `createPageHTML(total, current, 'index',
 * 'htm')` with pages index.htm, index_1.htm … (/trs/). Each list page links a few reports (with
 * news items between them); each report page has no 上一篇/下一篇, so only the list finds it.
 */
import { makeSeries, newsPage, reportPage, reportTitle } from './pages.js';
import { startSite, type Page, type SiteServer } from './server.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function listPage(title: string, links: { href: string; title: string }[], pagination: string): string {
  const items = links.map((l) => `<li><a href="${l.href}" title="${esc(l.title)}">${esc(l.title)}</a><span>2024-01-01</span></li>`).join('\n');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head>
<body><div class="nav"><a href="/">首页</a> <a href="/zwgk/">政务公开</a></div>
<h2>${esc(title)}</h2><ul class="list">${items}</ul>
<div class="page">${pagination}</div></body></html>`;
}

export interface ListSite {
  server: SiteServer;
  /** the first list page of each column */
  plain: string;
  trs: string;
  /** every report page of each column */
  plainReports: string[];
  trsReports: string[];
}

/** `pages` list pages per column, `perPage` reports on each (plus one news item). */
export async function startListSite(pages = 3, perPage = 3): Promise<ListSite> {
  const routes = new Map<string, Page>();
  routes.set('/robots.txt', { body: 'User-agent: *\nAllow: /\n', contentType: 'text/plain' });
  const column = (dir: 'plain' | 'trs', bodyBase: number) => {
    const reports: string[] = [];
    for (let p = 0; p < pages; p++) {
      const links: { href: string; title: string }[] = [];
      for (let i = 0; i < perPage; i++) {
        const n = p * perPage + i;
        const entity = `${dir === 'plain' ? '青' : '红'}${'山河湖海林田园泉溪岭'[n % 10]}${bodyBase + n}镇`;
        const [d] = makeSeries(entity, [{ year: 2023, format: '2021', layout: 'table' }]);
        const href = `/${dir}/art/${n}.htm`;
        routes.set(href, { body: reportPage(d, { prev: null, next: null }) });
        links.push({ href, title: reportTitle(entity, 2023) });
        reports.push(href);
      }
      const news = `/${dir}/art/news-${p}.htm`;
      routes.set(news, { body: newsPage('政务公开工作动态', '2024-01-02', ['动态。'], { prev: null, next: null }) });
      links.push({ href: news, title: '关于开展政务公开工作的通知' });
      const name = dir === 'plain' ? (p === 0 ? 'index.html' : `list_${p}.html`) : p === 0 ? 'index.htm' : `index_${p}.htm`;
      const pagination =
        dir === 'plain'
          ? [p > 0 ? `<a href="${p === 1 ? 'index.html' : `list_${p - 1}.html`}">上一页</a>` : '', p < pages - 1 ? `<a href="list_${p + 1}.html">下一页</a>` : '', `<a href="list_${pages - 1}.html">尾页</a>`].join(' ')
          : `<script>createPageHTML(${pages}, ${p}, 'index', 'htm');</script>`;
      routes.set(`/${dir}/${name}`, { body: listPage('政府信息公开年度报告', links, pagination) });
    }
    return reports;
  };
  const plainReports = column('plain', 0);
  const trsReports = column('trs', 100);
  const server = await startSite(routes);
  const at = (p: string) => server.origin + p;
  return { server, plain: at('/plain/index.html'), trs: at('/trs/index.htm'), plainReports: plainReports.map(at), trsReports: trsReports.map(at) };
}

/**
 * The article's own publication date, and where it was found. A saved or crawled page often
 * carries later dates too — 采集时间 in a crawler's wrapper, 页面生成时间, today's date in the site
 * header — so only a date under the article's labels counts, the article's own labels first
 * (公开日期, 发布日期, 发布时间), then 成文日期, then a bare 日期/时间 that no wrapper word qualifies.
 */
import type { DocModel } from '../doc/model.js';
import type { DateSource } from '../record/schema.js';

export interface FoundDate {
  date: string;
  source: DateSource;
}

const DATE = /((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})/;
const META_KEYS = ['pubdate', 'publishdate', 'firstpublishedtime', 'article:published_time', 'publishtime', 'date'];

/** Labels of the article's date, best first; a label's rank is its index. */
const LABELS: readonly RegExp[] = [/公开日期|发布日期|发布时间|发文日期/, /成文日期|印发日期/, /日期|时间/];
/** Words that make a date someone else's: the crawler's, the page generator's, the reader's. */
const NOT_THE_ARTICLE = /(采集|抓取|爬取|下载|生成|更新|修改|访问|浏览|打印|当前|今天|登录|截止|统计)$/;
const LABELLED = /(公开日期|发布日期|发布时间|发文日期|成文日期|印发日期|日期|时间)\s*[:：]?\s*$/;
const UNITS_SCANNED = 200;

export function findPublished(doc: DocModel): FoundDate | null {
  for (const key of META_KEYS) {
    const v = doc.meta[key];
    const d = v ? iso(DATE.exec(v)) : null;
    if (d) return { date: d, source: { kind: 'meta', key } };
  }
  let best: { rank: number; found: FoundDate } | null = null;
  const consider = (label: string, before: string, dateText: string) => {
    if (NOT_THE_ARTICLE.test(before)) return;
    const rank = LABELS.findIndex((re) => re.test(label));
    const d = iso(DATE.exec(dateText));
    if (rank < 0 || !d) return;
    if (!best || rank < best.rank) best = { rank, found: { date: d, source: { kind: 'label', key: label } } };
  };
  const units = doc.units.slice(0, UNITS_SCANNED);
  units.forEach((u, i) => {
    // 公开日期：2024-01-17 within one unit
    const re = /(公开日期|发布日期|发布时间|发文日期|成文日期|印发日期|日期|时间)\s*[:：]\s*((?:19|20)\d{2}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2})/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(u.text)) !== null) consider(m[1], u.text.slice(Math.max(0, m.index - 4), m.index), m[2]);
    // a label cell and the date in the next one (a metadata table: 公开日期 | 2024-01-17)
    const l = LABELLED.exec(u.text.trim());
    const next = units[i + 1];
    if (l && next && u.text.trim().length <= 12 && /^\s*(?:19|20)\d{2}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}/.test(next.text)) {
      consider(l[1], u.text.trim().slice(0, l.index), next.text);
    }
  });
  return best === null ? null : (best as { rank: number; found: FoundDate }).found;
}

function iso(d: RegExpExecArray | null): string | null {
  if (!d) return null;
  const y = Number(d[1]);
  const mo = Number(d[2]);
  const da = Number(d[3]);
  if (mo < 1 || mo > 12 || da < 1 || da > 31) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(da).padStart(2, '0')}`;
}

/**
 * The report's identity from its page: title, reporting body, year reported on, publication
 * date, and the page's own 上一条/下一条 (上一篇/下一篇) links.
 */
import type { DocModel } from '../doc/model.js';
import { squash } from '../format/normalize.js';
import type { DateSource, NavLink } from '../record/schema.js';
import { findPublished } from './date.js';

/** A report title: …政府信息公开(工作)(年度)报告, 政务公开 variants included. */
const REPORT_TITLE = /(政府信息公开|政务公开|信息公开).{0,8}(年度|年)?报告/;
/** The label of a prev/next link (上一条, 下一篇, 前一篇…), said once: a link's text or the text before it. */
const NAV_LABEL_SOURCE = '(上一[条篇页]|下一[条篇页]|前一篇|后一篇)';
const NAV_LABEL = new RegExp(NAV_LABEL_SOURCE);
/** the label closing the text before a link: `上一篇：` */
const NAV_LABEL_BEFORE = new RegExp(`${NAV_LABEL_SOURCE}\\s*[:：]?\\s*$`);
/** the label opening a link's own text, cut off to leave the title */
const NAV_LABEL_LEADING = new RegExp(`^${NAV_LABEL_SOURCE}\\s*[:：]?\\s*`);

export interface Meta {
  title: string | null;
  entity: string | null;
  year: number | null;
  publishedAt: string | null;
  publishedAtSource: DateSource | null;
  nav: { prev: NavLink | null; next: NavLink | null } | null;
}

export function extractMeta(doc: DocModel, baseUrl: string | null): Meta {
  const title = findTitle(doc);
  const { entity, year } = title ? parseTitle(title) : { entity: null, year: null };
  const published = findPublished(doc);
  return {
    title,
    entity,
    year: year ?? yearFromBody(doc),
    publishedAt: published?.date ?? null,
    publishedAtSource: published?.source ?? null,
    nav: findNav(doc, baseUrl),
  };
}

function candidatesOf(doc: DocModel): string[] {
  const out: string[] = [];
  // header of a crawl's text export: 标题: …
  for (const u of doc.units.slice(0, 12)) {
    const m = /^\s*标题\s*[:：]\s*(.+)$/.exec(u.text);
    if (m) out.push(m[1]);
  }
  for (const key of ['articletitle', 'title', 'og:title']) if (doc.meta[key]) out.push(doc.meta[key]);
  out.push(...doc.headings);
  if (doc.title) out.push(doc.title);
  for (const u of doc.units.slice(0, 80)) {
    const t = squash(u.text);
    if (t.length <= 80 && !NAV_LABEL.test(t)) out.push(t);
  }
  // site names hang on titles after a separator: keep each part
  return out.flatMap((s) => squash(s).split(/\s*[_|｜]\s*|\s*[-—–]{1,2}\s*(?=[^\d])/)).filter((s) => s.length > 0);
}

/**
 * The report's name inside a sentence of the body, for pages that kept no title (text archives
 * keep only the article): "…现公布河北省XX厅2023年政府信息公开工作年度报告", "特发布本报告" has none.
 */
const PROSE_TITLE = /(?:公布|发布|编制|印发|形成|制作|撰写|报送|提交)(?:完成)?了?(?:如下)?[:：]?[《“"]?([^，,。；;、《》“”"：:\s]{2,30}?(?:19|20)\d{2}\s*年度?[^，,。；;《》“”"\s]{0,6}?(?:政府信息公开|政务公开)(?:工作)?(?:年度)?报告)/;
/** Units of the body looked at for such a sentence. */
const PROSE_UNITS = 40;

function proseTitle(text: string): string | null {
  return PROSE_TITLE.exec(squash(text))?.[1] ?? null;
}

export function findTitle(doc: DocModel): string | null {
  // a title is no sentence: prose that mentions 本报告 is not the report's name
  const candidates = candidatesOf(doc).map((c) => proseTitle(c) ?? c).filter((c) => !/[，。；]/.test(c));
  for (const c of candidates) {
    if (REPORT_TITLE.test(c) && /\d{4}|[〇一二三四五六七八九零]{4}/.test(c) && c.length <= 80) return c.replace(/^\s*标题\s*[:：]\s*/, '');
  }
  // no short title with a year: the opening sentence of the body may name the report
  for (const u of doc.units.slice(0, PROSE_UNITS)) {
    const t = proseTitle(u.text);
    if (t) return t;
  }
  for (const c of candidates) if (REPORT_TITLE.test(c) && c.length <= 80) return c;
  return doc.title ? squash(doc.title) : null;
}

export function parseTitle(title: string): { entity: string | null; year: number | null } {
  const t = title.replace(/\s+/g, '');
  const m = /^(.*?)((?:19|20)\d{2})\s*年度?(.*?)(政府信息公开|政务公开|信息公开)/.exec(t);
  if (!m) {
    const e = /^(.*?)(政府信息公开|政务公开|信息公开)/.exec(t);
    return { entity: cleanEntity(e?.[1] ?? null), year: null };
  }
  const year = Number(m[2]);
  const entity = cleanEntity(m[1]) ?? cleanEntity(m[3]);
  return { entity, year };
}

/** What the body calls itself in its own prose (我厅, 本机关): not a name. */
const SELF = /^(本|我)(机关|单位|厅|局|委|办|县|区|市|州|盟|旗|镇|乡|街道|部门|院|会|中心|室|所|署|府)?$/;

function cleanEntity(s: string | null): string | null {
  if (!s) return null;
  // a year broken over lines ("20" / "20年…报告") leaves its second half before the name
  s = s.replace(/^\d{1,3}年度?/, '');
  const e = s.replace(/^(关于|关於)/, '').replace(/(的|之|关于)$/, '').replace(/[《》“”"]/g, '').trim();
  return e.length > 0 && !/^[\d\s]*$/.test(e) && !SELF.test(e) ? e : null;
}

function yearFromBody(doc: DocModel): number | null {
  for (const u of doc.units) {
    const m = /统计期限自\s*((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日/.exec(u.text) ?? /((?:19|20)\d{2})\s*年度?政府信息公开/.exec(u.text);
    if (m) return Number(m[1]);
  }
  return null;
}

// URL is in every runtime the parser targets (browsers, Node) but in no ES lib typing.
declare const URL: new (url: string, base?: string) => { href: string };

function resolve(href: string | null, base: string | null): string | null {
  if (!href) return null;
  const h = href.trim();
  if (/^(javascript:|#|mailto:)/i.test(h) || h === '') return null;
  try {
    return new URL(h, base ?? undefined).href;
  } catch {
    // no base to resolve against (a file parsed offline): keep the link as written
    return h;
  }
}

const END_OF_CHAIN = /^(没有了|无|暂无|没有上一[条篇]|没有下一[条篇])[!！.。]?$/;

/**
 * The page's neighbours, found once per model and base: a crawl asks for them before the page is
 * read (to ask for the neighbours meanwhile, scraper/crawl/page-reading.ts) and the reading asks
 * again (extractMeta); a model is not changed once walked.
 */
const navFound = new WeakMap<DocModel, { baseUrl: string | null; nav: Meta['nav'] }>();

export function findNav(doc: DocModel, baseUrl: string | null): Meta['nav'] {
  const known = navFound.get(doc);
  if (known !== undefined && known.baseUrl === baseUrl) return known.nav;
  const nav = navOf(doc, baseUrl);
  navFound.set(doc, { baseUrl, nav });
  return nav;
}

function navOf(doc: DocModel, baseUrl: string | null): Meta['nav'] {
  let prev: NavLink | null = null;
  let next: NavLink | null = null;
  const base = doc.baseHref ? resolve(doc.baseHref, baseUrl) : baseUrl;
  const setNav = (which: 'prev' | 'next', link: NavLink) => {
    if (which === 'prev' && prev === null) prev = link;
    if (which === 'next' && next === null) next = link;
  };
  const which = (label: string): 'prev' | 'next' => (/上一|前一/.test(label) ? 'prev' : 'next');

  // indexed loops: this runs once per page in the extension, mostly before it is optimised, where
  // for…of makes an iterator result per element (hundreds of menu links)
  const links = doc.links;
  for (let i = 0; i < links.length; i++) {
    const l = links[i];
    // every label has 一 in it: most links (menus, related lists) are passed over without a pattern
    if (!l.text.includes('一') && !l.before.includes('一')) continue;
    const inText = NAV_LABEL.exec(l.text);
    const before = NAV_LABEL_BEFORE.exec(l.before);
    const label = inText?.[1] ?? before?.[1];
    if (!label) continue;
    let title = squash(l.titleAttr ?? l.text.replace(NAV_LABEL_LEADING, ''));
    if (title === '' || END_OF_CHAIN.test(title)) continue;
    if (NAV_LABEL.test(title) && title.length <= 4) title = '';
    setNav(which(label), { url: resolve(l.href, base), title: title || null });
  }
  // plain text (or script-drawn navigation copied as text): 上一条：标题
  const units = doc.units;
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    if (!u.text.includes('上一') && !u.text.includes('下一')) continue;
    const re = /(上一[条篇]|下一[条篇])\s*[:：]\s*([^\n]*?)(?=\s*(上一[条篇]|下一[条篇])\s*[:：]|$)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(u.text)) !== null) {
      const title = squash(m[2]);
      if (title === '' || END_OF_CHAIN.test(title)) continue;
      setNav(which(m[1]), { url: null, title });
    }
  }
  return prev === null && next === null ? null : { prev, next };
}

/**
 * The report files a page links (附件：XX区2024年政府信息公开工作年度报告.pdf): which links are
 * report attachments, and whether the page is one whose attachment is worth reading (a report
 * page, or a page titled as a report that has no tables). The crawler and the extension both
 * ask this; neither fetches a file this does not name.
 */
import type { DocModel, PageLink } from '../doc/model.js';
import { squash } from '../format/normalize.js';
import type { ReportRecord } from '../record/schema.js';

export type AttachmentKind = 'pdf' | 'docx' | 'doc';

export interface Attachment {
  /** absolute URL */
  url: string;
  /** the link's text (or the file name) */
  name: string;
  /** the kind its name gives; the bytes decide in the end */
  kind: AttachmentKind;
}

/** More than any report page links; the rest are not offered. */
export const MAX_ATTACHMENTS = 3;

const FILE_EXT = /\.(pdf|docx|doc|wps)(?=$|[?#&"'\s）)])/i;
const REPORT_WORD = /年度报告|年报|工作报告/;
const ATTACH_WORD = /附件|下载/;
const DISCLOSURE = /政府信息公开|政务公开|信息公开/;

declare const URL: new (url: string, base?: string) => { href: string; protocol: string; hostname: string; pathname: string; search: string };

function kindOf(s: string): AttachmentKind | null {
  const m = FILE_EXT.exec(s);
  if (!m) return null;
  const ext = m[1].toLowerCase();
  return ext === 'pdf' ? 'pdf' : ext === 'docx' ? 'docx' : 'doc';
}

/**
 * The site a host belongs to: its registrable domain (one label under a public suffix). gov.cn
 * and the other second-level .cn suffixes are public suffixes, so file.x.gov.cn and www.x.gov.cn
 * are one site and www.y.gov.cn another. An IP address is its own site.
 */
export function registrableDomain(hostname: string): string {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  if (/^[\d.]+$/.test(h) || h.includes(':')) return h;
  const labels = h.split('.');
  const twoLevel = labels.length >= 3 && /^(gov|com|net|org|edu|ac|mil)$/.test(labels[labels.length - 2]) && labels[labels.length - 1] === 'cn';
  return labels.slice(-(twoLevel ? 3 : 2)).join('.');
}

export function sameSite(a: string, b: string): boolean {
  try {
    const ua = new URL(a);
    const ub = new URL(b);
    return /^https?:$/.test(ua.protocol) && /^https?:$/.test(ub.protocol) && registrableDomain(ua.hostname) === registrableDomain(ub.hostname);
  } catch {
    return false;
  }
}

/** How strongly a file link says it is the report: its words, then the 附件 label before it. */
function score(l: PageLink): number {
  const own = squash(`${l.text} ${l.titleAttr ?? ''}`);
  return (REPORT_WORD.test(own) ? 2 : 0) + (ATTACH_WORD.test(own) || ATTACH_WORD.test(l.before.slice(-20)) ? 1 : 0);
}

/** The page's title (or first heading) names an information-disclosure report. */
export function titledAsReport(doc: DocModel): boolean {
  const titles = [doc.title ?? '', doc.meta['articletitle'] ?? '', ...doc.headings.slice(0, 3)].map(squash);
  return titles.some((t) => DISCLOSURE.test(t) && REPORT_WORD.test(t));
}

/**
 * The report files the page links, best first: file links (.pdf/.doc/.docx/.wps by their URL or
 * their text) on the same site that name a report or stand after 附件. On a page titled as a
 * report, its one file link counts even without those words.
 */
export function reportAttachments(doc: DocModel, pageUrl: string): Attachment[] {
  const files: { a: Attachment; score: number; order: number }[] = [];
  const seen = new Set<string>();
  const base = baseOf(doc, pageUrl);
  if (base === null) return [];
  // a link without a path of its own takes the base's: if that names a file, every link may
  const baseNamesFile = MAYBE_FILE.test(base);
  doc.links.forEach((l, order) => {
    if (!l.href || /^(javascript:|#|mailto:)/i.test(l.href.trim())) return;
    if (!baseNamesFile && !mayNameFile(l, l.href)) return;
    let url: string;
    try {
      url = new URL(l.href.trim(), base).href;
    } catch {
      return;
    }
    const u = new URL(url);
    const kind = kindOf(u.pathname) ?? kindOf(decodeSafe(u.search)) ?? kindOf(l.text) ?? kindOf(l.titleAttr ?? '');
    if (!kind || seen.has(url) || !sameSite(url, pageUrl)) return;
    seen.add(url);
    files.push({ a: { url, name: squash(l.text) || squash(l.titleAttr ?? '') || u.pathname.split('/').pop() || url, kind }, score: score(l), order });
  });
  const named = files.filter((f) => f.score > 0);
  const chosen = named.length ? named : files.length === 1 && titledAsReport(doc) ? files : [];
  return chosen.sort((x, y) => y.score - x.score || x.order - y.order).slice(0, MAX_ATTACHMENTS).map((f) => f.a);
}

/** What the page's relative links resolve against; null when its <base> cannot be resolved (then no link can). */
function baseOf(doc: DocModel, pageUrl: string): string | null {
  if (!doc.baseHref) return pageUrl;
  try {
    return new URL(doc.baseHref, pageUrl).href;
  } catch {
    return null;
  }
}

/**
 * Could this link name a file at all? Most of a page's links (its chrome) name none, and parsing
 * each as a URL was most of the cost of this scan. A superset of what `kindOf` finds once the URL
 * is resolved: the URL parser drops tabs and newlines, and a percent-encoded link (a query may hide
 * the extension) always takes the full look.
 */
const MAYBE_FILE = /\.(pdf|docx?|wps)/i;
function mayNameFile(l: PageLink, href: string): boolean {
  // the copy without tabs and newlines only for the rare href that has them (one per menu link was most of this scan's garbage)
  const joined = URL_DROPS.test(href) ? href.replace(/[\t\n\r]/g, '') : href;
  return href.includes('%') || MAYBE_FILE.test(joined) || MAYBE_FILE.test(l.text) || MAYBE_FILE.test(l.titleAttr ?? '');
}
const URL_DROPS = /[\t\n\r]/;

/**
 * A page whose attachment is worth reading: a report page, or a page titled as a report on which
 * no report tables were found (the report is the file).
 */
export function wantsAttachment(rec: ReportRecord, doc: DocModel): boolean {
  return rec.format !== 'unknown' || titledAsReport(doc);
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

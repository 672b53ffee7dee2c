/**
 * One report, however many URLs it was reached by. Pages with the same body bytes (sha256), or
 * the same body, year and tables, are one report: the canonical page stands for it and the
 * others are its `duplicates`. Which page is canonical: the one the other pages of its body link
 * to as 上一条/下一条 (the page on the chain, not a copy at another path), then the one fetched
 * first, then the shorter URL.
 */
import type { ReportRecord } from '../record/schema.js';

export interface CanonicalReport {
  record: ReportRecord;
  /** the other pages that are this report, canonical first excluded */
  duplicates: ReportRecord[];
}

/** The reports' values as one string: two pages with equal strings hold the same tables. */
export function tablesFingerprint(rec: ReportRecord): string | null {
  const parts: string[] = [];
  for (const key of ['active', 'applications', 'review_litigation'] as const) {
    const t = rec.tables[key];
    if (!t) continue;
    for (const row of Object.keys(t).sort()) {
      for (const col of Object.keys(t[row]).sort()) {
        const c = t[row][col];
        parts.push(`${key}.${row}.${col}=${c.status === 'ambiguous' ? `?${(c.candidates ?? []).join('|')}` : c.value ?? c.status}`);
      }
    }
  }
  for (const row of rec.tables.legacy ?? []) {
    for (const [p, c] of Object.entries(row.values)) parts.push(`legacy.${row.label}.${p}=${c.value ?? c.status}`);
  }
  // a page with no values at all cannot be told from another by its tables
  return parts.some((p) => /=\d/.test(p)) ? parts.join(';') : null;
}

/** Groups one body's reports into canonical reports, in the order of year then URL. */
export function canonicalReports(reports: readonly ReportRecord[]): CanonicalReport[] {
  const parent = reports.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const union = (a: number, b: number) => {
    parent[find(a)] = find(b);
  };
  const byKey = new Map<string, number>();
  reports.forEach((r, i) => {
    const keys: string[] = [];
    if (r.source.sha256) keys.push(`sha:${r.source.sha256}`);
    const fp = r.year !== null ? tablesFingerprint(r) : null;
    if (fp !== null) keys.push(`tables:${r.year}:${fp}`);
    for (const k of keys) {
      const j = byKey.get(k);
      if (j === undefined) byKey.set(k, i);
      else union(i, j);
    }
  });
  const groups = new Map<number, ReportRecord[]>();
  reports.forEach((r, i) => {
    const g = find(i);
    groups.set(g, [...(groups.get(g) ?? []), r]);
  });
  const linked = inboundLinks(reports);
  const out = [...groups.values()].map((members) => {
    const sorted = [...members].sort((a, b) => rank(a, b, linked));
    return { record: sorted[0], duplicates: sorted.slice(1) };
  });
  return out.sort((a, b) => (a.record.year ?? 99999) - (b.record.year ?? 99999) || urlOf(a.record).localeCompare(urlOf(b.record)));
}

const urlOf = (r: ReportRecord) => r.source.url ?? r.source.file ?? '';

/** How many other pages name each URL as their 上一条/下一条. */
function inboundLinks(reports: readonly ReportRecord[]): Map<string, number> {
  const n = new Map<string, number>();
  for (const r of reports) {
    for (const l of [r.nav?.prev, r.nav?.next]) {
      if (!l?.url || l.url === r.source.url) continue;
      const u = withoutFragment(l.url);
      n.set(u, (n.get(u) ?? 0) + 1);
    }
  }
  return n;
}

const withoutFragment = (u: string) => u.replace(/#.*$/, '');

function rank(a: ReportRecord, b: ReportRecord, linked: Map<string, number>): number {
  const la = linked.get(urlOf(a)) ?? 0;
  const lb = linked.get(urlOf(b)) ?? 0;
  if (la !== lb) return lb - la;
  const fa = a.source.fetchedAt ?? '';
  const fb = b.source.fetchedAt ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  return urlOf(a).length - urlOf(b).length || urlOf(a).localeCompare(urlOf(b));
}

/**
 * A stable id of a report: the first 16 hex digits of its page's sha256, or, for a page read
 * from a file or without bytes, of an FNV-1a hash of where it came from.
 */
export function reportId(rec: ReportRecord): string {
  if (rec.source.sha256) return rec.source.sha256.slice(0, 16);
  return `u${fnv1a64(urlOf(rec))}`;
}

function fnv1a64(s: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

/**
 * Start URLs at scale (`gongkai crawl --from FILE`): a list, one URL a line with `#` comments, or
 * a CSV whose `url` column gives the URLs and whose other columns (body, region, level, division
 * code …) go with each URL into the exports. A line that is not a usable URL is kept as a bad
 * input with its reason, and the rest go on.
 */
import { normaliseUrl } from './chain.js';

export interface StartInput {
  url: string;
  /** 1-based line of the file (0 for a URL given on the command line) */
  line: number;
  /** the CSV's other columns for this URL (empty for a plain list) */
  columns: Record<string, string>;
}

export interface BadInput {
  line: number;
  text: string;
  reason: string;
}

export interface Inputs {
  inputs: StartInput[];
  bad: BadInput[];
  /** the CSV's columns other than `url`, in file order */
  columns: string[];
}

/** A start URL as given, or why it cannot be one. */
export function checkStartUrl(text: string): { url: string } | { reason: string } {
  const t = text.trim();
  if (!/^[a-z][a-z0-9+.-]*:/i.test(t)) return { reason: 'not a URL (no http:// or https://)' };
  if (!/^https?:/i.test(t)) return { reason: `not an http(s) URL (${t.split(':')[0]}:)` };
  let u: URL;
  try {
    u = new URL(t);
  } catch {
    return { reason: 'not a valid URL (a space or a bad character in the host, or a port that is not a number)' };
  }
  if (!u.hostname) return { reason: 'no host' };
  const url = normaliseUrl(u.href);
  return url ? { url } : { reason: 'not a valid http(s) URL' };
}

/** The URLs given on the command line, as inputs of line 0. */
export function argInputs(args: string[]): Inputs {
  const out: Inputs = { inputs: [], bad: [], columns: [] };
  for (const a of args) add(out, a, 0, {});
  return out;
}

/** Reads a list or a CSV (told apart by a first line that names a `url` column). */
export function readInputs(text: string): Inputs {
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\n|\r/);
  const first = lines.find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  if (first !== undefined && isCsvHeader(first)) return readCsv(text.replace(/^\ufeff/, ''));
  const out: Inputs = { inputs: [], bad: [], columns: [] };
  lines.forEach((raw, i) => {
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) return;
    add(out, t, i + 1, {});
  });
  return out;
}

function isCsvHeader(line: string): boolean {
  return parseCsv(line)[0]?.fields.some((f) => f.trim().toLowerCase() === 'url') ?? false;
}

function readCsv(text: string): Inputs {
  const rows = parseCsv(text).filter((r) => r.fields.some((f) => f.trim() !== '') && !r.fields[0].trim().startsWith('#'));
  const [header, ...body] = rows;
  const names = header.fields.map((f) => f.trim());
  const urlAt = names.findIndex((n) => n.toLowerCase() === 'url');
  const columns = names.filter((_, i) => i !== urlAt);
  const out: Inputs = { inputs: [], bad: [], columns };
  for (const r of body) {
    const cols: Record<string, string> = {};
    names.forEach((n, i) => {
      if (i !== urlAt) cols[n] = (r.fields[i] ?? '').trim();
    });
    const url = (r.fields[urlAt] ?? '').trim();
    if (!url) out.bad.push({ line: r.line, text: r.fields.join(','), reason: 'no url in this row' });
    else add(out, url, r.line, cols);
  }
  return out;
}

function add(out: Inputs, text: string, line: number, columns: Record<string, string>): void {
  const c = checkStartUrl(text);
  if ('url' in c) out.inputs.push({ url: c.url, line, columns });
  else out.bad.push({ line, text, reason: c.reason });
}

/** RFC 4180 rows (quoted fields may hold commas, quotes doubled, line breaks), each with its first line. */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const rows: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      rows.push({ line: rowLine, fields });
      fields = [];
      field = '';
      rowLine = ++line;
    } else field += ch;
  }
  if (field !== '' || fields.length) {
    fields.push(field);
    rows.push({ line: rowLine, fields });
  }
  return rows;
}

/** The readable summary of `gongkai parse`: the tables as aligned text, checks ✓/✗/?, issues. */
import { FORMATS, isSoftCheck, TABLE_KEYS, type Cell, type ReportRecord, type StandardFormat } from '../parser/index.js';
import { clip, pad } from './terminal.js';


export function cellText(c: Cell | undefined): string {
  if (!c) return '';
  switch (c.status) {
    case 'ok': return String(c.value);
    case 'blank': return '·';
    case 'note': return `«${c.raw ?? ''}»`;
    case 'missing': return '—';
    case 'ambiguous': return c.candidates?.length ? `?{${c.candidates.slice(0, 4).join('|')}${c.candidates.length > 4 ? '|…' : ''}}` : '?';
  }
}

export function summary(rec: ReportRecord): string {
  const lines: string[] = [];
  lines.push(`${rec.title ?? '(no title)'}`);
  lines.push(`  body ${rec.entity ?? '?'} · year ${rec.year ?? '?'} · published ${rec.publishedAt ?? '?'} · format ${rec.format} · layout ${rec.layout ?? '-'}`);
  if (rec.nav) {
    if (rec.nav.prev) lines.push(`  上一条 ${rec.nav.prev.title ?? ''} ${rec.nav.prev.url ?? ''}`.trimEnd());
    if (rec.nav.next) lines.push(`  下一条 ${rec.nav.next.title ?? ''} ${rec.nav.next.url ?? ''}`.trimEnd());
  }
  if (rec.format === '2021' || rec.format === '2019') {
    const f = FORMATS[rec.format as StandardFormat];
    for (const t of TABLE_KEYS) {
      const table = rec.tables[t];
      if (!table) continue;
      const def = f.tables[t];
      lines.push('', `${def.title} (${t})`);
      const labelW = 30;
      for (const row of def.rows) {
        const cells = row.columns.map((c) => `${c.label.replace(/（单位：万元）/, '')}=${cellText(table[row.id]?.[c.id])}`);
        if (t === 'applications') {
          const vals = row.columns.map((c) => pad(cellText(table[row.id]?.[c.id]), 7, true)).join(' ');
          lines.push(`  ${pad(clip(row.label, labelW), labelW)} ${vals}`);
        } else lines.push(`  ${pad(clip(row.label, labelW), labelW)} ${cells.join('  ')}`);
      }
      if (t === 'applications') {
        lines.splice(lines.length - def.rows.length, 0, `  ${pad('', labelW)} ${def.rows[0].columns.map((c) => pad(clip(c.label, 7), 7, true)).join(' ')}`);
      }
    }
  }
  if (rec.tables.legacy) {
    lines.push('', '统计表 (legacy)');
    for (const r of rec.tables.legacy) lines.push(`  ${pad(clip(r.label, 30), 30)} ${r.unit ?? ''}  ${Object.entries(r.values).map(([k, c]) => `${k}=${cellText(c)}`).join('  ')}`);
  }
  if (rec.checks.length) {
    const n = (s: string) => rec.checks.filter((c) => c.status === s).length;
    const decoded = rec.checks.filter((c) => c.status === 'pass' && c.usedToDecode);
    const soft = rec.checks.filter((c) => c.status === 'fail' && isSoftCheck(c)).length;
    lines.push('', `checks: ${n('pass') - decoded.length} ✓  ${decoded.length} ≡  ${n('fail') - soft} ✗  ${soft} ~  ${n('uncertain')} ?${soft ? '   (~ a soft finding: prose vs table, or documents cleaned up)' : ''}`);
    if (decoded.length) lines.push(`  ≡ ${decoded.length} rules were used to split run-together digits and cannot confirm them: ${[...new Set(decoded.map((c) => c.id))].join(', ')}`);
    for (const c of rec.checks) {
      if (c.status === 'pass') continue;
      const mark = c.status === 'fail' ? (isSoftCheck(c) ? '~' : '✗') : '?';
      lines.push(`  ${mark} ${c.id} [${c.scope}] ${c.left ?? '?'} vs ${c.right ?? '?'}${c.note ? ` — ${c.note}` : ''}`);
    }
  }
  if (rec.issues.length) {
    lines.push('', 'issues:');
    for (const i of rec.issues) lines.push(`  ${i.severity === 'error' ? '!' : i.severity === 'warning' ? '~' : '-'} ${i.code}${i.path ? ` (${i.path})` : ''}: ${i.message}`);
  }
  return lines.join('\n') + '\n';
}

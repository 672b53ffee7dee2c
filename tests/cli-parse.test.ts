/** `gongkai parse` as a user runs it: a child process, real files, a real HTTP server on 127.0.0.1. */
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_SAMPLE_PATH } from '../sites/samples.js';
import { RecordSchema } from '../parser/index.js';

const root = new URL('..', import.meta.url).pathname;
const fixture = (f: string) => join(root, 'tests/fixtures', f);
const gongkai = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin/gongkai.js'), ...args], { encoding: 'utf8', timeout: 60_000 });

describe('gongkai parse FILE', () => {
  it('--json prints exactly one record equal to the expected values', () => {
    const r = gongkai('parse', SEED_SAMPLE_PATH, '--json');
    expect(r.status).toBe(0);
    const rec = JSON.parse(r.stdout);
    expect(RecordSchema.safeParse(rec).success).toBe(true);
    const exp = JSON.parse(readFileSync(fixture('yipinglang-2022.expected.json'), 'utf8'));
    expect([rec.entity, rec.year, rec.format, rec.layout]).toEqual([exp.entity, exp.year, exp.format, exp.layout]);
    expect(rec.tables.active.penalty.decisions.value).toBe(1);
    expect(rec.source.file).toContain('yipinglang-2022.txt');
    expect(rec.source.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
  it('without --json prints the tables, the checks and the issues', () => {
    const r = gongkai('parse', fixture('qingshan-2022.txt'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('一、本年新收政府信息公开申请');
    expect(r.stdout).toMatch(/（七）总计 +41 +6 +1 +0 +1 +0 +49/);
    expect(r.stdout).toMatch(/✗ applications\.balance \[natural_person\] 43 vs 44/);
  });
  it('--csv prints the long form with a BOM', () => {
    const r = gongkai('parse', fixture('qingshan-2023.html'), '--csv');
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith('\ufeffsource_url,entity,year,format,table,row,row_label,column,column_label,value,raw,status')).toBe(true);
    expect(r.stdout).toContain(',applications,new_received,一、本年新收政府信息公开申请数量,total,总计,50,50,ok');
  });
  it('exits 2 with one line on stderr for unusable input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-'));
    const cases: [string, RegExp][] = [];
    writeFileSync(join(dir, 'empty.html'), '');
    cases.push([join(dir, 'empty.html'), /empty/]);
    writeFileSync(join(dir, 'news.html'), '<html><body><p>会议召开</p></body></html>');
    cases.push([join(dir, 'news.html'), /no annual-report tables/]);
    writeFileSync(join(dir, 'blob.bin'), Buffer.from([0, 1, 2, 3, 0, 0, 255, 0]));
    cases.push([join(dir, 'blob.bin'), /not a text or HTML page/]);
    cases.push([join(dir, 'missing.html'), /no such file/]);
    for (const [file, msg] of cases) {
      const r = gongkai('parse', file);
      expect(r.status, file).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(msg);
    }
  });
  it('a GBK file that declares its charset only in <meta> is read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-'));
    const html = readFileSync(fixture('qingshan-2023.html'), 'utf8').replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">');
    writeFileSync(join(dir, 'gbk.html'), new Uint8Array(gbkEncode(html)));
    const r = gongkai('parse', join(dir, 'gbk.html'), '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).entity).toBe('青山镇');
  });
});

describe('gongkai parse URL', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    const page = readFileSync(fixture('qingshan-2023.html'));
    server = createServer((req, res) => {
      if (req.url === '/nb/2023.html') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(page);
      } else {
        res.writeHead(404);
        res.end('not found');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const addr = server.address() as { port: number };
    base = `http://127.0.0.1:${addr.port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('fetches once, decodes, and resolves the nav links against the page URL', async () => {
    const r = await new Promise<{ status: number | null; stdout: string }>((resolve) => {
      const { spawn } = require('node:child_process') as typeof import('node:child_process');
      const p = spawn(process.execPath, [join(root, 'bin/gongkai.js'), 'parse', `${base}/nb/2023.html`, '--json']);
      let out = '';
      p.stdout.on('data', (d) => (out += d));
      p.on('close', (status) => resolve({ status, stdout: out }));
    });
    expect(r.status).toBe(0);
    const rec = JSON.parse(r.stdout);
    expect(rec.source.url).toBe(`${base}/nb/2023.html`);
    expect(rec.nav.prev.url).toBe(`${base}/zwgk/nb/t20250301_3.html`);
    expect(rec.nav.next.url).toBe(`${base}/nb/t20230228_1.html`);
  });
  it('a 404 is unusable input: exit 2', async () => {
    const r = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const { spawn } = require('node:child_process') as typeof import('node:child_process');
      const p = spawn(process.execPath, [join(root, 'bin/gongkai.js'), 'parse', `${base}/nb/none.html`]);
      let err = '';
      p.stderr.on('data', (d) => (err += d));
      p.on('close', (status) => resolve({ status, stderr: err }));
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/404/);
  });
});

/** GBK bytes for the test page: Node has a GBK decoder but no encoder, so build the table once. */
function gbkEncode(text: string): number[] {
  const dec = new TextDecoder('gbk');
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else out.push(...(table.get(ch) ?? [0x3f]));
  }
  return out;
}

/**
 * `gongkai parse` on report files as a user runs it: a child process, files printed by Chromium,
 * a real HTTP server on 127.0.0.1 serving a PDF. Skipped with a message without Chromium.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumOrNull, Printer } from './print.js';

const root = new URL('../..', import.meta.url).pathname;
const chromiumPath = await chromiumOrNull();
if (!chromiumPath) console.warn('tests/pdf/cli: no Chromium found: skipped');

function gongkai(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [join(root, 'bin/gongkai.js'), ...args]);
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe.skipIf(!chromiumPath)('gongkai parse on PDF files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-pdf-'));
  const report = join(dir, 'report.bin');
  const scan = join(dir, 'scan.pdf');
  let server: Server;
  let base = '';
  beforeAll(async () => {
    const html = readFileSync(join(root, 'tests/fixtures/qingshan-2023.html'), 'utf8');
    const printer = await Printer.launch(chromiumPath!);
    try {
      // named .bin: the kind comes from the bytes, not the name
      writeFileSync(report, await printer.pdf(html));
      writeFileSync(scan, await printer.scannedPdf(html));
    } finally {
      await printer.close();
    }
    server = createServer((req, res) => {
      if (req.url === '/files/nb2023.pdf') {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.end(readFileSync(report));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  it('a PDF file is read by its magic bytes: the record, exit 0', async () => {
    const r = await gongkai('parse', report, '--json');
    expect(r.status).toBe(0);
    const rec = JSON.parse(r.stdout);
    expect([rec.entity, rec.year, rec.format]).toEqual(['青山镇', 2023, '2021']);
    expect(rec.tables.applications.new_received.total).toMatchObject({ value: 50, status: 'ok', loc: { kind: 'box' } });
  });
  it('a PDF served over HTTP is fetched and read', async () => {
    const r = await gongkai('parse', `${base}/files/nb2023.pdf`, '--json');
    expect(r.status).toBe(0);
    const rec = JSON.parse(r.stdout);
    expect(rec.source.url).toBe(`${base}/files/nb2023.pdf`);
    expect(rec.tables.applications.new_received.total.value).toBe(50);
  });
  it('a scanned PDF: the scan issue, no tables, exit 0', async () => {
    const r = await gongkai('parse', scan);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('scanned: no text layer');
  });
  it('a broken PDF is unusable input: exit 2, one line', async () => {
    const bad = join(dir, 'bad.pdf');
    writeFileSync(bad, '%PDF-1.7\nnot really a pdf\n');
    const r = await gongkai('parse', bad);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/not a readable PDF/);
  });
});

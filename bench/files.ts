/**
 * Report-file bench: a report PDF parsed warm in Node — PDF.js text extraction, then geometry,
 * reading and checks — on ../shared/attachments/pdf/huaian-szf-2024.pdf (a real 6-page WPS PDF,
 * read, never copied), when that file is there. Also the two halves apart, to tell which one
 * grows. Each figure is the median of ≥ MIN_RUNS runs after WARMUP runs.
 * Target: the whole parse ≤ 250 ms warm.
 * Run alone: `node bin/run-ts.js bench/files.ts`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parsePdf } from '../parser/index.js';
import { readPdfNode } from '../scraper/files/pdf-node.js';
import { parseFile } from '../scraper/files/read-file.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SHARED_PDF = join(ROOT, '..', 'shared', 'attachments', 'pdf', 'huaian-szf-2024.pdf');
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const MIN_RUNS = Number(process.env.BENCH_MIN_RUNS ?? 7);

/** Median wall and CPU time in ms (PDF.js runs on this thread in Node: CPU time is what a busy machine changes least). */
async function medianMs(fn: () => Promise<unknown> | unknown): Promise<{ wall: number; cpu: number }> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < MIN_RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const med = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] * 10) / 10;
  return { wall: med(wall), cpu: med(cpu) };
}

export async function benchFiles(): Promise<Record<string, number | string>> {
  if (!existsSync(SHARED_PDF)) return { files_pdf: `skipped: ${SHARED_PDF} is not there` };
  const bytes = new Uint8Array(readFileSync(SHARED_PDF));
  const text = (await readPdfNode(bytes)).text;
  const whole = await medianMs(() => parseFile(bytes, 'pdf'));
  const pdfjs = await medianMs(() => readPdfNode(bytes));
  const ours = await medianMs(() => parsePdf(text));
  return {
    files_pdf_method: `median of ${MIN_RUNS} runs after ${WARMUP} warm-up runs, one PDF read from memory`,
    files_pdf_pages: text.pages.length,
    files_pdf_bytes: bytes.length,
    files_pdf_parse_ms: whole.wall,
    files_pdf_parse_cpu_ms: whole.cpu,
    files_pdf_text_ms: pdfjs.wall,
    files_pdf_text_cpu_ms: pdfjs.cpu,
    files_pdf_geometry_and_read_ms: ours.wall,
    files_pdf_geometry_and_read_cpu_ms: ours.cpu,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchFiles();
  for (const [k, v] of Object.entries(r)) console.log(`${k.padEnd(36)} ${v}`);
}

/** PDF.js in Node: its legacy build (Node 20), with the CMaps it ships for CID fonts. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readPdfText, type PdfJs, type PdfRead, type PdfReadOptions } from './pdf-text.js';

let loaded: Promise<PdfJs> | null = null;

function pdfjs(): Promise<PdfJs> {
  loaded ??= import('pdfjs-dist/legacy/build/pdf.mjs') as unknown as Promise<PdfJs>;
  return loaded;
}

function cMapDir(): string {
  const pkg = createRequire(import.meta.url).resolve('pdfjs-dist/package.json');
  return join(dirname(pkg), 'cmaps') + '/';
}

export async function readPdfNode(bytes: Uint8Array, opts: Omit<PdfReadOptions, 'cMapUrl'> = {}): Promise<PdfRead> {
  return readPdfText(await pdfjs(), bytes, { ...opts, cMapUrl: cMapDir() });
}

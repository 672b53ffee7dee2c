/**
 * The Firefox build passes Mozilla's own linter (web-ext lint, the addons-linter of AMO).
 * Builds `wxt build -b firefox` into .output/firefox-mv2 first (under the e2e tests' build lock). The one warning allowed is the
 * `Function` constructor that zod's feature test carries (it is never called with page text).
 * PDF.js (its worker, and the reading pages' chunk that bundles it) may also carry its two
 * `import(url)` calls: the fake worker's and the JPEG 2000 fallback's, both URLs of the
 * extension's own files (workerSrc is set to the bundled worker), never a page's.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureExtensionBuilt, ROOT } from '../../sites/extension-build.js';
const WEB_EXT = join(ROOT, 'node_modules/web-ext/bin/web-ext.js');

interface LintMessage { code: string; message: string; file?: string }

const PDFJS_FILE = /^(pdfjs\/|chunks\/file-reader-)/;
const allowed = (w: LintMessage) => w.code === 'DANGEROUS_EVAL'
  || (w.code === 'UNSAFE_VAR_ASSIGNMENT' && /call to import/.test(w.message) && PDFJS_FILE.test(w.file ?? ''));
interface LintReport { summary: { errors: number; warnings: number; notices: number }; errors: LintMessage[]; warnings: LintMessage[] }

describe('Firefox build', () => {
  it('passes web-ext lint', async () => {
    const OUT = await ensureExtensionBuilt('firefox');
    let out: string;
    try {
      out = execFileSync(process.execPath, [WEB_EXT, 'lint', '--source-dir', OUT, '--output', 'json', '--no-input', '--no-config-discovery'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    } catch (err) {
      // web-ext exits non-zero when the linter finds errors; the JSON report is still on stdout
      out = String((err as { stdout?: string }).stdout ?? '');
    }
    const report = JSON.parse(out.slice(out.indexOf('{'))) as LintReport;
    expect(report.errors.map((e) => `${e.code} ${e.file ?? ''}: ${e.message}`)).toEqual([]);
    expect(report.warnings.filter((w) => !allowed(w)).map((w) => `${w.code} ${w.file ?? ''}: ${w.message}`)).toEqual([]);
  }, 300_000);
});

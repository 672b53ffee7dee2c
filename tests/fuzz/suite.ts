/**
 * The parser's property suite, defined once and run at two sizes: a bounded run inside `npm test`
 * (tests/properties/parser.test.ts) and a long one with `npm run fuzz` (tests/fuzz/parser.fuzz.test.ts).
 * FUZZ_RUNS sets the number of cases of the main properties; FUZZ_SEED replays a run (the seed is
 * printed with any failure).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { equations, FORMATS } from '../../parser/index.js';
import { countArb, LAYOUTS, pageArb, renderOptionsArb, renderPage, smallCountArb, smallPageArb, truthOf, valuesArb, type GenLayout, type GenPage, type GenValues } from '../../sites/gen.js';
import { applyMutations, mutationArb, whitespaceMutationArb, type Mutation } from './mutations.js';
import { assertNoFail, checkPage } from './invariants.js';

export interface Page {
  name: string;
  text: string;
  as: 'html' | 'text';
}

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const REAL = fileURLToPath(new URL('../../../shared/real/', import.meta.url));

function readPages(dir: string): Page[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.(txt|html?)$/.test(f))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8'), as: /\.html?$/.test(f) ? ('html' as const) : ('text' as const) }));
}

/** The repository's own fixture pages (tests/fixtures/*.txt|html): the seeds of the mutation runs. */
export const fixturePages = (): Page[] => readPages(FIXTURES);
/** Real pages in ../shared/real, when that folder is there (read only, never copied). */
export const realPages = (): Page[] => readPages(REAL);
export const REAL_DIR = REAL;

const fromGen = (p: GenPage, name: string): Page => ({ name, text: p.text, as: p.as });

/** Where failing inputs are written for a person to look at (not into the repository). */
const FAIL_DIR = join(tmpdir(), 'gongkai-fuzz');

interface Tally {
  name: string;
  runs: number;
  failed: boolean;
  /** stopped by the time limit before all its cases ran */
  interrupted: boolean;
}

/**
 * @param defaultSeed fixed seed unless FUZZ_SEED is set: the bounded run in `npm test` sees the
 *   same cases every time (no flaky CI), the long run draws new ones (FUZZ_SEED=random forces that)
 */
export function defineParserProperties(runs: number, label: string, shrinkSeconds = 10, defaultSeed?: number): void {
  const envSeed = process.env.FUZZ_SEED;
  const seed = envSeed === 'random' ? undefined : envSeed ? Number(envSeed) : defaultSeed;
  const heavy = Math.max(3, Math.round(runs / 10));
  // vitest's per-test timeout (30 s in vitest.config.ts) is far too short for a long run
  const timeout = Math.max(120_000, runs * 1_000);
  const tallies: Tally[] = [];

  /** fc.check with a tally, and the shrunk failing page saved to FAIL_DIR. */
  function run<T>(name: string, arb: fc.Arbitrary<T>, toPage: (x: T) => Page, check: (page: Page) => void, numRuns: number) {
    const out = fc.check(
      fc.property(arb, (x) => {
        check(toPage(x));
      }),
      // the time limit bounds the run with its shrinking (a slow failure shrinks for a long time)
      { numRuns, seed, interruptAfterTimeLimit: shrinkSeconds * 1000 + numRuns * 250, markInterruptAsFailure: false },
    );
    tallies.push({ name, runs: out.numRuns, failed: out.failed, interrupted: out.interrupted && !out.failed });
    if (out.failed) {
      let saved = '';
      if (out.counterexample) {
        const page = toPage(out.counterexample[0]);
        mkdirSync(FAIL_DIR, { recursive: true });
        saved = join(FAIL_DIR, `${name.replace(/\W+/g, '-')}.${page.as === 'html' ? 'html' : 'txt'}`);
        writeFileSync(saved, page.text);
      }
      const cause = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
      const shown = JSON.stringify(out.counterexample)?.slice(0, 400) ?? '';
      throw new Error(`property "${name}" failed after ${out.numRuns} cases (seed ${out.seed}, path "${out.counterexamplePath}", shrunk ${out.numShrinks} times):\n${cause}\ncounterexample (cut): ${shown}\nfailing page ${saved ? `saved to ${saved}` : 'not kept'}`);
    }
  }

  describe(`parser properties (${label}: ${runs} cases each, ${heavy} for the heavy ones${seed !== undefined ? `, seed ${seed}` : ''})`, () => {
    afterAll(() => {
      const total = tallies.reduce((n, t) => n + t.runs, 0);
      console.log(`[fuzz] ${label}: ${total} cases — ${tallies.map((t) => `${t.name} ${t.runs}${t.failed ? ' FAILED' : ''}${t.interrupted ? ' (time limit)' : ''}`).join(', ')}`);
    });

    // ---- pages ----
    const generated = (arb: fc.Arbitrary<GenPage>) => arb.map((p) => fromGen(p, `generated-${p.values.format}-${p.layout}`));
    const seeds = fixturePages();
    const seedArb: fc.Arbitrary<Page> = seeds.length ? fc.oneof(fc.constantFrom(...seeds), generated(smallPageArb), generated(pageArb)) : fc.oneof(generated(smallPageArb), generated(pageArb));
    const mutatedArb = fc.tuple(seedArb, fc.array(mutationArb, { maxLength: 10 })).map(([p, ms]: [Page, Mutation[]]): Page => ({ name: `${p.name}-mutated`, text: applyMutations(p.text, ms, p.as === 'html'), as: p.as }));
    const whitespaceArb = (pages: fc.Arbitrary<GenPage>) =>
      fc.tuple(pages, fc.array(whitespaceMutationArb, { minLength: 1, maxLength: 12 })).map(([p, ms]): Page => ({ name: `generated-${p.values.format}-${p.layout}-ws`, text: applyMutations(p.text, ms, p.as === 'html'), as: p.as }));
    const nestedArb = fc.tuple(fc.integer({ min: 1000, max: 5000 }), smallPageArb, fc.boolean()).map(([depth, p, inside]): Page => {
      const open = Array.from({ length: depth }, (_, i) => (i % 2 ? '<span>' : '<div>')).join('');
      const close = Array.from({ length: depth }, (_, i) => (i % 2 ? '</span>' : '</div>')).reverse().join('');
      const body = p.as === 'html' ? p.text.replace(/^[\s\S]*?<body>|<\/body>[\s\S]*$/g, '') : `<pre>${p.text}</pre>`;
      const text = inside ? `<html><body>${open}${body}${close}</body></html>` : `<html><body>${open}x${close}${body}</body></html>`;
      return { name: `nested-${depth}-${inside ? 'inside' : 'before'}`, text, as: 'html' };
    });
    const labels = [...FORMATS['2021'].tables.applications.rows, ...FORMATS['2019'].tables.active.rows].map((r) => r.label);
    const hugeTableArb = (minRows: number, maxRows: number) => fc.tuple(fc.integer({ min: minRows, max: maxRows }), fc.integer({ min: 1, max: 9 }), fc.boolean(), fc.nat()).map(([rows, cols, html, salt]): Page => {
      const row = (i: number) => [labels[(i * 7 + salt) % labels.length], ...Array.from({ length: cols }, (_, c) => String((i * 31 + c * 17 + salt) % 1000))];
      if (!html) return { name: `huge-lines-${rows}x${cols}`, text: Array.from({ length: rows }, (_, i) => row(i).join('\n')).join('\n'), as: 'text' };
      const trs = Array.from({ length: rows }, (_, i) => `<tr>${row(i).map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
      return { name: `huge-table-${rows}x${cols}`, text: `<html><body><p>三、收到和处理政府信息公开申请情况</p><table>${trs}</table></body></html>`, as: 'html' };
    });
    const hugeArb = hugeTableArb(500, 3000);
    const rowLabels = [...FORMATS['2021'].tables.applications.rows.map((r) => r.label), '行政复议', '规章'];
    const longDigitsArb = fc.tuple(smallPageArb, fc.constantFrom(...rowLabels), fc.stringMatching(/^[1-9][0-9]{19,499}$/), fc.nat()).map(([p, label, digits, at]): Page => {
      // after the label's own occurrence in the page, or anywhere when the page lacks it
      const i = p.text.indexOf(label);
      const pos = i >= 0 ? i + label.length : at % (p.text.length + 1);
      const insert = i >= 0 ? digits : `${label}${digits}`;
      return { name: `long-digits-${digits.length}-${p.layout}`, text: p.text.slice(0, pos) + insert + p.text.slice(pos), as: p.as };
    });

    // ---- the key property for journalists ----
    it('a consistent report of a small body, in any layout, never gets a fail', () => {
      run('consistent-small', fc.tuple(valuesArb(undefined, smallCountArb), fc.constantFrom(...LAYOUTS), renderOptionsArb), ([v, layout, o]) => fromGen(renderPage(v, layout, o), `generated-${v.format}-${layout}`), (p) => assertNoFail(checkPage(p.text, p.as)), runs);
    }, timeout);
    it('whitespace and width changes of a consistent report never make a fail', () => {
      run('consistent-whitespace', whitespaceArb(smallPageArb), (p) => p, (p) => assertNoFail(checkPage(p.text, p.as)), runs);
    }, timeout);
    it('a consistent report with large counts (up to 200000), in any layout, never gets a fail', () => {
      run('consistent-large', fc.tuple(pageArb, fc.array(whitespaceMutationArb, { maxLength: 4 })), ([p, ms]) => ({ name: `generated-${p.values.format}-${p.layout}`, text: applyMutations(p.text, ms, p.as === 'html'), as: p.as }), (p) => assertNoFail(checkPage(p.text, p.as)), heavy);
    }, timeout);

    it('a consistent concatenated report with one empty cell that left no trace never gets a fail', () => {
      // all zeros written as 0 except one cell of 表三, left empty: a run with one number fewer
      // than the row has cells, which a rule-satisfying reading of the wrong length can hide
      const arb = valuesArb(undefined, fc.oneof(countArb, fc.integer({ min: 10, max: 999 }))).chain((v) => {
        const zeros: { row: string; col: number }[] = [];
        for (const [row, vals] of Object.entries(v.applications)) vals.forEach((x, col) => x === 0 && col < 6 && zeros.push({ row, col }));
        return fc.tuple(fc.constant(v), zeros.length ? fc.constantFrom(...zeros) : fc.constant(null));
      });
      run(
        'consistent-one-vanished',
        arb,
        ([v, vanish]) => fromGen(renderPage(v, 'concatenated', { zero: '0', decorate: false, splitHeaders: false, fullWidth: false, vanish }), `generated-${v.format}-concatenated-vanish-${vanish?.row}.${vanish?.col}`),
        (p) => assertNoFail(checkPage(p.text, p.as)),
        runs,
      );
    }, timeout);

    it('the generator: every rule holds on the generated numbers', () => {
      run('generator-consistent', valuesArb(), (v) => ({ name: `values-${v.format}`, text: JSON.stringify(v), as: 'text' }), (p) => {
        const v = JSON.parse(p.text) as GenValues;
        for (const eq of equations(v.format)) {
          const sum = (paths: readonly string[]) => paths.reduce((s, path) => s + (truthOf(v, path) ?? Number.NaN), 0);
          if (sum(eq.left) !== sum(eq.right)) throw new Error(`generated numbers break ${eq.check}/${eq.scope}`);
        }
      }, runs);
    }, timeout);

    it('table and one-cell-per-line pages: every cell read as ok or blank is the page\'s own number', () => {
      run(
        'values-exact',
        fc.tuple(valuesArb(), fc.constantFrom<GenLayout>('table', 'lines'), renderOptionsArb),
        ([v, layout, o]) => ({ ...fromGen(renderPage(v, layout, o), `generated-${v.format}-${layout}`), values: v }),
        (p) => {
          const rec = checkPage(p.text, p.as);
          const v = (p as Page & { values: GenValues }).values;
          for (const t of ['active', 'applications', 'review_litigation'] as const) {
            for (const [row, cols] of Object.entries(rec.tables[t] ?? {})) {
              for (const [col, c] of Object.entries(cols)) {
                const want = truthOf(v, `${t}.${row}.${col}`);
                if (c.status === 'ok' && c.value !== want) throw new Error(`${t}.${row}.${col} read ${c.value} (raw ${JSON.stringify(c.raw)}), the page says ${want}`);
                if (c.status === 'blank' && want !== 0) throw new Error(`${t}.${row}.${col} read blank, the page says ${want}`);
              }
            }
          }
        },
        runs,
      );
    }, timeout);

    // ---- every record keeps its promises, whatever the page ----
    it('mutated fixtures and generated pages keep every promise of the record', () => {
      run('mutated', mutatedArb, (p) => p, (p) => {
        checkPage(p.text, p.as);
        checkPage(p.text, 'auto');
      }, runs);
    }, timeout);
    it('deep nesting (1000–5000 nested div/span) around a report', () => {
      run('deep-nesting', nestedArb, (p) => p, (p) => void checkPage(p.text, p.as), heavy);
    }, timeout);
    it('huge tables (500–3000 rows) of report labels and numbers', () => {
      run('huge-table', hugeArb, (p) => p, (p) => void checkPage(p.text, p.as), heavy);
    }, timeout);
    it('long digit runs (20–500 digits) after a row label', () => {
      run('long-digits', longDigitsArb, (p) => p, (p) => void checkPage(p.text, p.as), heavy);
    }, timeout);

    // ---- the issue's bound: no page takes more than 200 ms ----
    // Tables here stop at 1000 rows (≤ 9000 cells, ~140 KB, the size of the largest real pages):
    // at 3000 rows × 9 cells (400 KB) htmlparser2 and cheerio.load alone already take 100–250 ms
    // on this machine, so the bound would measure the machine, not the parser. Bigger tables are
    // still parsed, without the clock, by the huge-table property above.
    it('every page parses within 200 ms', () => {
      const anyPage = fc.oneof(generated(smallPageArb), generated(pageArb), mutatedArb, nestedArb, hugeTableArb(100, 1000), longDigitsArb);
      run('time-bound', anyPage, (p) => p, (p) => void checkPage(p.text, p.as, true), runs);
    }, timeout);

    const real = realPages();
    it.skipIf(real.length === 0)(`real pages from ../shared/real, mutated${real.length ? '' : ' (skipped: ../shared/real is not there)'}`, () => {
      run(
        'real-mutated',
        fc.tuple(fc.constantFrom(...real), fc.array(mutationArb, { maxLength: 6 })),
        ([p, ms]) => ({ name: `${p.name}-mutated`, text: applyMutations(p.text, ms, p.as === 'html'), as: p.as }),
        (p) => void checkPage(p.text, p.as),
        heavy,
      );
    }, timeout);
    if (real.length === 0) console.log(`[fuzz] ${REAL} is not there: the real-page property is skipped`);
  });
}

/**
 * The bounded run of the parser's property suite (tests/fuzz/suite.ts) inside `npm test`.
 * FUZZ_RUNS raises the count; the long run is `npm run fuzz`.
 */
import { defineParserProperties } from '../fuzz/suite.js';

const runs = Number(process.env.FUZZ_RUNS ?? 40);
// a fixed seed: the same cases on every run of `npm test` (FUZZ_SEED=random or a number to change it)
defineParserProperties(Number.isFinite(runs) && runs > 0 ? runs : 40, 'bounded', 10, 20261128);

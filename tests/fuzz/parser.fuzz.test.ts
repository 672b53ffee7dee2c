/** The long run of the parser's property suite: `npm run fuzz` (FUZZ_RUNS=20000). */
import { defineParserProperties } from './suite.js';

const runs = Number(process.env.FUZZ_RUNS ?? 2000);
defineParserProperties(Number.isFinite(runs) && runs > 0 ? runs : 2000, 'fuzz', 120);

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // tests/fuzz holds the long property runs: only `npm run fuzz` (FUZZ_RUNS set) runs them
    exclude: ['node_modules', '.output', '.wxt', ...(process.env.FUZZ_RUNS ? [] : ['tests/fuzz/**'])],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});

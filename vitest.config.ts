import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'parser/**/*.test.ts', 'scraper/**/*.test.ts', 'extension/**/*.test.ts'],
    exclude: ['node_modules', '.output', '.wxt', 'tests/fuzz/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});

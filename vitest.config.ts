import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real Postgres, PGlite and Redis are shared per file; files run in parallel workers.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});

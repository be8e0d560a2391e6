import { defineConfig } from 'vitest/config';

// Real Postgres, PGlite and Redis are shared per file; files run in parallel workers. Files named
// `*.alone.test.ts` assert how fast the bot acknowledges under load (Slack retries what is not
// acknowledged in 3 s): they run after the rest, one at a time, so that the two cores they measure
// are not also running other test files.
const shared = { testTimeout: 30_000, hookTimeout: 60_000, pool: 'forks' as const };

export default defineConfig({
  test: {
    globalSetup: ['test/support/build.ts'],
    // Two files at a time on this 2-core machine (vitest's default is one: cores minus one): the
    // per-file start-up (a fork, the imports) is a third of the run when files go one by one.
    // The alone project still runs its files one at a time (fileParallelism: false).
    maxWorkers: 2,
    projects: [
      { test: { ...shared, name: 'suite', include: ['test/**/*.test.ts'], exclude: ['test/**/*.alone.test.ts'], sequence: { groupOrder: 0 } } },
      { test: { ...shared, name: 'alone', include: ['test/**/*.alone.test.ts'], fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});

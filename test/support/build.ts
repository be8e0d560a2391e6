import { spawnSync } from 'node:child_process';

/**
 * Vitest global setup: `npm run build` before any test, so the tests that run what users run
 * (`npm start`, `npm run worker`: dist/) never run a stale build. Incremental: ~3 s when nothing
 * changed. tsc emits despite type errors, so these are printed rather than stopping the run
 * (`npm ci`, and so CI, fails on them through `prepare`).
 */
export default function build(): void {
  const run = spawnSync('npm', ['run', '--silent', 'build'], { encoding: 'utf8' });
  if (run.status !== 0) {
    console.warn(`npm run build reported errors; tests run on what it emitted:\n${run.stdout}${run.stderr}`);
    spawnSync('node', ['scripts/copy-assets.js']);
  }
}

// Start-up to a healthy /healthz with 5,000 running interviews against none: re-arming their
// timers is idempotent and runs after readiness, so the two should start alike. `npm start`
// (bot and workers in one process) on Postgres + Redis, the two cases alternated.
import { startSlackFake } from '../test/fakes/slack-web-api-fake.js';
import { deleteKeys } from '../test/support/queue-backends.js';
import { benchDatabase } from './support/bench-database.js';
import { startMain } from './support/main-process.js';
import { seedRunningSessions } from './support/seed-running.js';
import { BENCH_SECRET, BENCH_TEAM, benchUsers } from './support/slack-load.js';

const RUNNING = 5_000;
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 5);
const TARGET_RATIO = 1.5;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function benchStartup(): Promise<string[]> {
  if (!process.env.DATABASE_URL || !process.env.REDIS_URL) return ['start-up: skipped (needs DATABASE_URL and REDIS_URL)'];
  const slack = await startSlackFake({ teamId: BENCH_TEAM });
  const none = await benchDatabase(process.env.DATABASE_URL, `mib_bench_start0_${process.pid}`);
  const many = await benchDatabase(process.env.DATABASE_URL, `mib_bench_start5k_${process.pid}`);
  const env = (url: string, prefix: string) => ({ DATABASE_URL: url, REDIS_URL: process.env.REDIS_URL!, QUEUE_PREFIX: prefix, SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: BENCH_SECRET, SLACK_API_URL: slack.apiUrl });
  const cases = [
    { name: 'none', env: env(none.url, `bench-start0-${process.pid}`), samples: [] as number[] },
    { name: `${RUNNING}`, env: env(many.url, `bench-start5k-${process.pid}`), samples: [] as number[] },
  ];
  try {
    // A first start migrates each database (not measured); then the running sessions go in.
    for (const c of cases) await (await startMain(c.env)).stop();
    await seedRunningSessions(many.url, BENCH_TEAM, benchUsers(RUNNING));
    for (let run = 0; run < RUNS; run += 1) {
      for (const c of run % 2 ? [...cases].reverse() : cases) {
        const p = await startMain(c.env);
        c.samples.push(p.healthyAfterMs);
        await p.stop();
      }
    }
  } finally {
    await none.drop();
    await many.drop();
    for (const c of cases) await deleteKeys(process.env.REDIS_URL, c.env.QUEUE_PREFIX);
    await slack.close();
  }
  const [empty, busy] = cases.map((c) => median(c.samples)) as [number, number];
  const ratio = busy / empty;
  return [
    `start-up to /healthz 200 (npm start, Postgres + Redis, median of ${RUNS} alternated): ${empty.toFixed(0)} ms with no running sessions, ${busy.toFixed(0)} ms with ${RUNNING}; ratio ${ratio.toFixed(2)}x (target <= ${TARGET_RATIO}x): ${ratio <= TARGET_RATIO ? 'MET' : 'MISSED'}`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of await benchStartup()) console.log(line);

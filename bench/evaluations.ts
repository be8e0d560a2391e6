// 200 interviews ended at once, each evaluation waiting 2 s on the model: how long until every
// card is in its thread, with one worker process (`npm run worker`) and the real OpenAI client
// against a local OpenAI-compatible fake that takes 2 s per answer. Postgres + Redis.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { RUBRIC } from '../src/evaluation/rubric/rubric.js';
import { startOpenAiFake } from '../test/fakes/openai-fake-server.js';
import { startSlackFake } from '../test/fakes/slack-web-api-fake.js';
import { deleteKeys } from '../test/support/queue-backends.js';
import { benchDatabase } from './support/bench-database.js';
import { startMain } from './support/main-process.js';
import { seedRunningSessions } from './support/seed-running.js';
import { BENCH_SECRET, BENCH_TEAM, benchUsers, inBatches, slashCommand } from './support/slack-load.js';

const ENDED = 200;
const SCORER_MS = 2_000;
const TARGET_S = 30;

const transcript = (
  JSON.parse(readFileSync(join(import.meta.dirname, '..', 'test', 'fixtures', 'quality', 'url-shortener', 'average.json'), 'utf8')) as { messages: { role: string; content: string }[] }
).messages;
const quote = transcript.find((m) => m.role === 'candidate')!.content.split(/(?<=\.)\s/)[0]!;
const scored = {
  dimensions: RUBRIC.dimensions.map((d) => ({ dimension: d.id, score: 3, evidence: [quote], comment: `${d.label}: solid.` })),
  strengths: ['Clear requirements.'],
  improvements: ['Estimate before designing.'],
  summary: 'A reasonable interview.',
};

async function postedCards(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from deliveries where kind = 'evaluation' and status = 'posted'`);
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

export async function benchEvaluations(): Promise<string[]> {
  if (!process.env.DATABASE_URL || !process.env.REDIS_URL) return ['evaluations: skipped (needs DATABASE_URL and REDIS_URL)'];
  const slack = await startSlackFake({ teamId: BENCH_TEAM });
  const openai = await startOpenAiFake();
  openai.setResponder(() => ({ kind: 'delay', ms: SCORER_MS, then: { kind: 'json', value: scored } }));
  const db = await benchDatabase(process.env.DATABASE_URL, `mib_bench_eval_${process.pid}`);
  const prefix = `bench-eval-${process.pid}`;
  const env = { DATABASE_URL: db.url, REDIS_URL: process.env.REDIS_URL, QUEUE_PREFIX: prefix, SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: BENCH_SECRET, SLACK_API_URL: slack.apiUrl };
  const bot = await startMain(env, 'bot');
  const worker = await startMain({ ...env, OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: openai.baseUrl }, 'worker');
  try {
    const users = benchUsers(ENDED);
    await seedRunningSessions(db.url, BENCH_TEAM, users, transcript);
    const started = performance.now();
    await inBatches(users, 50, (u) => slashCommand(`${bot.url}/slack/events`, slack, u, 'end'));
    let cards = 0;
    while ((cards = await postedCards(db.url)) < ENDED) {
      if (performance.now() - started > 5 * TARGET_S * 1_000) throw new Error(`${cards} of ${ENDED} cards after ${5 * TARGET_S} s:\n${worker.logTail()}`);
      await sleep(200);
    }
    const seconds = (performance.now() - started) / 1_000;
    const calls = openai.requests.length;
    return [
      `evaluations: ${ENDED} interviews ended at once, scorer ${SCORER_MS / 1_000} s each (${calls} model calls), one worker: all cards posted in ${seconds.toFixed(1)} s (target <= ${TARGET_S} s): ${seconds <= TARGET_S ? 'MET' : 'MISSED'}`,
    ];
  } finally {
    await bot.stop();
    await worker.stop();
    await db.drop();
    await deleteKeys(process.env.REDIS_URL, prefix);
    await openai.close();
    await slack.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of await benchEvaluations()) console.log(line);

// Resident memory of the bot process with 1,000 live interviews, each started by a slash command
// and answered once through Slack's Events API, as a team would run it: the bot and a worker
// process on Postgres + Redis, and the embedded default (PGlite, in-process queue) in one process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSlackFake, type SlackFake } from '../test/fakes/slack-web-api-fake.js';
import { deleteKeys } from '../test/support/queue-backends.js';
import { benchDatabase } from './support/bench-database.js';
import { startMain, type MainProcess } from './support/main-process.js';
import { BENCH_SECRET, BENCH_TEAM, benchUsers, inBatches, slashCommand, threadMessage, threadsOf } from './support/slack-load.js';

const SESSIONS = Number(process.env.BENCH_MEMORY_SESSIONS ?? 1_000);
const BOT_TARGET_MB = 150;
const EMBEDDED_TARGET_MB = 300;
const ANSWER = 'About 100M new URLs a month, so roughly 40 writes/s and, at 100 reads per write, 4,000 redirects/s.';

async function until(what: string, check: () => boolean, timeoutMs: number, process: MainProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${process.logTail()}`);
    await sleep(100);
  }
}

/** Starts SESSIONS interviews through `bot` and answers each once; resolves when every reply is posted. */
async function liveSessions(bot: MainProcess, slack: SlackFake): Promise<void> {
  const events = `${bot.url}/slack/events`;
  const users = benchUsers(SESSIONS);
  await inBatches(users, 20, (u) => slashCommand(events, slack, u, 'start url shortener'));
  let threads = new Map<string, string>();
  const posts = () => slack.callsOf('chat.postMessage').length;
  // Each start posts the thread root and the opening question.
  await until('the interviews to start', () => posts() >= 2 * SESSIONS, 300_000, bot);
  threads = threadsOf(slack, users);
  if (threads.size !== SESSIONS) throw new Error(`found ${threads.size} interview threads of ${SESSIONS}`);
  await inBatches(users, 20, (u) => threadMessage(events, u, threads.get(u.userId)!, ANSWER));
  await until('the replies', () => posts() >= 3 * SESSIONS, 300_000, bot);
}

async function measure(name: string, start: (slack: SlackFake) => Promise<{ bot: MainProcess; others: MainProcess[] }>): Promise<{ idle: number; loaded: number }> {
  const slack = await startSlackFake({ teamId: BENCH_TEAM });
  const { bot, others } = await start(slack);
  try {
    await sleep(2_000);
    const idle = bot.rssMb();
    await liveSessions(bot, slack);
    await sleep(3_000);
    const loaded = bot.rssMb();
    return { idle, loaded };
  } catch (error) {
    throw new Error(`${name}: ${(error as Error).message}`, { cause: error });
  } finally {
    await bot.stop();
    for (const p of others) await p.stop();
    await slack.close();
  }
}

const slackEnv = (slack: SlackFake) => ({ SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: BENCH_SECRET, SLACK_API_URL: slack.apiUrl });

export async function benchMemory(): Promise<string[]> {
  const lines: string[] = [];
  if (process.env.DATABASE_URL && process.env.REDIS_URL) {
    const db = await benchDatabase(process.env.DATABASE_URL, `mib_bench_memory_${process.pid}`);
    const prefix = `bench-mem-${process.pid}`;
    try {
      const { idle, loaded } = await measure('postgres', async (slack) => {
        const env = { ...slackEnv(slack), DATABASE_URL: db.url, REDIS_URL: process.env.REDIS_URL!, QUEUE_PREFIX: prefix };
        const worker = await startMain(env, 'worker');
        return { bot: await startMain(env, 'bot'), others: [worker] };
      });
      lines.push(`memory, bot process (npm run bot; Postgres + Redis): ${idle.toFixed(0)} MB idle, ${loaded.toFixed(0)} MB with ${SESSIONS} live sessions (target <= ${BOT_TARGET_MB} MB): ${loaded <= BOT_TARGET_MB ? 'MET' : 'MISSED'}`);
    } finally {
      await db.drop();
      await deleteKeys(process.env.REDIS_URL, prefix);
    }
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'mib-bench-embedded-'));
  try {
    const { idle, loaded } = await measure('embedded', async (slack) => ({ bot: await startMain({ ...slackEnv(slack), DATA_DIR: dataDir }, 'all'), others: [] }));
    lines.push(`memory, embedded default (npm start; PGlite, in-process queue, one process): ${idle.toFixed(0)} MB idle, ${loaded.toFixed(0)} MB with ${SESSIONS} live sessions (target <= ${EMBEDDED_TARGET_MB} MB): ${loaded <= EMBEDDED_TARGET_MB ? 'MET' : 'MISSED'}`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of await benchMemory()) console.log(line);

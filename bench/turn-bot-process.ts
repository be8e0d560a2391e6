// A bot process for bench/turn-throughput.ts, forked with IPC. Configured from env the way
// `npm start` is (loadConfig, the production queue layout from createJobQueue, the JSON logger
// on stdout at LOG_LEVEL, Bolt's HTTP receiver), on the bench's own Postgres schema and queue
// prefix. Role `all` or `bot` also serves a bare Bolt app (bench/bare-bolt.ts) in this same
// process, the yardstick for slash-command acks. Counts the SQL statements and Redis commands
// it sends, for "per turn" figures.
import { writeFileSync } from 'node:fs';
import { Session as InspectorSession } from 'node:inspector/promises';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createSlackPort, startSlackAdapter, type SlackAdapter } from '../adapters/slack/slack-app.js';
import { appSettings, createCore, type Role } from '../src/app/composition-root.js';
import { createJobQueue } from '../src/app/infrastructure.js';
import { ChatPorts } from '../src/chat/chat-port.js';
import { loadConfig } from '../src/config/config.js';
import type { AiInterviewer, InterviewContext, InterviewerReply, InterviewerTurnReply, InterviewTurn } from '../src/domain/ports.js';
import type { SessionConfig } from '../src/domain/types.js';
import { OfflineScorer } from '../src/evaluation/offline/offline-scorer.js';
import { TopicCatalog } from '../src/interviewer/catalog/topic-catalog.js';
import { OfflineInterviewer } from '../src/interviewer/offline/offline-interviewer.js';
import { createLogger } from '../src/logging/logger.js';
import { AppMetrics } from '../src/observability/metrics.js';
import { DataStore } from '../src/storage/data-store.js';
import { openDatabase } from '../src/storage/database.js';
import { startBareBolt, type BareBolt } from './bare-bolt.js';

// --- counting what this process sends to Postgres and Redis --------------------------------
const counts = { queries: 0, txControl: 0, redis: 0 };
const clientProto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
const query = clientProto.query;
// BENCH_SQL_SAMPLES: a file to write one example (text and values) of each distinct statement to, at stop.
const sqlSamples = process.env.BENCH_SQL_SAMPLES ? new Map<string, { text: string; values: unknown; count: number }>() : null;
clientProto.query = function (this: unknown, ...args: unknown[]) {
  counts.queries += 1;
  const first = args[0];
  const text = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '');
  if (/^\s*(begin|commit|rollback)\b/i.test(text)) counts.txControl += 1;
  if (sqlSamples) {
    const sample = sqlSamples.get(text);
    if (sample) sample.count += 1;
    else sqlSamples.set(text, { text, values: args[1] ?? (first as { values?: unknown } | undefined)?.values, count: 1 });
  }
  return query.apply(this, args);
};
const redisProto = Redis.prototype as unknown as { sendCommand: (...args: unknown[]) => unknown };
const sendCommand = redisProto.sendCommand;
redisProto.sendCommand = function (this: unknown, ...args: unknown[]) {
  counts.redis += 1;
  return sendCommand.apply(this, args);
};

/** Answers at once: what a turn costs without the model. */
class InstantInterviewer implements AiInterviewer {
  readonly recentMessages = 4;
  readonly streams = false;
  async initialize(): Promise<void> {}
  async openingQuestion(context: InterviewContext): Promise<InterviewerReply> {
    return { content: `Let's design ${context.session.topic ?? 'a system'}. What are the requirements?`, metadata: { phase: 'requirements' } };
  }
  async reply(_context: InterviewContext, turn: InterviewTurn): Promise<InterviewerTurnReply> {
    const last = turn.messages.at(-1)!;
    return { content: `Noted (${last.content.length} chars). What would you do next, and why?`, metadata: { phase: 'requirements' }, state: { throughSeq: last.seq } };
  }
}

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const role = env('BENCH_ROLE') as Role;
const schema = env('BENCH_SCHEMA');
const config = loadConfig({
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
  DATABASE_URL: env('DATABASE_URL'),
  REDIS_URL: env('REDIS_URL'),
  QUEUE_PREFIX: env('BENCH_QUEUE_PREFIX'),
  SLACK_BOT_TOKEN: 'xoxb-bench',
  SLACK_SIGNING_SECRET: env('BENCH_SIGNING_SECRET'),
  SLACK_API_URL: env('BENCH_SLACK_API_URL'),
  PORT: '0',
});
const logger = createLogger({ level: config.logLevel });
process.on('unhandledRejection', (error) => logger.error({ operation: 'unhandled_rejection', error }, 'Unhandled promise rejection'));

const database = await openDatabase({ url: config.database.url, dataDir: '', poolMax: config.database.poolMax, searchPath: schema });
const store = new DataStore(database.db);
const queue = await createJobQueue(config, logger);
const catalog = new TopicCatalog();
const offline = process.env.BENCH_INTERVIEWER === 'offline';
const interviewer: AiInterviewer = offline ? new OfflineInterviewer(catalog) : new InstantInterviewer();
const slackSettings = { ...config.slack, botToken: config.slack.botToken! };
const slackPort = createSlackPort(slackSettings, logger);
const metrics = new AppMetrics();
const core = await createCore(
  { store, queue, queueKind: 'bullmq', ai: { kind: 'offline', model: offline ? 'offline' : 'instant', interviewer, scorer: new OfflineScorer(catalog) }, catalog, chat: new ChatPorts().register('slack', slackPort), logger, metrics },
  appSettings(config, role),
);
let adapter: SlackAdapter | null = null;
let bare: BareBolt | null = null;
if (role !== 'worker') {
  adapter = await startSlackAdapter(slackSettings, { router: core.router, port: slackPort, metrics, logger, readiness: { ready: true }, httpPort: 0 });
  bare = await startBareBolt({ signingSecret: slackSettings.signingSecret!, botToken: slackSettings.botToken, apiUrl: slackSettings.apiUrl! });
}

export interface BenchSession {
  sessionId: string;
  channelId: string;
  threadId: string;
  userId: string;
}

type Request =
  | { id: number; cmd: 'setup'; workspaceId: string; sessions: { channelId: string; threadId: string; userId: string; start: boolean }[] }
  | { id: number; cmd: 'stats' }
  | { id: number; cmd: 'profile-start' }
  | { id: number; cmd: 'profile-stop'; path: string }
  | { id: number; cmd: 'stop' };

async function setup(request: Extract<Request, { cmd: 'setup' }>): Promise<BenchSession[]> {
  const config: SessionConfig = { enabledModes: ['text'], aiProvider: 'offline', aiModel: 'offline', durationMinutes: 180, topic: 'url-shortener' };
  return Promise.all(
    request.sessions.map(async (s) => {
      const owner = { platform: 'slack' as const, workspaceId: request.workspaceId, userId: s.userId };
      const session = await core.sessions.createSession(config, owner, { channelId: s.channelId, threadId: s.threadId });
      if (s.start) await core.sessions.startSession(session.id, { ...owner, kind: 'user' });
      return { sessionId: session.id, channelId: s.channelId, threadId: s.threadId, userId: s.userId };
    }),
  );
}

async function stop(): Promise<void> {
  await adapter?.stop();
  await bare?.stop();
  await core.close();
  await queue.close(5_000);
  await database.close();
  if (sqlSamples) writeFileSync(process.env.BENCH_SQL_SAMPLES!, JSON.stringify([...sqlSamples.values()], null, 1));
}

const inspector = new InspectorSession();
inspector.connect();

const reply = (message: unknown) => process.send?.(message);
process.on('message', (message: Request) => {
  const run = async (): Promise<unknown> => {
    switch (message.cmd) {
      case 'setup':
        return setup(message);
      case 'stats':
        return { ...counts, cpu: process.cpuUsage() };
      case 'profile-start':
        // The steady state only: no start-up or module loading in the profile.
        await inspector.post('Profiler.enable');
        await inspector.post('Profiler.setSamplingInterval', { interval: 200 });
        await inspector.post('Profiler.start');
        return null;
      case 'profile-stop': {
        const { profile } = await inspector.post('Profiler.stop');
        writeFileSync(message.path, JSON.stringify(profile));
        return message.path;
      }
      case 'stop':
        await stop();
        return null;
    }
  };
  run().then(
    (result) => {
      reply({ id: message.id, ok: true, result });
      if (message.cmd === 'stop') setTimeout(() => process.exit(0), 50);
    },
    (error: unknown) => reply({ id: message.id, ok: false, error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) }),
  );
});
reply({ id: 0, ok: true, result: { eventsUrl: adapter ? `http://127.0.0.1:${adapter.boundPort}/slack/events` : null, bareUrl: bare?.url ?? null } });

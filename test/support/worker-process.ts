// A queue worker in its own process, for the crash test: real BullMQ, real Postgres, a scorer
// whose speed the test sets, and chat posts sent to the test's sink server.
import { ChatPorts, type ChatPort } from '../../src/chat/chat-port.js';
import { systemClock } from '../../src/domain/ports.js';
import type { ScoredEvaluation } from '../../src/domain/types.js';
import { registerEvaluationJob } from '../../src/evaluation/evaluation-job.js';
import { EvaluationManager } from '../../src/evaluation/evaluation-manager.js';
import { EvaluationPoster } from '../../src/evaluation/evaluation-poster.js';
import { createLogger } from '../../src/logging/logger.js';
import { BullMqJobQueue } from '../../src/queue/bullmq-job-queue.js';
import { DataStore } from '../../src/storage/data-store.js';
import { openDatabase } from '../../src/storage/database.js';
import { bullSettings } from './queue-backends.js';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const logger = createLogger({ level: 'warn' }, process.stderr);
const database = await openDatabase({ url: env('DATABASE_URL'), dataDir: '', poolMax: 4, searchPath: env('TEST_SCHEMA') });
const store = new DataStore(database.db);
const queue = new BullMqJobQueue(env('REDIS_URL'), bullSettings(env('QUEUE_PREFIX')), logger);
const delayMs = Number(env('SCORE_DELAY_MS'));

const scorer = {
  async score(session: { id: string }): Promise<ScoredEvaluation> {
    console.log(`scoring ${session.id}`);
    await new Promise((r) => setTimeout(r, delayMs));
    return { status: 'completed', overallScore: 55, band: 'lean_no_hire', dimensions: [], strengths: ['s'], improvements: ['i'], summary: `scored by ${process.pid}` };
  },
};
const unused = async (): Promise<never> => {
  throw new Error('the crash-test worker only posts in threads');
};
const sink: ChatPort = {
  canEdit: false,
  progress: 'typing',
  openThread: unused,
  update: unused,
  notifyPrivately: unused,
  uploadFile: unused,
  showTyping: unused,
  async postInThread(target, message, options) {
    const res = await fetch(`${env('SINK_URL')}/posts`, {
      method: 'POST',
      body: JSON.stringify({ threadId: target.threadId, kind: message.kind, idempotencyKey: options?.idempotencyKey }),
    });
    if (!res.ok) throw new Error(`sink answered ${res.status}`);
    return (await res.json()) as { messageId: string };
  },
};
const evaluations = new EvaluationManager(store, scorer, systemClock, logger);
const poster = new EvaluationPoster(store, new ChatPorts().register('slack', sink), systemClock, logger);
registerEvaluationJob(queue, evaluations, poster);
console.log('ready');

process.once('SIGTERM', async () => {
  await queue.close(2_000);
  await database.close();
  process.exit(0);
});

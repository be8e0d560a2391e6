import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/domain/ports.js';
import { BullMqJobQueue } from '../../src/queue/bullmq-job-queue.js';
import { startChatSink, type ChatSink } from '../fakes/chat-sink-server.js';
import { memoryLogger } from '../support/memory-log.js';
import { bullmqBackend, bullSettings, until } from '../support/queue-backends.js';
import { actorFor, buildHarness, config, ownerIn, uniqueWorkspace, type Harness } from '../support/session-harness.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

const ROOT = join(import.meta.dirname, '..', '..');
const postgres = storageBackends.find((b) => b.name === 'postgres');

// Two processes share work only through real Postgres and Redis, so this runs where both are set (CI).
describe.skipIf(!postgres || !bullmqBackend)('a worker killed in the middle of an evaluation', () => {
  let db: TestDatabase;
  let sink: ChatSink;
  let bot: Harness;
  const prefix = bullmqBackend?.freshPrefix() ?? 'unused';
  const children: ChildProcess[] = [];

  function startWorker(scoreDelayMs: number): { child: ChildProcess; output: () => string } {
    let output = '';
    // node itself (not the tsx wrapper) so SIGKILL reaches the process holding the job.
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/worker-process.ts'], {
      cwd: ROOT,
      env: { ...process.env, TEST_SCHEMA: db.schema!, QUEUE_PREFIX: prefix, SINK_URL: sink.url, SCORE_DELAY_MS: String(scoreDelayMs), SLACK_API_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (output += String(chunk)));
    child.stderr!.on('data', (chunk) => (output += String(chunk)));
    children.push(child);
    return { child, output: () => output };
  }

  beforeAll(async () => {
    db = await postgres!.open();
    sink = await startChatSink();
    // The bot side only enqueues, as `npm run bot` does.
    bot = await buildHarness(db.handle, { queue: new BullMqJobQueue(process.env.REDIS_URL!, bullSettings(prefix), memoryLogger().logger), realClock: systemClock, workers: false });
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await bot.close();
    await sink.close();
    await bullmqBackend!.cleanup(prefix);
    await db.cleanup();
  });

  it('is completed and posted exactly once by the next worker', async () => {
    const owner = ownerIn(uniqueWorkspace());
    const created = await bot.manager.createSession(config(), owner, { channelId: 'C1', threadId: 'crash-thread' });
    await bot.manager.startSession(created.id, actorFor(owner));
    await bot.manager.endSession(created.id, actorFor(owner));

    const first = startWorker(60_000);
    await until(() => first.output().includes(`scoring ${created.id}`), 20_000, 'first worker scoring');
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const cards = () => sink.posts.filter((p) => p.kind === 'evaluation');
    expect(cards()).toHaveLength(0);

    const second = startWorker(0);
    await until(() => cards().length > 0, 30_000, 'evaluation posted by the second worker').catch((error: Error) => {
      throw new Error(`${error.message}; second worker said: ${second.output()}`);
    });
    await new Promise((r) => setTimeout(r, 2_000));
    // The opening question (a delivery too) and the card, each once.
    expect(sink.posts.map((p) => [p.threadId, p.kind])).toEqual([
      ['crash-thread', 'question'],
      ['crash-thread', 'evaluation'],
    ]);
    expect(sink.unexpected).toEqual([]);
    const stored = await bot.store.evaluations.find({ ...owner, sessionId: created.id });
    expect(stored).toMatchObject({ status: 'completed', overall_score: 55, summary: `scored by ${second.child.pid}` });
    const card = await bot.store.deliveries.find({ ...owner, sessionId: created.id }, 2);
    expect(card).toMatchObject({ kind: 'evaluation', status: 'posted', platformMessageId: 'sink-2' });
    second.child.kill('SIGTERM');
    const code = await new Promise((resolve) => second.child.once('exit', resolve));
    expect(code).toBe(0);
  }, 90_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/domain/ports.js';
import { BullMqJobQueue } from '../../src/queue/bullmq-job-queue.js';
import { startTcpProxy, type TcpProxy } from '../fakes/tcp-proxy.js';
import { memoryLogger } from '../support/memory-log.js';
import { bullmqBackend, bullSettings, until } from '../support/queue-backends.js';
import { actorFor, buildHarness, config, ownerIn, uniqueWorkspace, type Harness } from '../support/session-harness.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

const backend = bullmqBackend!;
const REDIS = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');

// Real Redis and BullMQ (CI sets REDIS_URL); the database is the last backend available (Postgres in CI).
describe.skipIf(!bullmqBackend)('evaluation pipeline on BullMQ', () => {
  let db: TestDatabase;
  const harnesses: Harness[] = [];
  const prefixes: string[] = [];

  const harness = async (prefix: string, redisUrl?: string) => {
    const logger = memoryLogger().logger;
    const h = await buildHarness(db.handle, { queue: new BullMqJobQueue(redisUrl ?? REDIS.href, bullSettings(prefix), logger), realClock: systemClock, logger });
    harnesses.push(h);
    return h;
  };
  const cards = (h: Harness, thread: string) => h.chat.postsFor(thread).filter((p) => p.message.kind === 'evaluation');
  const fresh = () => {
    const prefix = backend.freshPrefix();
    prefixes.push(prefix);
    return prefix;
  };
  async function endedSession(h: Harness, thread: string) {
    const owner = ownerIn(uniqueWorkspace());
    const created = await h.manager.createSession(config(), owner, { channelId: 'C1', threadId: thread });
    await h.manager.startSession(created.id, actorFor(owner));
    for (const answer of ['We shorten URLs and redirect quickly.', 'Base62 codes from a counter.', 'Cache hot links in Redis.']) {
      await h.turn(created.id, { author: actorFor(owner), content: answer });
    }
    return { owner, id: created.id };
  }

  beforeAll(async () => {
    db = await storageBackends.at(-1)!.open();
  });
  afterAll(async () => {
    for (const h of harnesses) await h.close();
    for (const prefix of prefixes) await backend.cleanup(prefix);
    await db.cleanup();
  });

  it('ends a session, stores the evaluation and posts it once', async () => {
    const h = await harness(fresh());
    const { owner, id } = await endedSession(h, 'p-e2e');
    await h.manager.endSession(id, actorFor(owner));
    await until(() => cards(h, 'p-e2e').length > 0, 10_000, 'evaluation posted');
    await new Promise((r) => setTimeout(r, 500));
    const posts = cards(h, 'p-e2e');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.message).toMatchObject({ kind: 'evaluation', report: { sessionId: id, status: 'completed', overallScore: 30 } });
    const stored = await h.store.evaluations.find({ ...owner, sessionId: id });
    expect(stored).toMatchObject({ status: 'completed' });
    const card = await h.store.deliveries.find({ ...owner, sessionId: id }, 5);
    expect(card).toMatchObject({ kind: 'evaluation', status: 'posted', platformMessageId: posts[0]!.messageId });
    expect(posts[0]!.options).toMatchObject({ idempotencyKey: card!.key });
  });

  it('ends the session for the user while Redis is unreachable, and posts once Redis is back', async () => {
    let proxy: TcpProxy | undefined;
    try {
      proxy = await startTcpProxy(REDIS.hostname, Number(REDIS.port || 6379));
      const h = await harness(fresh(), `redis://127.0.0.1:${proxy.port}`);
      const { owner, id } = await endedSession(h, 'p-outage');
      await proxy.cut();
      const started = Date.now();
      const ended = await h.manager.endSession(id, actorFor(owner));
      expect(ended.status).toBe('completed');
      expect(Date.now() - started).toBeLessThan(8_000);
      expect((await h.store.outbox.findByKey(`evaluation-${id}`))?.dispatched_at).toBeNull();
      expect(await h.manager.outbox.dispatchPending()).toBe(0);
      await proxy.restore();
      await until(async () => (await h.manager.outbox.dispatchPending()) >= 0 && (await h.store.outbox.findByKey(`evaluation-${id}`))?.dispatched_at != null, 15_000, 'outbox dispatched');
      await until(() => cards(h, 'p-outage').length > 0, 15_000, 'evaluation posted');
      await new Promise((r) => setTimeout(r, 500));
      expect(cards(h, 'p-outage')).toHaveLength(1);
    } finally {
      await proxy?.close();
    }
  });

  it('processes every evaluation once with two workers on one queue', async () => {
    const prefix = fresh();
    const a = await harness(prefix);
    const b = await harness(prefix);
    const ended = [];
    for (let i = 0; i < 8; i += 1) ended.push(await endedSession(a, `p-two-${i}`));
    await Promise.all(ended.map(({ owner, id }) => a.manager.endSession(id, actorFor(owner))));
    const twoCards = () => [...a.chat.posts, ...b.chat.posts].filter((p) => p.target.threadId.startsWith('p-two-') && p.message.kind === 'evaluation');
    await until(() => twoCards().length >= 8, 15_000, 'all posted');
    await new Promise((r) => setTimeout(r, 500));
    const posts = twoCards();
    expect(posts).toHaveLength(8);
    expect(new Set(posts.map((p) => p.target.threadId)).size).toBe(8);
    expect(a.scorer.calls + b.scorer.calls).toBe(8);
    expect(a.scorer.calls).toBeGreaterThan(0);
    expect(b.scorer.calls).toBeGreaterThan(0);
  });

  it('fires timers armed before a restart through the new process', async () => {
    const prefix = fresh();
    const MINUTE = 100;
    const first = await buildHarness(db.handle, { queue: new BullMqJobQueue(REDIS.href, bullSettings(prefix), memoryLogger().logger), realClock: systemClock, minuteMs: MINUTE });
    const owner = ownerIn(uniqueWorkspace());
    const created = await first.manager.createSession(config({ durationMinutes: 10 }), owner, { channelId: 'C1', threadId: 'p-restart' });
    await first.manager.startSession(created.id, actorFor(owner));
    await until(async () => (await first.store.outbox.findByKey(`arm-timers-${created.id}-g1`))?.dispatched_at != null, 5_000, 'timers armed');
    await new Promise((r) => setTimeout(r, 200));
    await first.close();
    const second = await buildHarness(db.handle, { queue: new BullMqJobQueue(REDIS.href, bullSettings(prefix), memoryLogger().logger), realClock: systemClock, minuteMs: MINUTE });
    harnesses.push(second);
    await until(() => second.chat.postsFor('p-restart').some((p) => p.message.kind === 'evaluation'), 10_000, 'auto-end and evaluation after restart');
    expect(second.chat.postsFor('p-restart').map((p) => (p.message.kind === 'notice' ? p.message.text.split(/[:.]/)[0] : p.message.kind))).toEqual([
      'Halfway there',
      '2 minutes left',
      "Time's up",
      'evaluation',
    ]);
  });
});

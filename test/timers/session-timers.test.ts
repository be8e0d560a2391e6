import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/domain/ports.js';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { timerPlan } from '../../src/timers/timer-plan.js';
import { rearmRunningTimers } from '../../src/timers/rearm-timers.js';
import { memoryLogger } from '../support/memory-log.js';
import { queueBackends, until } from '../support/queue-backends.js';
import { actorFor, buildHarness, config, ownerIn, uniqueWorkspace, type Harness } from '../support/session-harness.js';

// 10-minute interviews in scaled time: one interview minute is MINUTE real milliseconds.
const MINUTE = 100;

describe('timerPlan', () => {
  it('warns at halfway, 10 and 2 minutes left in a long interview, fewer in short ones', () => {
    expect(timerPlan(45).map((p) => [p.kind, p.minutesLeft])).toEqual([['halfway', 22.5], ['ten-left', 10], ['two-left', 2], ['auto-end', 0]]);
    expect(timerPlan(10).map((p) => p.kind)).toEqual(['halfway', 'two-left', 'auto-end']);
    expect(timerPlan(5).map((p) => p.kind)).toEqual(['halfway', 'auto-end']);
  });
});

describe.each(queueBackends)('session timers on $name', (backend) => {
  let handle: DatabaseHandle;
  let h: Harness;
  let prefix: string;

  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(handle.db);
    prefix = backend.freshPrefix();
    const logger = memoryLogger().logger;
    h = await buildHarness(handle, { queue: backend.create(logger, { prefix }), realClock: systemClock, minuteMs: MINUTE, logger });
  });
  afterAll(async () => {
    await h.close();
    await backend.cleanup(prefix);
    await handle.close();
  });

  async function startTimed(thread: string) {
    const owner = ownerIn(uniqueWorkspace());
    const created = await h.manager.createSession(config({ durationMinutes: 10 }), owner, { channelId: 'C1', threadId: thread });
    const { session } = await h.manager.startSession(created.id, actorFor(owner));
    // The clock starts when the session goes active, not when the call returns.
    return { owner, id: created.id, startedAt: session.startedAt!.getTime() };
  }
  // The opening question is posted in the thread too; the timers' notices are what matter here.
  const notices = (thread: string) => h.chat.postsFor(thread).filter((p) => p.message.kind !== 'question').map((p) => (p.message.kind === 'notice' ? p.message.text.split(/[:.]/)[0] : p.message.kind));

  it('warns in order, ends the interview at its duration, and the evaluation follows', async () => {
    const { owner, id, startedAt } = await startTimed('t-order');
    await until(() => h.chat.postsFor('t-order').some((p) => p.message.kind === 'evaluation'), 10_000, 'evaluation posted');
    expect(notices('t-order')).toEqual(['Halfway there', '2 minutes left', "Time's up", 'evaluation']);
    const session = await h.manager.getSession(id, owner);
    expect(session.status).toBe('completed');
    expect(session.endedAt!.getTime() - startedAt).toBeGreaterThanOrEqual(10 * MINUTE - 50);
    const transitions = await h.manager.getTransitions(id, owner);
    expect(transitions.at(-1)).toMatchObject({ toStatus: 'completed', actorUserId: 'system:timer', actorKind: 'system' });
  });

  it('shifts the remaining timers by the length of a pause', async () => {
    const { owner, id, startedAt } = await startTimed('t-pause');
    await new Promise((r) => setTimeout(r, 2 * MINUTE));
    await h.manager.pauseSession(id, actorFor(owner));
    await new Promise((r) => setTimeout(r, 10 * MINUTE));
    // Paused through the whole original duration: nothing fired.
    expect(notices('t-pause')).toEqual([]);
    const resumedAt = Date.now();
    await h.manager.resumeSession(id, actorFor(owner));
    await until(() => h.chat.postsFor('t-pause').some((p) => p.message.kind === 'evaluation'), 10_000, 'evaluation posted');
    expect(notices('t-pause')).toEqual(['Halfway there', '2 minutes left', "Time's up", 'evaluation']);
    const ended = (await h.manager.getSession(id, owner)).endedAt!.getTime();
    // About 8 interview minutes were left at the pause.
    expect(ended - resumedAt).toBeGreaterThanOrEqual(8 * MINUTE - 100);
    expect(ended - startedAt).toBeGreaterThanOrEqual(20 * MINUTE - 100);
  });

  it('arms the timers of running sessions again when workers start after a restart', async () => {
    const logger = memoryLogger().logger;
    const firstPrefix = backend.freshPrefix();
    const first = await buildHarness(handle, { queue: backend.create(logger, { prefix: firstPrefix }), realClock: systemClock, minuteMs: MINUTE, logger });
    const owner = ownerIn(uniqueWorkspace());
    const created = await first.manager.createSession(config({ durationMinutes: 10 }), owner, { channelId: 'C1', threadId: 't-restart' });
    await first.manager.startSession(created.id, actorFor(owner));
    await new Promise((r) => setTimeout(r, 2 * MINUTE));
    // The worker process dies: its queue, and (in-process) every delayed job in memory, are gone.
    await first.close();
    const restartPrefix = backend.freshPrefix();
    const restarted = await buildHarness(handle, { queue: backend.create(logger, { prefix: restartPrefix }), realClock: systemClock, minuteMs: MINUTE, logger });
    try {
      expect(await rearmRunningTimers(restarted.store, restarted.queue)).toBeGreaterThanOrEqual(1);
      await until(() => restarted.chat.postsFor('t-restart').some((p) => p.message.kind === 'evaluation'), 10_000, 'auto-end after restart');
      const notices = restarted.chat.postsFor('t-restart').filter((p) => p.message.kind === 'notice').map((p) => (p.message as { text: string }).text.split(/[:.]/)[0]);
      // Halfway passed while nothing was running; what is left still comes, once each.
      expect(notices.filter((n) => n === "Time's up")).toHaveLength(1);
      expect((await restarted.manager.getSession(created.id, owner)).status).toBe('completed');
    } finally {
      await restarted.close();
      await backend.cleanup(firstPrefix);
      await backend.cleanup(restartPrefix);
    }
  });

  it.runIf(backend.name === 'bullmq')('repairs timers within one reconcile interval when Redis comes back empty', async () => {
    const logger = memoryLogger().logger;
    const lostPrefix = backend.freshPrefix();
    const slow = 300;
    const own = await buildHarness(handle, { queue: backend.create(logger, { prefix: lostPrefix }), realClock: systemClock, minuteMs: slow, logger, reconcileIntervalMs: 500 });
    try {
      const owner = ownerIn(uniqueWorkspace());
      const created = await own.manager.createSession(config({ durationMinutes: 10 }), owner, { channelId: 'C1', threadId: 't-lost' });
      await own.manager.startSession(created.id, actorFor(owner));
      await new Promise((r) => setTimeout(r, 200));
      // Redis restarts without persistence: every key of this queue is gone, delayed timers included.
      await backend.cleanup(lostPrefix);
      await until(() => own.chat.postsFor('t-lost').some((p) => p.message.kind === 'evaluation'), 20_000, 'auto-end after the repair');
      const said = own.chat.postsFor('t-lost').filter((p) => p.message.kind === 'notice').map((p) => (p.message as { text: string }).text.split(/[:.]/)[0]);
      expect(said).toEqual(['Halfway there', '2 minutes left', "Time's up"]);
    } finally {
      await own.close();
      await backend.cleanup(lostPrefix);
    }
  }, 30_000);

  it('cancels the timers when the candidate ends the interview', async () => {
    const { owner, id } = await startTimed('t-end');
    await h.manager.endSession(id, actorFor(owner));
    await new Promise((r) => setTimeout(r, 12 * MINUTE));
    expect(notices('t-end')).toEqual(['evaluation']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLEANUP_JOB } from '../../src/chat/maintenance-job.js';
import { systemClock } from '../../src/domain/ports.js';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { memoryLogger } from '../support/memory-log.js';
import { bullmqBackend, until } from '../support/queue-backends.js';
import { buildHarness, type Harness } from '../support/session-harness.js';

const DAILY = 'daily-cleanup';

/**
 * Redis restarted without persistence (or failed over to an empty replica): the daily cleanup of
 * processed event ids (`CLEANUP_JOB`) is a BullMQ job scheduler, so it is gone with the keys.
 * The ScheduleReconciler puts it back within one reconcile interval, without a restart.
 */
describe.skipIf(!bullmqBackend)('the daily cleanup schedule after Redis comes back empty (BullMQ)', () => {
  const backend = bullmqBackend!;
  let handle: DatabaseHandle;
  let h: Harness;
  let prefix: string;

  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(handle.db);
    prefix = backend.freshPrefix();
    const logger = memoryLogger().logger;
    h = await buildHarness(handle, { queue: backend.create(logger, { prefix }), realClock: systemClock, logger, reconcileIntervalMs: 500 });
  });
  afterAll(async () => {
    await h?.close();
    await backend.cleanup(prefix);
    await handle?.close();
  });

  it('is put back within one reconcile interval, and only once', async () => {
    await until(() => h.queue.hasSchedule(CLEANUP_JOB, DAILY), 10_000, 'the cleanup scheduled at start-up');
    // Only this test's keys: every key under its own prefix, the scheduler included.
    await backend.cleanup(prefix);
    expect(await h.queue.hasSchedule(CLEANUP_JOB, DAILY)).toBe(false);
    const lostAt = Date.now();
    await until(() => h.queue.hasSchedule(CLEANUP_JOB, DAILY), 5_000, 'the cleanup schedule put back');
    // Within the interval (500 ms), with slack for a busy machine.
    expect(Date.now() - lostAt).toBeLessThan(3_000);
    // Reconciling again (every interval) leaves one scheduler, not one more each time.
    await new Promise((r) => setTimeout(r, 1_200));
    const { Queue } = await import('bullmq');
    const work = new Queue('work', { connection: { url: process.env.REDIS_URL! }, prefix });
    try {
      const schedulers = await work.getJobSchedulers();
      expect(schedulers.filter((s) => s.key === DAILY || s.id === DAILY)).toHaveLength(1);
    } finally {
      await work.close();
    }
  }, 30_000);
});

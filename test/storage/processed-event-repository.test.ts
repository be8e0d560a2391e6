import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerMaintenanceJob, scheduleMaintenance } from '../../src/chat/maintenance-job.js';
import { DataStore } from '../../src/storage/data-store.js';
import { InProcessJobQueue } from '../../src/queue/in-process-job-queue.js';
import { memoryLogger } from '../support/memory-log.js';
import { TestClock } from '../support/test-clock.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

describe.each(storageBackends)('processed event ids on $name', (backend) => {
  let db: TestDatabase;
  let store: DataStore;
  beforeAll(async () => {
    db = await backend.open();
    store = new DataStore(db.handle.db);
  });
  afterAll(() => db.cleanup());

  it('says an event is new exactly once per workspace, even when marked concurrently', async () => {
    const scope = { platform: 'slack' as const, workspaceId: 'T-events' };
    const results = await Promise.all(Array.from({ length: 5 }, () => store.processedEvents.markProcessed(scope, 'Ev1', new Date())));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.processedEvents.markProcessed({ ...scope, workspaceId: 'T-other' }, 'Ev1', new Date())).toBe(true);
  });

  it('a daily job forgets ids older than a week', async () => {
    const clock = new TestClock(Date.parse('2026-03-10T00:00:00Z'));
    const scope = { platform: 'slack' as const, workspaceId: 'T-cleanup' };
    await store.processedEvents.markProcessed(scope, 'old', new Date('2026-03-01T00:00:00Z'));
    await store.processedEvents.markProcessed(scope, 'recent', new Date('2026-03-09T00:00:00Z'));
    const queue = new InProcessJobQueue(memoryLogger().logger);
    registerMaintenanceJob(queue, store, clock, memoryLogger().logger);
    await scheduleMaintenance(queue);
    await queue.enqueue('cleanup-processed-events', {});
    await new Promise((r) => setTimeout(r, 100));
    await queue.close();
    expect(await store.processedEvents.markProcessed(scope, 'old', clock.now())).toBe(true);
    expect(await store.processedEvents.markProcessed(scope, 'recent', clock.now())).toBe(false);
  });
});

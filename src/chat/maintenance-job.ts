import type { Clock, JobQueue } from '../domain/ports.js';
import type { Logger } from '../logging/logger.js';
import type { DataStore } from '../storage/data-store.js';

export const CLEANUP_JOB = 'cleanup-processed-events';
const DAY_MS = 24 * 3600_000;

/**
 * Processed event ids only need to outlive the platforms' retry window (minutes); a daily job
 * keeps a week of them and deletes the rest, so the table does not grow without bound.
 */
export function registerMaintenanceJob(queue: JobQueue, store: DataStore, clock: Clock, logger: Logger): void {
  queue.process(CLEANUP_JOB, async () => {
    const removed = await store.processedEvents.deleteOlderThan(new Date(clock.now().getTime() - 7 * DAY_MS));
    logger.info({ operation: CLEANUP_JOB, metadata: { removed } }, 'Old processed event ids removed');
  });
}

/** The repeating schedule; the same id again replaces it, so reconciling it is idempotent. */
export async function scheduleMaintenance(queue: JobQueue): Promise<void> {
  await queue.repeat(CLEANUP_JOB, 'daily-cleanup', DAY_MS, {});
}

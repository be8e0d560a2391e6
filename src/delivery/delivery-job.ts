import { DELIVERY_JOB, type JobQueue, type SessionJobData } from '../domain/ports.js';
import type { DeliveryWorker } from './delivery-worker.js';

/** The worker side of a recorded post: deliver the session's pending posts, in order. */
export function registerDeliveryJob(queue: JobQueue, worker: DeliveryWorker): void {
  queue.process<SessionJobData>(DELIVERY_JOB, (data, meta) =>
    worker.run({ platform: data.platform, workspaceId: data.workspaceId, sessionId: data.sessionId }, meta.attempt >= meta.maxAttempts),
  );
}

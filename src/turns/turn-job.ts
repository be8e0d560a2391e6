import { TURN_JOB, type JobQueue, type SessionJobData } from '../domain/ports.js';
import type { TurnWorker } from './turn-worker.js';

/** The worker side of a recorded turn: answer the session's pending turns, in order. */
export function registerTurnJob(queue: JobQueue, worker: TurnWorker): void {
  queue.process<SessionJobData>(TURN_JOB, (data, meta) =>
    worker.run({ platform: data.platform, workspaceId: data.workspaceId, sessionId: data.sessionId }, meta.attempt >= meta.maxAttempts, meta.attempt > 1),
  );
}

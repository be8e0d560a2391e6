import { TIMER_JOBS, type JobQueue, type TimerJobData } from '../domain/ports.js';
import type { Platform } from '../domain/types.js';
import type { DataStore } from '../storage/data-store.js';

/**
 * Every running session's timers, armed again from the time it has left: at start-up and then
 * periodically (ScheduleReconciler), so a queue that lost its delayed jobs (an in-process queue
 * after a restart, a Redis that came back empty) is repaired. Idempotent: the arm job's id is
 * the session's generation, the fire jobs' ids too, so existing ones are not added twice, and a
 * warning whose moment has passed is skipped; nothing is announced twice.
 */
export async function rearmRunningTimers(store: DataStore, queue: JobQueue): Promise<number> {
  const running = await store.sessions.runningTimers();
  const jobs = running.map((session) => ({
    name: TIMER_JOBS.arm,
    data: { ...session, platform: session.platform as Platform } satisfies TimerJobData,
    options: { jobId: `rearm-${session.sessionId}-g${session.generation}`, attempts: 3, backoffMs: 1_000 },
  }));
  for (let i = 0; i < jobs.length; i += 500) await queue.enqueueMany(jobs.slice(i, i + 500));
  return running.length;
}

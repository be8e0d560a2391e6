import { TIMER_JOBS, type JobQueue, type TimerJobData } from '../domain/ports.js';
import type { Platform } from '../domain/types.js';
import type { DataStore } from '../storage/data-store.js';

/**
 * When workers start, every running session's timers are armed again from the time it has left.
 * The in-process queue forgets its delayed jobs on restart; on BullMQ the same job ids make this
 * a no-op, and a warning whose moment has passed is skipped, so nothing is announced twice.
 */
export async function rearmRunningTimers(store: DataStore, queue: JobQueue): Promise<number> {
  const running = await store.sessions.runningTimers();
  for (const session of running) {
    const data: TimerJobData = { ...session, platform: session.platform as Platform };
    await queue.enqueue(TIMER_JOBS.arm, data, { jobId: `rearm-${session.sessionId}-g${session.generation}-${Date.now()}`, attempts: 3, backoffMs: 1_000 });
  }
  return running.length;
}

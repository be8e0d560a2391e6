import { isPlatformError } from '../domain/errors.js';
import { TIMER_JOBS, type Clock, type JobQueue, type TimerJobData } from '../domain/ports.js';
import type { Actor, SessionRef } from '../domain/types.js';
import type { Logger } from '../logging/logger.js';
import type { SessionManager } from '../session/session-manager.js';
import type { DataStore } from '../storage/data-store.js';
import { toSession } from '../storage/row-mappers.js';
import { timerJobId, timerNotice, timerPlan, type TimerKind } from './timer-plan.js';

export interface TimerDeps {
  store: DataStore;
  sessions: SessionManager;
  clock: Clock;
  logger: Logger;
  /** Real milliseconds per interview minute: 60000 in production, far less in tests. */
  minuteMs: number;
}

interface FireData extends TimerJobData {
  kind: TimerKind;
}

const KINDS: TimerKind[] = ['halfway', 'ten-left', 'two-left', 'auto-end'];

function refOf(data: TimerJobData): SessionRef {
  return { platform: data.platform, workspaceId: data.workspaceId, sessionId: data.sessionId };
}

/**
 * Session timers as delayed jobs. Arming computes what is left of the active time now, so pauses
 * shift every timer; each timer belongs to one generation of the session and does nothing if the
 * session has moved on (paused, resumed, ended) since it was armed, even if cancelling it failed.
 * On BullMQ delayed jobs live in Redis, so timers fire after a restart.
 */
export function registerTimerJobs(queue: JobQueue, deps: TimerDeps): void {
  const current = async (data: TimerJobData) => {
    const row = await deps.store.sessions.find(refOf(data));
    return row && row.status === 'active' && row.timer_generation === data.generation ? toSession(row, deps.clock.now()) : null;
  };

  queue.process<TimerJobData>(TIMER_JOBS.arm, async (data) => {
    const session = await current(data);
    if (!session) return;
    const leftMs = session.config.durationMinutes * deps.minuteMs - session.activeDurationMs;
    for (const point of timerPlan(session.config.durationMinutes)) {
      const delayMs = leftMs - point.minutesLeft * deps.minuteMs;
      // A warning whose moment has passed (resumed late) is skipped; the end always comes.
      if (delayMs < 0 && point.kind !== 'auto-end') continue;
      const fire: FireData = { ...data, kind: point.kind };
      await queue.enqueue(TIMER_JOBS.fire, fire, { jobId: timerJobId(data.sessionId, data.generation, point.kind), delayMs: Math.max(0, delayMs), attempts: 3, backoffMs: 1_000 });
    }
    deps.logger.debug({ operation: 'arm_timers', session_id: data.sessionId, metadata: { generation: data.generation, left_ms: leftMs } }, 'Timers armed');
  });

  queue.process<TimerJobData>(TIMER_JOBS.disarm, async (data) => {
    await Promise.all(KINDS.map((kind) => queue.remove(TIMER_JOBS.fire, timerJobId(data.sessionId, data.generation, kind))));
  });

  queue.process<FireData>(TIMER_JOBS.fire, async (data) => {
    const session = await current(data);
    if (!session) return;
    const ref = refOf(data);
    const text = timerNotice(data.kind, session.config.durationMinutes);
    if (data.kind === 'auto-end') {
      const bot: Actor = { ...ref, userId: 'system:timer', kind: 'system' };
      try {
        // The notice is recorded with the end itself, so it is owed exactly when the end happened.
        await deps.sessions.endSession(data.sessionId, bot, { notice: { kind: 'notice', text, tone: 'warning' } });
      } catch (error) {
        // The candidate ended it a moment earlier: nothing left to do.
        if (isPlatformError(error, 'INVALID_TRANSITION')) return;
        throw error;
      }
    } else {
      // A retried job promises the same notice once (keyed by generation and kind).
      await deps.sessions.outgoing.notice(ref, text, 'info', timerJobId(data.sessionId, data.generation, data.kind));
    }
    deps.logger.info({ operation: 'session_timer', session_id: data.sessionId, metadata: { kind: data.kind, generation: data.generation } }, `Timer ${data.kind} fired`);
  });
}

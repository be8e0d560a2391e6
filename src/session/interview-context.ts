import type { InterviewContext } from '../domain/ports.js';
import type { Session } from '../domain/types.js';

/** What the interviewer is told about time: active minutes used and left, pauses excluded. */
export function interviewContext(session: Session): InterviewContext {
  const budgetMs = session.config.durationMinutes * 60_000;
  return {
    session,
    elapsedActiveMs: session.activeDurationMs,
    remainingActiveMs: Math.max(0, budgetMs - session.activeDurationMs),
  };
}

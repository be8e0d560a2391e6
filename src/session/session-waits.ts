import { setTimeout as sleep } from 'node:timers/promises';
import { InterviewPlatformError } from '../domain/errors.js';
import type { EvaluationReport, SessionRef, TranscriptMessage } from '../domain/types.js';
import type { EvaluationManager } from '../evaluation/evaluation-manager.js';
import type { DataStore } from '../storage/data-store.js';

// What callers that need a result in hand (the console, tests) wait for, by polling the store:
// the work itself happens in the queue's workers, in this process or another.

async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, options: { timeoutMs: number; intervalMs: number; timedOut: (last: T) => Error }): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() >= deadline) throw options.timedOut(value);
    await sleep(options.intervalMs);
  }
}

/** The reply to candidate message `seq`, once stored and posted; null when the turn closed without one. */
export async function awaitReply(store: DataStore, ref: SessionRef, seq: number, timeoutMs: number, intervalMs: number): Promise<TranscriptMessage | null> {
  const outcome = await pollUntil(() => store.turns.outcome(ref, seq), (o) => o.state === 'skipped' || (o.reply !== null && o.delivery !== 'pending'), {
    timeoutMs,
    intervalMs,
    timedOut: (o) =>
      new InterviewPlatformError(
        'TIMEOUT',
        `Turn ${seq} of ${ref.sessionId} not answered and posted after ${timeoutMs}ms: turn ${o.state ?? 'unknown'}, reply ${o.reply ? `stored (delivery ${o.delivery ?? 'none'})` : 'not stored'}`,
        {
          userMessage: 'The interviewer is still answering; the reply will appear in the thread.',
          context: { session_id: ref.sessionId, seq, turn_state: o.state, delivery: o.delivery },
        },
      ),
  });
  return outcome.state === 'skipped' ? null : outcome.reply;
}

/** The finished evaluation; null when the session has not ended (no pending report was promised). */
export async function awaitEvaluation(evaluations: EvaluationManager, ref: SessionRef, timeoutMs: number, intervalMs: number): Promise<EvaluationReport | null> {
  return pollUntil(() => evaluations.getEvaluation(ref), (report) => !report || report.status !== 'pending', {
    timeoutMs,
    intervalMs,
    timedOut: () =>
      new InterviewPlatformError('TIMEOUT', `Evaluation of ${ref.sessionId} not ready after ${timeoutMs}ms`, {
        userMessage: 'The evaluation is still being written; it will be posted when ready.',
        context: { session_id: ref.sessionId, timeout_ms: timeoutMs },
      }),
  });
}

import { evaluationMessage } from '../chat/views.js';
import { isPlatformError } from '../domain/errors.js';
import { EVALUATION_JOB, type EvaluationJobData, type JobQueue } from '../domain/ports.js';
import type { SessionManager } from '../session/session-manager.js';
import type { EvaluationManager } from './evaluation-manager.js';

/**
 * The worker side of the evaluation outbox: score and store (idempotent), then promise the card
 * in the thread (a delivery, once per session). On the last failed attempt the report is marked
 * failed and the candidate is told, in the thread, how to retry.
 */
export function registerEvaluationJob(
  queue: JobQueue,
  evaluations: EvaluationManager,
  sessions: SessionManager,
  /** Told how each run ended (metrics). */
  onOutcome: (outcome: 'completed' | 'insufficient_data' | 'retry' | 'failed') => void = () => undefined,
): void {
  queue.process<EvaluationJobData>(EVALUATION_JOB, async (data, meta) => {
    const ref = { platform: data.platform, workspaceId: data.workspaceId, sessionId: data.sessionId };
    try {
      const { session, report } = await evaluations.evaluate(ref);
      // The card is owed in the thread of an interview that started, once per session.
      if (session.startedAt) {
        const message = evaluationMessage(session, report);
        await sessions.outgoing.post(ref, { kind: 'evaluation', message, dedupeKey: 'evaluation', notifyUserId: session.ownerUserId });
      }
      onOutcome(report.status === 'insufficient_data' ? 'insufficient_data' : 'completed');
    } catch (error) {
      // The interview is gone (its owner ran forget-me after it ended): nothing is owed any more.
      if (isPlatformError(error) && error.code === 'SESSION_NOT_FOUND') return;
      onOutcome(meta.attempt >= meta.maxAttempts ? 'failed' : 'retry');
      if (meta.attempt >= meta.maxAttempts) {
        await evaluations.markFailed(ref, error);
        await sessions.outgoing
          .notice(ref, 'I could not write your evaluation this time. Your interview is saved: run `/interview retry-evaluation` to try again.', 'error', `evaluation-failed-${meta.jobId}`)
          .catch(() => undefined);
      }
      throw error;
    }
  });
}

import { InterviewPlatformError } from '../domain/errors.js';
import { EVALUATION_JOB, type EvaluationJobData } from '../domain/ports.js';
import type { Actor, SessionRef } from '../domain/types.js';
import type { DataStore } from '../storage/data-store.js';
import { toSession } from '../storage/row-mappers.js';
import { assertMaySteer } from './session-errors.js';
import { scopeOf } from './session-queries.js';
import { evaluationDedupeKey, lockSession } from './status-change.js';

/**
 * Inside the caller's transaction: a failed evaluation goes back to pending and a fresh job is
 * promised through the outbox (`/interview retry-evaluation`). Returns the outbox key to dispatch.
 */
export async function promiseEvaluationRetry(tx: DataStore, ref: SessionRef, actor: Actor, now: Date): Promise<string> {
  const row = await lockSession(tx, ref);
  assertMaySteer(toSession(row, now), actor, 'retry the evaluation of');
  const evaluation = await tx.evaluations.find(ref, { forUpdate: true });
  if (!evaluation || !(await tx.evaluations.resetFailed(ref.sessionId, now))) {
    throw new InterviewPlatformError('INVALID_TRANSITION', `Evaluation of ${ref.sessionId} is not failed`, {
      userMessage: evaluation ? 'That evaluation has not failed, so there is nothing to retry.' : 'This interview has not ended yet.',
      context: { session_id: ref.sessionId, status: evaluation?.status ?? null },
    });
  }
  const dedupeKey = `${evaluationDedupeKey(ref.sessionId)}-retry-${evaluation.attempts}`;
  const payload: EvaluationJobData = { ...scopeOf(ref), sessionId: ref.sessionId };
  await tx.outbox.add({ ...scopeOf(ref), kind: EVALUATION_JOB, dedupeKey, sessionId: ref.sessionId, payload: { ...payload } }, now);
  return dedupeKey;
}

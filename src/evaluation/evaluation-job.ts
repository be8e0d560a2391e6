import { EVALUATION_JOB, type EvaluationJobData, type JobQueue } from '../domain/ports.js';
import type { EvaluationManager } from './evaluation-manager.js';

/** Registers the worker side of the evaluation outbox: score, store, and on the last failure say so. */
export function registerEvaluationJob(queue: JobQueue, evaluations: EvaluationManager): void {
  queue.process<EvaluationJobData>(EVALUATION_JOB, async (data, meta) => {
    const ref = { platform: data.platform, workspaceId: data.workspaceId, sessionId: data.sessionId };
    try {
      await evaluations.generateEvaluation(ref);
    } catch (error) {
      if (meta.attempt >= meta.maxAttempts) await evaluations.markFailed(ref, error);
      throw error;
    }
  });
}

import { heardMessages } from '../attachments/voice-turn.js';
import { InterviewPlatformError } from '../domain/errors.js';
import type { Clock, EvaluationScorer } from '../domain/ports.js';
import type { EvaluationReport, Session, SessionRef } from '../domain/types.js';
import type { Logger } from '../logging/logger.js';
import type { DataStore } from '../storage/data-store.js';
import { toEvaluation, toMessage, toSession } from '../storage/row-mappers.js';

const FINAL = new Set(['completed', 'insufficient_data']);

function notFound(ref: SessionRef): InterviewPlatformError {
  return new InterviewPlatformError('SESSION_NOT_FOUND', `Session ${ref.sessionId} not found`, {
    userMessage: 'That interview does not exist in this workspace.',
    context: { session_id: ref.sessionId },
  });
}

/**
 * The spec's Evaluation Manager: scores a completed session once and stores the report.
 * generateEvaluation is idempotent: a stored final report is returned as it is, and two workers
 * racing on one session store one result (the second sees the first under the row lock).
 */
export class EvaluationManager {
  constructor(
    private readonly store: DataStore,
    private readonly scorer: EvaluationScorer,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async getEvaluation(ref: SessionRef): Promise<EvaluationReport | null> {
    const row = await this.store.evaluations.find(ref);
    return row ? toEvaluation(row) : null;
  }

  async generateEvaluation(ref: SessionRef): Promise<EvaluationReport> {
    return (await this.evaluate(ref)).report;
  }

  /**
   * Scores and stores, returning the session too (the job posts its card): three statements,
   * the session with its report, the transcript, and the result with the session's score.
   */
  async evaluate(ref: SessionRef): Promise<{ session: Session; report: EvaluationReport }> {
    const found = await this.store.evaluations.findWithSession(ref);
    if (!found) throw notFound(ref);
    const session = toSession(found.session, this.clock.now());
    if (found.evaluation && FINAL.has(found.evaluation.status)) return { session, report: toEvaluation(found.evaluation) };
    if (session.status !== 'completed') {
      throw new InterviewPlatformError('INVALID_TRANSITION', 'Only a completed interview is evaluated', {
        userMessage: 'The evaluation is written when the interview ends.',
        context: { session_id: ref.sessionId, status: session.status },
      });
    }
    // Voice messages that could not be transcribed are not answers (attachments/voice-turn.ts).
    const transcript = heardMessages((await this.store.messages.list(ref)).map(toMessage));
    let scored;
    try {
      scored = await this.scorer.score(session, transcript);
    } catch (error) {
      throw new InterviewPlatformError('COMPONENT_FAILURE', 'Evaluation scorer failed', {
        cause: error,
        userMessage: 'The evaluation could not be written just now; it will be retried.',
        context: { session_id: ref.sessionId },
      });
    }
    // Undefined when another worker stored a final report first: that one stands.
    const saved = (await this.store.evaluations.saveFinal(ref, scored, this.clock.now())) ?? (await this.store.evaluations.find(ref));
    const report = toEvaluation(saved!);
    if (report.overallScore !== null) session.overallScore = report.overallScore;
    this.logger.info(
      {
        operation: 'generate_evaluation',
        session_id: ref.sessionId,
        metadata: { status: report.status, overall_score: report.overallScore, duration_ms: session.activeDurationMs },
      },
      `Session ${ref.sessionId} evaluated: ${report.overallScore ?? 'insufficient data'}`,
    );
    return { session, report };
  }

  /** After the last attempt: the report says failed, so the user can be told and retry. */
  async markFailed(ref: SessionRef, error: unknown): Promise<void> {
    const existing = await this.store.evaluations.find(ref);
    if (!existing || FINAL.has(existing.status)) return;
    const reason = error instanceof Error ? error.message : String(error);
    await this.store.evaluations.markFailed(ref.sessionId, reason, this.clock.now());
    this.logger.error({ operation: 'generate_evaluation', session_id: ref.sessionId, error }, 'Evaluation failed after its last attempt');
  }
}

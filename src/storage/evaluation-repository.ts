import type { Kysely } from 'kysely';
import type { ScoredEvaluation, SessionRef } from '../domain/types.js';
import type { EvaluationRow } from './row-mappers.js';
import type { Database } from './schema.js';

export class EvaluationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The placeholder endSession writes; a second call for the same session changes nothing. */
  async insertPending(sessionId: string, at: Date): Promise<void> {
    await this.db
      .insertInto('evaluations')
      .values({
        session_id: sessionId,
        status: 'pending',
        dimensions: '[]',
        strengths: '[]',
        improvements: '[]',
        summary: '',
        created_at: at,
        updated_at: at,
      })
      .onConflict((oc) => oc.column('session_id').doNothing())
      .execute();
  }

  async find(ref: SessionRef, options: { forUpdate?: boolean } = {}): Promise<EvaluationRow | undefined> {
    let q = this.db
      .selectFrom('evaluations')
      .innerJoin('sessions', 'sessions.id', 'evaluations.session_id')
      .selectAll('evaluations')
      .where('evaluations.session_id', '=', ref.sessionId)
      .where('sessions.platform', '=', ref.platform)
      .where('sessions.workspace_id', '=', ref.workspaceId);
    if (options.forUpdate) q = q.forUpdate('evaluations');
    return q.executeTakeFirst();
  }

  async saveResult(sessionId: string, result: ScoredEvaluation, at: Date): Promise<void> {
    await this.db
      .updateTable('evaluations')
      .set((eb) => ({
        status: result.status,
        overall_score: result.overallScore,
        band: result.band,
        dimensions: JSON.stringify(result.dimensions),
        strengths: JSON.stringify(result.strengths),
        improvements: JSON.stringify(result.improvements),
        summary: result.summary,
        error: null,
        attempts: eb('attempts', '+', 1),
        updated_at: at,
      }))
      .where('session_id', '=', sessionId)
      .execute();
  }

  async markFailed(sessionId: string, error: string, at: Date): Promise<void> {
    await this.db
      .updateTable('evaluations')
      .set((eb) => ({ status: 'failed', error, attempts: eb('attempts', '+', 1), updated_at: at }))
      .where('session_id', '=', sessionId)
      .execute();
  }

  /** Puts a failed evaluation back to pending for another try. */
  async resetFailed(sessionId: string, at: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('evaluations')
      .set({ status: 'pending', error: null, updated_at: at })
      .where('session_id', '=', sessionId)
      .where('status', '=', 'failed')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

import { sql, type Kysely } from 'kysely';
import type { ScoredEvaluation, SessionRef } from '../domain/types.js';
import type { EvaluationRow, SessionRow } from './row-mappers.js';
import type { Database } from './schema.js';
import { scopedSession } from './session-sql.js';

const FINAL = ['completed', 'insufficient_data'];

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

  /** The session with its evaluation (if any) in one statement: what an evaluation job reads first. */
  async findWithSession(ref: SessionRef): Promise<{ session: SessionRow; evaluation: EvaluationRow | undefined } | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .leftJoin('evaluations', 'evaluations.session_id', 'sessions.id')
      .selectAll('sessions')
      .select(sql<EvaluationJson | null>`case when evaluations.session_id is null then null else to_jsonb(evaluations) end`.as('evaluation'))
      .where('sessions.id', '=', ref.sessionId)
      .where('sessions.platform', '=', ref.platform)
      .where('sessions.workspace_id', '=', ref.workspaceId)
      .executeTakeFirst();
    if (!row) return undefined;
    const { evaluation, ...session } = row;
    return { session, evaluation: evaluation ? revive(evaluation) : undefined };
  }

  /**
   * Stores a final result and the session's score in one statement, unless a final result is
   * already there (two workers racing: the upsert's row lock orders them, the second changes
   * nothing and gets undefined).
   */
  async saveFinal(ref: SessionRef, result: ScoredEvaluation, at: Date): Promise<EvaluationRow | undefined> {
    const { rows } = await sql<EvaluationJson>`
      with saved as (
        insert into evaluations (session_id, status, overall_score, band, dimensions, strengths, improvements, summary, error, attempts, created_at, updated_at)
        select id, ${result.status}, ${result.overallScore}, ${result.band}, ${JSON.stringify(result.dimensions)}::jsonb, ${JSON.stringify(result.strengths)}::jsonb,
          ${JSON.stringify(result.improvements)}::jsonb, ${result.summary}, null, 1, ${at}, ${at}
        from sessions where ${scopedSession(ref)}
        on conflict (session_id) do update set status = excluded.status, overall_score = excluded.overall_score, band = excluded.band,
          dimensions = excluded.dimensions, strengths = excluded.strengths, improvements = excluded.improvements, summary = excluded.summary,
          error = null, attempts = evaluations.attempts + 1, updated_at = excluded.updated_at
        where evaluations.status not in (${sql.join(FINAL)})
        returning *
      ), scored as (
        update sessions set overall_score = ${result.overallScore}, updated_at = ${at} where ${scopedSession(ref)} and exists (select 1 from saved)
      )
      select to_jsonb(saved) as row from saved`.execute(this.db);
    const row = (rows[0] as { row?: EvaluationJson } | undefined)?.row;
    return row ? revive(row) : undefined;
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

/** An evaluation row as JSON (to_jsonb): timestamps arrive as strings. */
type EvaluationJson = Omit<EvaluationRow, 'created_at' | 'updated_at' | 'post_attempted_at'> & { created_at: string; updated_at: string; post_attempted_at: string | null };

function revive(json: EvaluationJson): EvaluationRow {
  return {
    ...json,
    created_at: new Date(json.created_at),
    updated_at: new Date(json.updated_at),
    post_attempted_at: json.post_attempted_at ? new Date(json.post_attempted_at) : null,
  };
}

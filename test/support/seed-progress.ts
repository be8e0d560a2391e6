import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { WorkspaceScope } from '../../src/domain/types.js';
import type { Database } from '../../src/storage/schema.js';

/** One interview as progress reads it: who, where, when it ended, and its evaluation. */
export interface SeedInterview {
  userId: string;
  /** When it ended (ISO or Date). */
  endedAt: string | Date;
  /** The overall score; null: completed and answered but never scored (an evaluation failed or had too little). */
  score: number | null;
  /** Dimension id -> 1-4; written into the evaluation's `dimensions`. */
  dimensions?: Record<string, number>;
  topic?: string;
  channelId?: string;
  /** Default true; false: never answered (progress ignores it). */
  answered?: boolean;
  /** Default 'completed'. */
  status?: 'completed' | 'active' | 'paused' | 'created';
  displayName?: string;
}

/**
 * Interviews written straight into sessions and evaluations (as the evaluation job leaves them:
 * a final evaluation with its score also on the session), in one statement each table.
 * Returns the session ids in input order.
 */
export async function seedInterviews(db: Kysely<Database>, scope: WorkspaceScope, interviews: SeedInterview[]): Promise<string[]> {
  const rows = interviews.map((i) => ({ ...i, id: randomUUID(), ended: new Date(i.endedAt) }));
  if (rows.length === 0) return [];
  await db
    .insertInto('sessions')
    .values(
      rows.map((r) => {
        const status = r.status ?? 'completed';
        const created = new Date(r.ended.getTime() - 45 * 60_000);
        return {
          id: r.id,
          platform: scope.platform,
          workspace_id: scope.workspaceId,
          owner_user_id: r.userId,
          owner_display_name: r.displayName ?? `Name ${r.userId}`,
          channel_id: r.channelId ?? 'C-PRACTICE',
          thread_id: null,
          status,
          topic: r.topic ?? 'URL shortener',
          config: JSON.stringify({ durationMinutes: 45 }),
          created_at: created,
          updated_at: r.ended,
          started_at: created,
          ended_at: status === 'completed' ? r.ended : null,
          overall_score: status === 'completed' ? r.score : null,
          answered: r.answered ?? true,
        };
      }),
    )
    .execute();
  const scored = rows.filter((r) => (r.status ?? 'completed') === 'completed' && r.score !== null);
  if (scored.length > 0) {
    await db
      .insertInto('evaluations')
      .values(
        scored.map((r) => ({
          session_id: r.id,
          status: 'completed',
          overall_score: r.score,
          band: 'hire',
          dimensions: JSON.stringify(Object.entries(r.dimensions ?? {}).map(([dimension, score]) => ({ dimension, score, weight: 10, evidence: [], comment: '' }))),
          strengths: '[]',
          improvements: '[]',
          summary: '',
          created_at: r.ended,
          updated_at: r.ended,
        })),
      )
      .execute();
  }
  return rows.map((r) => r.id);
}

/** A person known to the workspace, with the name leaderboards show. */
export async function seedUser(db: Kysely<Database>, scope: WorkspaceScope, userId: string, displayName: string, optedOut = false): Promise<void> {
  const at = new Date('2026-01-01T00:00:00Z');
  await db
    .insertInto('users')
    .values({ platform: scope.platform, workspace_id: scope.workspaceId, user_id: userId, display_name: displayName, resume_text: null, created_at: at, updated_at: at, leaderboard_opt_out: optedOut })
    .execute();
}

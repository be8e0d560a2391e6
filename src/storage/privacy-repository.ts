import type { Kysely } from 'kysely';
import type { WorkspaceScope } from '../domain/types.js';
import type { Database } from './schema.js';

/** One person on one platform in one workspace: what `/interview forget-me` deletes, and nothing wider. */
export type PersonRef = WorkspaceScope & { userId: string };

/** What a forget-me deleted: the sessions' ids (for files kept outside the database) and row counts. */
export interface ForgottenRows {
  sessionIds: string[];
  sessions: number;
  users: number;
}

/**
 * `/interview forget-me` in storage. Every table holding a person's data hangs off `sessions`
 * with `on delete cascade` (messages, state_transitions, evaluations, deliveries, outbox: every
 * outbox row carries its session) or is the `users` row itself (profile, resume text, display
 * name, leaderboard opt-out). `processed_events` (platform event ids), `channel_settings`,
 * `practice_schedules` and `practice_prompts` belong to channels, not people, and are left.
 * Call inside a transaction (ForgetMe does): the sessions and the users row go together.
 */
export class PrivacyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The person's sessions not yet completed (created, active or paused). */
  async liveSessionIds(person: PersonRef): Promise<string[]> {
    const rows = await this.db
      .selectFrom('sessions')
      .select('id')
      .where('platform', '=', person.platform)
      .where('workspace_id', '=', person.workspaceId)
      .where('owner_user_id', '=', person.userId)
      .where('status', '!=', 'completed')
      .execute();
    return rows.map((r) => r.id);
  }

  async forget(person: PersonRef): Promise<ForgottenRows> {
    const sessions = await this.db
      .deleteFrom('sessions')
      .where('platform', '=', person.platform)
      .where('workspace_id', '=', person.workspaceId)
      .where('owner_user_id', '=', person.userId)
      .returning('id')
      .execute();
    const users = await this.db
      .deleteFrom('users')
      .where('platform', '=', person.platform)
      .where('workspace_id', '=', person.workspaceId)
      .where('user_id', '=', person.userId)
      .executeTakeFirst();
    return { sessionIds: sessions.map((s) => s.id), sessions: sessions.length, users: Number(users.numDeletedRows) };
  }
}

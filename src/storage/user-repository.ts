import type { Insertable, Kysely } from 'kysely';
import type { WorkspaceScope } from '../domain/types.js';
import type { Database, UsersTable } from './schema.js';

type UserRow = Insertable<UsersTable>;

/** A new `users` row: what an upsert inserts when the person is not known yet. */
export function newUserRow(user: WorkspaceScope & { userId: string; displayName?: string | null; resumeText?: string | null }, at: Date): UserRow {
  return { platform: user.platform, workspace_id: user.workspaceId, user_id: user.userId, display_name: user.displayName ?? null, resume_text: user.resumeText ?? null, created_at: at, updated_at: at };
}

/** People known to a workspace, with the resume text they chose to share. */
export class UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async upsert(
    user: WorkspaceScope & { userId: string; displayName?: string | null; resumeText?: string | null },
    at: Date,
  ): Promise<void> {
    await this.db
      .insertInto('users')
      .values(newUserRow(user, at))
      .onConflict((oc) =>
        oc.columns(['platform', 'workspace_id', 'user_id']).doUpdateSet((eb) => ({
          display_name: eb.fn.coalesce(eb.ref('excluded.display_name'), eb.ref('users.display_name')),
          resume_text: eb.fn.coalesce(eb.ref('excluded.resume_text'), eb.ref('users.resume_text')),
          updated_at: at,
        })),
      )
      .execute();
  }

  async find(user: WorkspaceScope & { userId: string }) {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('platform', '=', user.platform)
      .where('workspace_id', '=', user.workspaceId)
      .where('user_id', '=', user.userId)
      .executeTakeFirst();
  }
}

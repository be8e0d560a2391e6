import type { Kysely } from 'kysely';
import type { Profile } from '../profiles/profile.js';
import type { PersonRef } from './privacy-repository.js';
import type { Database } from './schema.js';

/** `/interview profile` on the person's `users` row: `profile` (migration 0008) and `resume_text`. */
export class ProfileRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(person: PersonRef): Promise<Profile | null> {
    const row = await this.db
      .selectFrom('users')
      .select(['profile', 'resume_text', 'updated_at'])
      .where('platform', '=', person.platform)
      .where('workspace_id', '=', person.workspaceId)
      .where('user_id', '=', person.userId)
      .executeTakeFirst();
    if (!row || (!row.profile && !row.resume_text)) return null;
    const stored = (row.profile ?? {}) as { role?: unknown; years?: unknown; focusAreas?: unknown };
    return {
      role: typeof stored.role === 'string' ? stored.role : null,
      years: typeof stored.years === 'number' ? stored.years : null,
      focusAreas: Array.isArray(stored.focusAreas) ? stored.focusAreas.filter((f): f is string => typeof f === 'string') : [],
      resumeText: row.resume_text,
      updatedAt: row.updated_at,
    };
  }

  /** Replaces the whole profile (a cleared field is cleared), creating the users row if needed. */
  async save(person: PersonRef & { displayName?: string | null }, profile: Profile, at: Date): Promise<void> {
    const json = JSON.stringify({ role: profile.role, years: profile.years, focusAreas: profile.focusAreas });
    await this.db
      .insertInto('users')
      .values({ platform: person.platform, workspace_id: person.workspaceId, user_id: person.userId, display_name: person.displayName ?? null, resume_text: profile.resumeText, profile: json, created_at: at, updated_at: at })
      .onConflict((oc) =>
        oc.columns(['platform', 'workspace_id', 'user_id']).doUpdateSet((eb) => ({
          display_name: eb.fn.coalesce(eb.ref('excluded.display_name'), eb.ref('users.display_name')),
          resume_text: profile.resumeText,
          profile: json,
          updated_at: at,
        })),
      )
      .execute();
  }
}

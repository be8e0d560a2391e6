import type { Kysely } from 'kysely';

// `/interview profile` (issue 15): role, years of experience and focus areas as one JSON object
// on the person's `users` row (`{ "role", "years", "focusAreas" }`); the resume text keeps its
// own column, `users.resume_text`, from 0001. Per platform + workspace + user, as users are,
// so `/interview forget-me` deletes it with the row.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('profile', 'jsonb').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('profile').execute();
}

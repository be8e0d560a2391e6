import { sql, type Kysely } from 'kysely';

// Progress: `/interview stats` and `/interview leaderboard` (src/storage/progress-repository.ts).
// Both read only completed interviews that were answered, so both indexes are partial on that
// predicate, written as a literal in the queries so a prepared statement's generic plan still
// matches it (as 0004's sessions_history). They carry what the aggregates read: a user's stats
// and a channel's leaderboard are index-only scans over the rows they count, whatever the size
// of the table. `leaderboard_opt_out` is per platform + workspace + user, where users live.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('leaderboard_opt_out', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
  await sql`create index sessions_progress_owner on sessions (platform, workspace_id, owner_user_id, ended_at) include (id, overall_score, topic)
    where status = 'completed' and answered`.execute(db);
  await sql`create index sessions_progress_channel on sessions (platform, workspace_id, channel_id, ended_at) include (owner_user_id, overall_score)
    where status = 'completed' and answered`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sessions_progress_channel').execute();
  await db.schema.dropIndex('sessions_progress_owner').execute();
  await db.schema.alterTable('users').dropColumn('leaderboard_opt_out').execute();
}

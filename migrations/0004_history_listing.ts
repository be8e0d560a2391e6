import { sql, type Kysely } from 'kysely';

// History pages by keyset cursor, and a number (`history N`, `show N`) is found by skipping
// N-1 listed rows. Whether a row is listed depended on an EXISTS over messages (a candidate
// answer), which no index on sessions can answer, so skipping 5,000 rows probed messages 5,000
// times and counting the hidden ones probed every row of the owner's. `answered` is set with
// the first candidate message (DataStore.appendMessage) and never unset, and the history index
// carries it and the status: skipping is an index-only scan, the hidden count reads a small
// partial index. The predicates are written as literals in the queries (session-repository.ts)
// so a partial index still matches a prepared statement's generic plan.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('answered', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
  await sql`update sessions set answered = true where exists (select 1 from messages m where m.session_id = sessions.id and m.role = 'candidate')`.execute(db);
  await db.schema.dropIndex('sessions_history').execute();
  await sql`create index sessions_history on sessions (platform, workspace_id, owner_user_id, created_at desc, id desc) include (status, answered)`.execute(db);
  await db.schema
    .createIndex('sessions_unanswered')
    .on('sessions')
    .columns(['platform', 'workspace_id', 'owner_user_id'])
    .where(sql<boolean>`status = 'completed' and not answered`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sessions_unanswered').execute();
  await db.schema.dropIndex('sessions_history').execute();
  await db.schema.createIndex('sessions_history').on('sessions').expression(sql`platform, workspace_id, owner_user_id, created_at desc, id desc`).execute();
  await db.schema.alterTable('sessions').dropColumn('answered').execute();
}

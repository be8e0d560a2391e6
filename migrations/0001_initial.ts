import { sql, type Kysely } from 'kysely';

// Runs unchanged on PostgreSQL and PGlite. Every table carries platform + workspace_id (directly
// or through its session) so no query can cross from one team to another.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('owner_user_id', 'text', (c) => c.notNull())
    .addColumn('owner_display_name', 'text')
    .addColumn('channel_id', 'text')
    .addColumn('thread_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('created', 'active', 'paused', 'completed')`))
    .addColumn('topic', 'text')
    .addColumn('config', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz')
    .addColumn('paused_at', 'timestamptz')
    .addColumn('ended_at', 'timestamptz')
    .addColumn('active_since', 'timestamptz')
    // double precision: a JS number on both drivers (pg returns int8 as a string).
    .addColumn('active_ms', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('turn_lease_token', 'uuid')
    .addColumn('turn_lease_until', 'timestamptz')
    .addColumn('overall_score', 'integer')
    .execute();

  // At most one live interview per user per workspace, enforced by the database.
  await db.schema
    .createIndex('sessions_one_live_per_owner')
    .on('sessions')
    .columns(['platform', 'workspace_id', 'owner_user_id'])
    .unique()
    .where(sql.ref('status'), 'in', sql`('created', 'active', 'paused')`)
    .execute();
  // History: newest first per owner, with a stable tiebreak for keyset paging.
  await db.schema
    .createIndex('sessions_history')
    .on('sessions')
    .expression(sql`platform, workspace_id, owner_user_id, created_at desc, id desc`)
    .execute();
  // Inbound thread messages find their session by thread.
  await db.schema
    .createIndex('sessions_by_thread')
    .on('sessions')
    .columns(['platform', 'workspace_id', 'channel_id', 'thread_id'])
    .unique()
    .where('thread_id', 'is not', null)
    .execute();

  await db.schema
    .createTable('messages')
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('interviewer', 'candidate', 'observer', 'system')`))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('author_user_id', 'text')
    .addColumn('platform_message_id', 'text')
    .addColumn('reply_to_seq', 'integer')
    .addColumn('metadata', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('messages_pk', ['session_id', 'seq'])
    .execute();
  // A platform message is stored once, however often the platform delivers it.
  await db.schema
    .createIndex('messages_platform_id')
    .on('messages')
    .columns(['session_id', 'platform_message_id'])
    .unique()
    .where('platform_message_id', 'is not', null)
    .execute();

  await db.schema
    .createTable('state_transitions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('state_transitions_by_session').on('state_transitions').columns(['session_id', 'at']).execute();

  await db.schema
    .createTable('evaluations')
    .addColumn('session_id', 'uuid', (c) => c.primaryKey().references('sessions.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'completed', 'failed', 'insufficient_data')`),
    )
    .addColumn('overall_score', 'integer')
    .addColumn('band', 'text')
    .addColumn('dimensions', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('strengths', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('improvements', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('posted_message_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addColumn('resume_text', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('users_pk', ['platform', 'workspace_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('channel_settings')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('settings', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_settings_pk', ['platform', 'workspace_id', 'channel_id'])
    .execute();

  await db.schema
    .createTable('processed_events')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('processed_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('processed_events_pk', ['platform', 'workspace_id', 'event_id'])
    .execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('session_id', 'uuid', (c) => c.references('sessions.id').onDelete('cascade'))
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('dispatched_at', 'timestamptz')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .execute();
  await db.schema
    .createIndex('outbox_pending')
    .on('outbox')
    .column('created_at')
    .where(sql.ref('dispatched_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['outbox', 'processed_events', 'channel_settings', 'users', 'evaluations', 'state_transitions', 'messages', 'sessions']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}

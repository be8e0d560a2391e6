import { sql, type Kysely } from 'kysely';

// Turns and posts become durable work. A candidate message is stored with turn_state 'pending'
// until the interviewer's reply is stored ('answered') or the session ended first ('skipped').
// Everything the bot posts in a thread is a delivery row, numbered per session (posts keep
// their order), posted by a worker that retries and reconciles. The interviewer's state is
// kept with the session so a turn never re-reads the whole transcript. A second lease orders
// a session's deliveries across workers, as the turn lease orders its turns.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('sessions')
    .addColumn('interviewer_state', 'jsonb')
    .addColumn('last_delivery_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('delivery_lease_token', 'uuid')
    .addColumn('delivery_lease_until', 'timestamptz')
    .execute();
  await db.schema
    .alterTable('messages')
    .addColumn('turn_state', 'text', (c) => c.check(sql`turn_state in ('pending', 'answered', 'skipped')`))
    .execute();
  await db.schema.createIndex('messages_pending_turns').on('messages').columns(['session_id', 'seq']).where(sql.ref('turn_state'), '=', 'pending').execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('thread_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // Same key, same post: a promise written twice (a retried job) is one delivery.
    .addColumn('dedupe_key', 'text')
    .addColumn('message', 'jsonb', (c) => c.notNull())
    .addColumn('message_seq', 'integer')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending', 'posted', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    // The last attempt may have posted (5xx, timeout): look before posting again.
    .addColumn('outcome_unknown', 'boolean', (c) => c.notNull().defaultTo(false))
    // Claims by workers; one more claim than recorded attempts means a worker died mid-post.
    .addColumn('claims', 'integer', (c) => c.notNull().defaultTo(0))
    // Backing off (a Retry-After, say): the sweep leaves it alone until then.
    .addColumn('not_before', 'timestamptz')
    .addColumn('placeholder_id', 'text')
    .addColumn('notify_user_id', 'text')
    .addColumn('platform_message_id', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('posted_at', 'timestamptz')
    .addPrimaryKeyConstraint('deliveries_pk', ['session_id', 'seq'])
    .execute();
  await db.schema.createIndex('deliveries_dedupe').on('deliveries').columns(['session_id', 'dedupe_key']).unique().where(sql.ref('dedupe_key'), 'is not', null).execute();
  await db.schema.createIndex('deliveries_pending').on('deliveries').columns(['session_id', 'seq']).where(sql.ref('status'), '=', 'pending').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('deliveries').execute();
  await db.schema.dropIndex('messages_pending_turns').execute();
  await db.schema.alterTable('messages').dropColumn('turn_state').execute();
  await db.schema
    .alterTable('sessions')
    .dropColumn('interviewer_state')
    .dropColumn('last_delivery_seq')
    .dropColumn('delivery_lease_token')
    .dropColumn('delivery_lease_until')
    .execute();
}

import { sql, type Kysely } from 'kysely';

// Scheduled practice (issue 14). `practice_schedules`: one row per `/interview schedule`, a
// cancelled one keeps its row with `cancelled_at`. `practice_prompts`: one row per scheduled
// time a schedule fired for, so a retried or duplicated job posts its prompt once (a worker
// claims the row for a short while to post it; see ScheduleRepository.claimPrompt).
// (`channel_settings` already exists, from 0001.)
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('practice_schedules')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('cron_pattern', 'text', (c) => c.notNull())
    .addColumn('tz', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('cancelled_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('practice_schedules_channel')
    .on('practice_schedules')
    .columns(['platform', 'workspace_id', 'channel_id', 'created_at'])
    .where(sql<boolean>`cancelled_at is null`)
    .execute();

  await db.schema
    .createTable('practice_prompts')
    .addColumn('schedule_id', 'uuid', (c) => c.notNull().references('practice_schedules.id').onDelete('cascade'))
    .addColumn('scheduled_for', 'timestamptz', (c) => c.notNull())
    .addColumn('topic_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    // A worker posting it holds it until then (database time); a crashed one's hold runs out.
    .addColumn('claimed_until', 'timestamptz')
    .addColumn('platform_message_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('posted_at', 'timestamptz')
    .addPrimaryKeyConstraint('practice_prompts_pk', ['schedule_id', 'scheduled_for'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('practice_prompts').ifExists().execute();
  await db.schema.dropTable('practice_schedules').ifExists().execute();
}

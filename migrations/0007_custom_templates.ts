import type { Kysely } from 'kysely';

// Custom interview templates (issue 15, item 5): defined by a workspace's admins, one row per
// name per workspace. `phase_shares` is jsonb ({ requirements: 15, ... } in whole percent, summing
// to 100), `topics` a jsonb array of catalog topic ids (empty: any topic).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('custom_templates')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('phase_shares', 'jsonb', (c) => c.notNull())
    .addColumn('topics', 'jsonb', (c) => c.notNull())
    .addColumn('strictness', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('custom_templates_pkey', ['platform', 'workspace_id', 'name'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('custom_templates').execute();
}

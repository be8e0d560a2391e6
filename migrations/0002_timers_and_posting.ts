import type { Kysely } from 'kysely';

// Session timers are versioned: every start, pause, resume and end bumps the generation, so a
// timer armed for an older generation does nothing when it fires. Evaluations remember when a
// post was attempted and what was posted, so a retried job never posts twice.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('timer_generation', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('evaluations').addColumn('post_attempted_at', 'timestamptz').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('evaluations').dropColumn('post_attempted_at').execute();
  await db.schema.alterTable('sessions').dropColumn('timer_generation').execute();
}

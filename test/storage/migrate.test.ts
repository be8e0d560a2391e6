import { randomUUID } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

describe.each(storageBackends)('migrations on $name', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await backend.open();
  });
  afterAll(() => db.cleanup());

  it('creates every table and index, and a second run applies nothing', async () => {
    expect(await migrateToLatest(db.handle.db)).toEqual([]);
    const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = current_schema() order by 1`.execute(db.handle.db);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['channel_settings', 'evaluations', 'messages', 'outbox', 'processed_events', 'sessions', 'state_transitions', 'users']),
    );
    const indexes = await sql<{ indexname: string }>`select indexname from pg_indexes where schemaname = current_schema()`.execute(db.handle.db);
    expect(indexes.rows.map((r) => r.indexname)).toEqual(
      expect.arrayContaining(['sessions_one_live_per_owner', 'sessions_history', 'sessions_unanswered', 'sessions_by_thread', 'messages_platform_id', 'outbox_pending', 'sessions_progress_owner', 'sessions_progress_channel']),
    );
  });

  it('0004 marks the sessions with a candidate message answered, and goes down and up again', async () => {
    const migrator = new Migrator({ db: db.handle.db, provider: { getMigrations: async () => migrations }, ...(db.schema ? { migrationTableSchema: db.schema } : {}) });
    // Down to before 0004, through every later migration's down.
    const down = (await migrator.migrateTo('0003_turns_and_deliveries')).results ?? [];
    expect(down.map((r) => r.status)).toEqual(down.map(() => 'Success'));
    expect(down.at(-1)?.migrationName).toBe('0004_history_listing');
    const ids = { answered: randomUUID(), interviewerOnly: randomUUID(), empty: randomUUID() };
    const at = new Date();
    const session = (id: string) => sql`insert into sessions (id, platform, workspace_id, owner_user_id, status, config, created_at, updated_at) values (${id}, 'slack', 'W-MIG', 'U1', 'completed', '{}', ${at}, ${at})`;
    const message = (id: string, seq: number, role: string) => sql`insert into messages (session_id, seq, role, mode, content, created_at) values (${id}, ${seq}, ${role}, 'text', 'x', ${at})`;
    for (const id of Object.values(ids)) await session(id).execute(db.handle.db);
    for (const [id, seq, role] of [[ids.answered, 1, 'interviewer'], [ids.answered, 2, 'candidate'], [ids.interviewerOnly, 1, 'interviewer']] as const) await message(id, seq, role).execute(db.handle.db);

    expect(await migrateToLatest(db.handle.db, { schema: db.schema })).toEqual(down.map((r) => r.migrationName).reverse());
    const rows = await sql<{ id: string; answered: boolean }>`select id, answered from sessions where workspace_id = 'W-MIG'`.execute(db.handle.db);
    expect(Object.fromEntries(rows.rows.map((r) => [r.id, r.answered]))).toEqual({ [ids.answered]: true, [ids.interviewerOnly]: false, [ids.empty]: false });
  });
});

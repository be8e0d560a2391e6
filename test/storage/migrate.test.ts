import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
      expect.arrayContaining(['sessions_one_live_per_owner', 'sessions_history', 'sessions_by_thread', 'messages_platform_id', 'outbox_pending']),
    );
  });
});

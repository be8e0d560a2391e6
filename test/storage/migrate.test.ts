import { randomUUID } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database.js';
import { migrateToLatest, schemaStatus, waitForSchema } from '../../src/storage/migrate.js';
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

/**
 * Rolling deploys and replicas (issue 16): several processes migrating one database at once each
 * apply nothing twice; a database a newer version has migrated still starts the older one; a
 * replica told not to migrate waits for the schema, and says what to run when it never comes.
 */
describe.skipIf(!process.env.DATABASE_URL)('migrations across processes on postgres', () => {
  const url = process.env.DATABASE_URL!;
  const handles: DatabaseHandle[] = [];
  const schemas: string[] = [];
  async function freshSchema(pools: number): Promise<{ schema: string; dbs: DatabaseHandle[] }> {
    const schema = `mig_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    schemas.push(schema);
    const dbs = await Promise.all(Array.from({ length: pools }, () => openDatabase({ url, dataDir: '', poolMax: 2, searchPath: schema })));
    handles.push(...dbs);
    return { schema, dbs };
  }
  afterAll(async () => {
    for (const h of handles) await h.close().catch(() => undefined);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    for (const schema of schemas) await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  });

  it('four replicas migrating a fresh database at once apply each migration exactly once', async () => {
    const { schema, dbs } = await freshSchema(4);
    const applied = await Promise.all(dbs.map((db) => migrateToLatest(db.db, { schema })));
    expect(applied.flat().sort()).toEqual(Object.keys(migrations).sort());
    expect(await schemaStatus(dbs[0]!.db, { schema })).toEqual({ pending: [], newer: [] });
  });

  it('migrates the connection\'s own schema when another schema of the database has migration bookkeeping', async () => {
    const { dbs: others } = await freshSchema(1);
    await migrateToLatest(others[0]!.db);
    const { schema, dbs } = await freshSchema(1);
    expect(await migrateToLatest(dbs[0]!.db)).toEqual(Object.keys(migrations));
    expect(await schemaStatus(dbs[0]!.db, { schema })).toEqual({ pending: [], newer: [] });
  });

  it('an older version starts on a database a newer version migrated, and refuses a diverged one', async () => {
    const { schema, dbs } = await freshSchema(1);
    const db = dbs[0]!.db;
    await migrateToLatest(db, { schema });
    await sql`insert into kysely_migration (name, timestamp) values ('9999_from_a_newer_version', now()::text)`.execute(db);
    expect(await migrateToLatest(db, { schema })).toEqual([]);
    expect(await schemaStatus(db, { schema })).toEqual({ pending: [], newer: ['9999_from_a_newer_version'] });
    await sql`delete from kysely_migration where name = '0008_profiles'`.execute(db);
    await expect(migrateToLatest(db, { schema })).rejects.toThrow(/diverge.*9999_from_a_newer_version.*0008_profiles/);
  });

  it('migrates while another client drops schemas of the same database (test files do, at their end)', async () => {
    // Kysely lists every schema and then checks each by name: one dropped in between failed the run.
    const churn = new pg.Client({ connectionString: url });
    await churn.connect();
    let stop = false;
    const churning = (async () => {
      for (let i = 0; !stop; i += 1) {
        const doomed = `mig_churn_${process.pid}_${i}`;
        await churn.query(`create schema ${doomed}`);
        await churn.query(`drop schema ${doomed}`);
      }
    })();
    try {
      for (let run = 0; run < 8; run += 1) {
        const { schema, dbs } = await freshSchema(1);
        expect(await migrateToLatest(dbs[0]!.db, { schema })).toEqual(Object.keys(migrations));
      }
    } finally {
      stop = true;
      await churning;
      await churn.end();
    }
  }, 60_000);

  it('a replica that does not migrate waits for the migrate job, or names what to run', async () => {
    const { schema, dbs } = await freshSchema(2);
    const [replica, job] = dbs as [DatabaseHandle, DatabaseHandle];
    await expect(waitForSchema(replica.db, { schema, timeoutMs: 300, pollMs: 50 })).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringMatching(/behind.*npm run migrate.*MIGRATE_ON_START/) });
    const waiting = waitForSchema(replica.db, { schema, timeoutMs: 20_000, pollMs: 50 });
    let done = false;
    void waiting.then(() => (done = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(done).toBe(false);
    await migrateToLatest(job.db, { schema });
    await waiting;
  });
});

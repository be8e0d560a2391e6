import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { initDataDirApart } from '../../src/storage/pglite-options.js';

/**
 * The embedded database on a data folder (issue 13): a new folder is initialised by a child
 * process and then opened, light, by this one; what was written is there after a restart.
 */
describe('embedded database on a data folder', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'embedded-db-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('sets up a new folder, holds it while open, and keeps the data across a reopen', async () => {
    const dataDir = join(root, 'data');
    // PGlite runs initdb through a second PGlite.create; here there is only the one that resumes.
    const create = vi.spyOn(PGlite, 'create');
    const first = await openDatabase({ dataDir });
    const creates = create.mock.calls.length;
    create.mockRestore();
    expect(creates).toBe(1);
    try {
      expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
      // The folder stays this process's while the database is open.
      expect(JSON.parse(readFileSync(join(dataDir, 'mock-interview.pid'), 'utf8')).pid).toBe(process.pid);
      await migrateToLatest(first.db);
      const at = new Date();
      await sql`insert into sessions (id, platform, workspace_id, owner_user_id, status, config, created_at, updated_at)
        values ('00000000-0000-4000-8000-000000000013', 'slack', 'W-EMB', 'U1', 'active', '{}', ${at}, ${at})`.execute(first.db);
      const settings = await sql<{ shared_buffers: string }>`show shared_buffers`.execute(first.db);
      expect(settings.rows[0]?.shared_buffers).toBe('8MB');
    } finally {
      await first.close();
    }
    expect(existsSync(join(dataDir, 'mock-interview.pid'))).toBe(false);

    const again = await openDatabase({ dataDir });
    try {
      expect(await migrateToLatest(again.db)).toEqual([]);
      const rows = await sql<{ id: string }>`select id from sessions where workspace_id = 'W-EMB'`.execute(again.db);
      expect(rows.rows.map((r) => r.id)).toEqual(['00000000-0000-4000-8000-000000000013']);
    } finally {
      await again.close();
    }
  }, 120_000);

  it('says so when the set-up process fails', async () => {
    // A folder that cannot exist: its parent is a file.
    await writeFile(join(root, 'a-file'), '');
    await expect(initDataDirApart(join(root, 'a-file', 'data'))).rejects.toThrow(/Could not set up the local database in .*a-file.*exited with 1\): ENOTDIR/);
  }, 120_000);
});

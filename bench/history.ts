// History at depth on Postgres: a migrated schema of its own, dropped afterwards.
import { openDatabase } from '../src/storage/database.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { benchHistoryPaging } from './history-paging.js';
import { adminQuery as admin } from './support/bench-database.js';

export async function benchHistory(): Promise<string[]> {
  const url = process.env.DATABASE_URL;
  // A million sessions: Postgres only (PGlite would take minutes to seed them).
  if (!url) return ['history: skipped (needs DATABASE_URL)'];
  const schema = `bench_history_${process.pid}`;
  await admin(url, `create schema ${schema}`);
  const handle = await openDatabase({ url, dataDir: 'memory://', poolMax: 4, searchPath: schema });
  try {
    await migrateToLatest(handle.db, { schema });
    return await benchHistoryPaging(handle.db);
  } finally {
    await handle.close();
    await admin(url, `drop schema ${schema} cascade`);
  }
}

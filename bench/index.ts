// `npm run bench`: measurements printed as ratios of two ways measured side by side in one run.
import { DataStore } from '../src/storage/data-store.js';
import { openDatabase } from '../src/storage/database.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { benchHistoryPaging } from './history-paging.js';

const targets = [{ name: 'pglite', url: undefined as string | undefined }];
if (process.env.DATABASE_URL) targets.push({ name: 'postgres', url: process.env.DATABASE_URL });

for (const target of targets) {
  const handle = await openDatabase({ url: target.url, dataDir: 'memory://', poolMax: 4 });
  await migrateToLatest(handle.db);
  const store = new DataStore(handle.db);
  const line = await benchHistoryPaging(store, {
    insertMany: async (rows) => {
      for (let i = 0; i < rows.length; i += 500) {
        await handle.db.insertInto('sessions').values(rows.slice(i, i + 500) as never).execute();
      }
    },
  });
  console.log(`[${target.name}] ${line}`);
  if (target.url) await handle.db.deleteFrom('sessions').where('workspace_id', 'like', 'BENCH-%').execute();
  await handle.close();
}

import pg from 'pg';
// `npm run bench`: measurements printed as ratios of two ways measured side by side in one run.
import { DataStore } from '../src/storage/data-store.js';
import { openDatabase } from '../src/storage/database.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { benchHistoryPaging } from './history-paging.js';
import { benchTurns } from './turn-throughput.js';

async function withClient(url: string, fn: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

const targets = [{ name: 'pglite', url: undefined as string | undefined }];
if (process.env.DATABASE_URL) targets.push({ name: 'postgres', url: process.env.DATABASE_URL });

for (const target of targets) {
  // On Postgres the benchmark works in a schema of its own and drops it afterwards.
  const schema = `bench_${process.pid}`;
  if (target.url) await withClient(target.url, (c) => c.query(`create schema ${schema}`));
  const handle = await openDatabase({ url: target.url, dataDir: 'memory://', poolMax: 4, searchPath: target.url ? schema : undefined });
  await migrateToLatest(handle.db, { schema: target.url ? schema : undefined });
  const store = new DataStore(handle.db);
  const line = await benchHistoryPaging(store, {
    insertMany: async (rows) => {
      for (let i = 0; i < rows.length; i += 500) {
        await handle.db.insertInto('sessions').values(rows.slice(i, i + 500) as never).execute();
      }
    },
  });
  console.log(`[${target.name}] ${line}`);
  await handle.close();
  if (target.url) await withClient(target.url, (c) => c.query(`drop schema ${schema} cascade`));
}

// Turns end to end (Slack event -> Bolt -> queue -> worker -> Slack post) against a minimal
// hand-written turn, and slash-command acks against a bare Bolt app: Postgres + Redis only.
for (const line of await benchTurns()) console.log(line);

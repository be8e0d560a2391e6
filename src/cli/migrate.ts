// `npm run migrate`: applies pending migrations to DATABASE_URL (or the PGlite store in DATA_DIR).
import { loadConfig } from '../config/config.js';
import { openDatabase } from '../storage/database.js';
import { migrateToLatest } from '../storage/migrate.js';

const config = loadConfig(process.env);
const database = await openDatabase({ url: config.database.url, dataDir: config.database.dataDir, poolMax: 1 });
try {
  const applied = await migrateToLatest(database.db);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : `Nothing to apply; ${database.kind} schema is current.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}

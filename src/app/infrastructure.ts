import type { AppConfig } from '../config/config.js';
import type { JobQueue } from '../domain/ports.js';
import type { Logger } from '../logging/logger.js';
import { InProcessJobQueue } from '../queue/in-process-job-queue.js';
import { DataStore } from '../storage/data-store.js';
import { openDatabase, type DatabaseHandle } from '../storage/database.js';
import { migrateToLatest } from '../storage/migrate.js';

export interface Infrastructure {
  database: DatabaseHandle;
  store: DataStore;
  queue: JobQueue;
  close(): Promise<void>;
}

/** Storage (Postgres or embedded PGlite, migrated) and the job queue, chosen from config. */
export async function openInfrastructure(config: AppConfig, logger: Logger): Promise<Infrastructure> {
  const database = await openDatabase({ url: config.database.url, dataDir: config.database.dataDir, poolMax: config.database.poolMax });
  try {
    const applied = await migrateToLatest(database.db);
    logger.info({ operation: 'migrate', metadata: { database: database.kind, applied } }, `Database ready (${database.kind})`);
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
  const queue = new InProcessJobQueue(logger);
  return {
    database,
    store: new DataStore(database.db),
    queue,
    async close() {
      await queue.close();
      await database.close();
    },
  };
}

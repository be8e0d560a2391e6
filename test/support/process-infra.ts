// What every test child process (bot-process.ts, worker-process.ts) opens: the test's Postgres
// schema and BullMQ prefix, from the environment the test gave it.
import { createLogger } from '../../src/logging/logger.js';
import { BullMqJobQueue } from '../../src/queue/bullmq-job-queue.js';
import { DataStore } from '../../src/storage/data-store.js';
import { openDatabase } from '../../src/storage/database.js';
import { bullSettings } from './queue-backends.js';

export function env(name: string, fallback?: string): string {
  const value = process.env[name] || fallback;
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
}

export async function openProcessInfra(logLevelVariable: string) {
  const logger = createLogger({ level: env(logLevelVariable, 'warn') }, process.stderr);
  const database = await openDatabase({ url: env('DATABASE_URL'), dataDir: '', poolMax: 4, searchPath: env('TEST_SCHEMA') });
  const store = new DataStore(database.db);
  const queue = new BullMqJobQueue(env('REDIS_URL'), bullSettings(env('QUEUE_PREFIX')), logger);
  return { logger, database, store, queue };
}

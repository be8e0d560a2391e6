// What every test child process (bot-process.ts, worker-process.ts) opens: the test's Postgres
// schema and BullMQ prefix, from the environment the test gave it.
import type { AppSettings, Role } from '../../src/app/composition-root.js';
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

/** The core's settings in a test child: short leases and sweeps (LEASE_MS, SWEEP_INTERVAL_MS) so a killed process's work moves on in seconds. */
export function processSettings(role: Role): AppSettings {
  return {
    role,
    defaultDurationMinutes: 45,
    maxMessageChars: 60_000,
    turnLeaseMs: Number(env('LEASE_MS', '3000')),
    timerMinuteMs: 60_000,
    sweepIntervalMs: Number(env('SWEEP_INTERVAL_MS', '1000')),
    deliveryAttempts: 8,
  };
}

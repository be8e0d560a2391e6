import type { AppConfig } from '../config/config.js';
import { DELIVERY_JOB, EVALUATION_JOB, TIMER_JOBS, TURN_JOB, type JobQueue } from '../domain/ports.js';
import type { Logger } from '../logging/logger.js';
import { InProcessJobQueue } from '../queue/in-process-job-queue.js';
import { DataStore } from '../storage/data-store.js';
import { openDatabase, type DatabaseHandle } from '../storage/database.js';
import { migrateToLatest, waitForSchema } from '../storage/migrate.js';
import { checkRedis, explainDatabaseError } from './startup-checks.js';

export interface Infrastructure {
  database: DatabaseHandle;
  store: DataStore;
  queue: JobQueue;
  queueKind: 'bullmq' | 'in-process';
  /** `drainMs` bounds the wait for running jobs (default SHUTDOWN_TIMEOUT_MS). */
  close(drainMs?: number): Promise<void>;
}

/** BullMQ on Redis when REDIS_URL is set (loaded only then), else the in-process queue. */
export async function createJobQueue(config: AppConfig, logger: Logger): Promise<JobQueue> {
  if (!config.redisUrl) {
    return new InProcessJobQueue(logger, {
      concurrency: { [TURN_JOB]: config.queue.turnConcurrency, [DELIVERY_JOB]: config.queue.deliveryConcurrency, [EVALUATION_JOB]: config.queue.evaluationConcurrency },
    });
  }
  const { evaluationQueue, timerQueue, lockMs, stalledIntervalMs } = config.queue;
  const { BullMqJobQueue } = await import('../queue/bullmq-job-queue.js');
  return new BullMqJobQueue(
    config.redisUrl,
    {
      prefix: config.queue.prefix,
      queueOf: (name) =>
        name === TURN_JOB
          ? 'turns'
          : name === DELIVERY_JOB
            ? 'deliveries'
            : name === EVALUATION_JOB
              ? evaluationQueue
              : Object.values(TIMER_JOBS).includes(name as never)
                ? timerQueue
                : 'maintenance',
      workers: {
        // Turns wait on the interviewer, posts on the platform: many at once, short locks so a
        // killed worker's job is taken over within seconds (the session lease guards the rest).
        turns: { concurrency: config.queue.turnConcurrency, lockDurationMs: 15_000, stalledIntervalMs: 5_000 },
        deliveries: { concurrency: config.queue.deliveryConcurrency, lockDurationMs: 15_000, stalledIntervalMs: 5_000 },
        // Evaluations wait on the LLM (seconds each): many at a time, a lock that outlasts every OpenAI attempt.
        [evaluationQueue]: { concurrency: config.queue.evaluationConcurrency, lockDurationMs: lockMs, stalledIntervalMs },
        [timerQueue]: { concurrency: 16, lockDurationMs: 30_000, stalledIntervalMs },
        maintenance: { concurrency: 1, lockDurationMs: 60_000, stalledIntervalMs },
      },
      enqueueTimeoutMs: 3_000,
    },
    logger,
  );
}

// A replica that does not migrate waits this long for the migrate job before giving up.
const SCHEMA_WAIT_MS = 120_000;

/** Storage (Postgres or embedded PGlite, migrated) and the job queue (BullMQ or in-process), from config. */
export async function openInfrastructure(config: AppConfig, logger: Logger): Promise<Infrastructure> {
  // Redis first: start-up fails clearly rather than running without a queue.
  if (config.redisUrl) await checkRedis(config.redisUrl);
  const database = await openDatabase({ url: config.database.url, dataDir: config.database.dataDir, poolMax: config.database.poolMax });
  try {
    // PGlite is one process: it always migrates itself.
    if (config.database.migrateOnStart || database.kind !== 'postgres') {
      const applied = await migrateToLatest(database.db);
      logger.info({ operation: 'migrate', metadata: { database: database.kind, applied } }, `Database ready (${database.kind})`);
    } else {
      await waitForSchema(database.db, { timeoutMs: SCHEMA_WAIT_MS });
      logger.info({ operation: 'migrate', metadata: { database: database.kind, applied: [] } }, `Database ready (${database.kind}, migrated by another process)`);
    }
  } catch (error) {
    await database.close().catch(() => undefined);
    throw explainDatabaseError(error, config.database.url) ?? error;
  }
  const queue = await createJobQueue(config, logger);
  return {
    database,
    store: new DataStore(database.db),
    queue,
    queueKind: config.redisUrl ? 'bullmq' : 'in-process',
    async close(drainMs = config.queue.shutdownTimeoutMs) {
      await queue.close(drainMs);
      await database.close();
    },
  };
}

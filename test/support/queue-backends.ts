import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { JobQueue } from '../../src/domain/ports.js';
import type { Logger } from '../../src/logging/logger.js';
import { BullMqJobQueue } from '../../src/queue/bullmq-job-queue.js';
import { InProcessJobQueue } from '../../src/queue/in-process-job-queue.js';

export interface QueueBackend {
  name: 'in-process' | 'bullmq';
  create(logger: Logger, options?: { redisUrl?: string; prefix?: string }): JobQueue;
  /** A prefix no other test uses, so parallel files never share jobs. */
  freshPrefix(): string;
  cleanup(prefix: string): Promise<void>;
}

export function bullSettings(prefix: string) {
  return {
    prefix,
    queueOf: (name: string) => (name === 'evaluate-session' ? 'evaluations' : name.includes('timer') ? 'timers' : 'work'),
    // Short locks so a killed worker's job is picked up again within seconds.
    workers: {
      evaluations: { concurrency: 4, lockDurationMs: 2_000, stalledIntervalMs: 1_000 },
      timers: { concurrency: 8, lockDurationMs: 2_000, stalledIntervalMs: 1_000 },
      work: { concurrency: 4, lockDurationMs: 2_000, stalledIntervalMs: 1_000 },
    },
    enqueueTimeoutMs: 1_500,
  };
}

/** Deletes every Redis key under a BullMQ prefix (a test's or a benchmark's own). */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}

const inProcess: QueueBackend = {
  name: 'in-process',
  create: (logger) => new InProcessJobQueue(logger),
  freshPrefix: () => 'unused',
  cleanup: async () => undefined,
};

function bullmq(url: string): QueueBackend {
  return {
    name: 'bullmq',
    create: (logger, options = {}) => new BullMqJobQueue(options.redisUrl ?? url, bullSettings(options.prefix ?? 'test'), logger),
    freshPrefix: () => `test-${randomBytes(5).toString('hex')}`,
    cleanup: (prefix) => deleteKeys(url, prefix),
  };
}

export const queueBackends: QueueBackend[] = [inProcess, ...(process.env.REDIS_URL ? [bullmq(process.env.REDIS_URL)] : [])];
export const bullmqBackend: QueueBackend | undefined = process.env.REDIS_URL ? bullmq(process.env.REDIS_URL) : undefined;

export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what} not met within ${timeoutMs}ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

import { Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { retryAfterOf } from '../domain/errors.js';
import type { CronSchedule, JobHandler, JobMeta, JobOptions, JobQueue } from '../domain/ports.js';
import type { Logger } from '../logging/logger.js';

export interface QueueSettings {
  /** Key prefix. For Redis Cluster use a hash tag, e.g. `{mib}`, so each queue's keys share a slot. */
  prefix: string;
  /** Which BullMQ queue each job name goes to (names are configurable per deployment). */
  queueOf: (jobName: string) => string;
  /** Per queue: how many jobs run at once and how long a job's lock lasts between renewals. */
  workers: Record<string, { concurrency: number; lockDurationMs: number; stalledIntervalMs: number }>;
  /** A producer gives up after this long, so a Redis outage never hangs a user's request. */
  enqueueTimeoutMs: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms}ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** True if the promise settled within ms; never rejects. */
async function settleWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = promise.then(
    () => true,
    () => true,
  );
  return Promise.race([settled, timeout]).finally(() => clearTimeout(timer));
}

/** Exponential backoff, unless the job asked for a delay of its own (a platform's Retry-After). */
const RETRY_AFTER = 'retry-after-or-exponential';
function backoffStrategy(attemptsMade: number, _type?: string, error?: Error, job?: { opts: { backoff?: number | { delay?: number } } }): number {
  const asked = retryAfterOf(error);
  if (asked !== undefined) return asked;
  const backoff = job?.opts.backoff;
  const base = typeof backoff === 'number' ? backoff : (backoff?.delay ?? 1_000);
  return Math.round(base * 2 ** Math.max(0, attemptsMade - 1));
}

/**
 * The production queue: BullMQ on Redis. Jobs survive restarts and are shared by every worker
 * process. Producers use a connection without an offline queue, so an enqueue during an outage
 * fails fast and the outbox keeps the work; workers use their own blocking connections.
 */
export class BullMqJobQueue implements JobQueue {
  private readonly producer: Redis;
  private readonly workerConnection: Redis;
  private readonly queues = new Map<string, Queue>();
  private readonly workers = new Map<string, Worker>();
  private readonly handlers = new Map<string, JobHandler<unknown>>();

  constructor(
    redisUrl: string,
    private readonly settings: QueueSettings,
    private readonly logger: Logger,
  ) {
    this.producer = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 5_000 });
    // BullMQ workers need commands that wait out reconnects (maxRetriesPerRequest: null).
    this.workerConnection = new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
    for (const connection of [this.producer, this.workerConnection]) {
      connection.on('error', (error) => this.logger.warn({ operation: 'redis', metadata: { message: error.message } }, 'Redis connection error'));
    }
  }

  async enqueue<T>(name: string, data: T, options: JobOptions = {}): Promise<void> {
    await this.enqueueMany([{ name, data, options }]);
  }

  async enqueueMany(jobs: { name: string; data: unknown; options?: JobOptions }[]): Promise<void> {
    await this.producerReady();
    const byQueue = new Map<string, { name: string; data: unknown; opts: JobsOptions }[]>();
    for (const { name, data, options = {} } of jobs) {
      const queueName = this.settings.queueOf(name);
      const opts: JobsOptions = {
        jobId: options.jobId,
        delay: options.delayMs,
        attempts: options.attempts ?? 1,
        backoff: { type: RETRY_AFTER, delay: options.backoffMs ?? 1_000 },
        removeOnComplete: true,
        removeOnFail: { age: 7 * 24 * 3600 },
      };
      byQueue.set(queueName, [...(byQueue.get(queueName) ?? []), { name, data, opts }]);
    }
    await withTimeout(
      Promise.all([...byQueue].map(([queueName, list]) => (list.length === 1 ? this.queue(queueName).add(list[0]!.name, list[0]!.data, list[0]!.opts) : this.queue(queueName).addBulk(list)))),
      this.settings.enqueueTimeoutMs,
      `enqueue ${jobs.map((j) => j.name).join(', ')}`,
    );
  }

  process<T>(name: string, handler: JobHandler<T>): void {
    this.handlers.set(name, handler as JobHandler<unknown>);
    const queueName = this.settings.queueOf(name);
    if (this.workers.has(queueName)) return;
    const tuning = this.settings.workers[queueName] ?? { concurrency: 4, lockDurationMs: 60_000, stalledIntervalMs: 30_000 };
    const worker = new Worker(queueName, (job: Job) => this.run(job), {
      connection: this.workerConnection,
      prefix: this.settings.prefix,
      concurrency: tuning.concurrency,
      lockDuration: tuning.lockDurationMs,
      stalledInterval: tuning.stalledIntervalMs,
      maxStalledCount: 2,
      settings: { backoffStrategy },
    });
    worker.on('error', (error) => this.logger.warn({ operation: 'queue_worker', metadata: { queue: queueName, message: error.message } }, 'Queue worker error'));
    worker.on('failed', (job, error) =>
      this.logger.warn({ operation: 'job_failed', job_id: job?.id, metadata: { name: job?.name, attempts: job?.attemptsMade }, error }, 'Job attempt failed'),
    );
    this.workers.set(queueName, worker);
  }

  async remove(name: string, jobId: string): Promise<void> {
    await this.producerReady();
    await withTimeout(this.queue(this.settings.queueOf(name)).remove(jobId), this.settings.enqueueTimeoutMs, `remove ${jobId}`);
  }

  async repeat<T>(name: string, scheduleId: string, everyMs: number, data: T): Promise<void> {
    await this.producerReady();
    await withTimeout(
      this.queue(this.settings.queueOf(name)).upsertJobScheduler(scheduleId, { every: everyMs }, { name, data, opts: { removeOnComplete: true, removeOnFail: 100 } }),
      this.settings.enqueueTimeoutMs,
      `schedule ${scheduleId}`,
    );
  }

  async schedule<T>(name: string, scheduleId: string, cron: CronSchedule, data: T): Promise<void> {
    await this.producerReady();
    await withTimeout(
      this.queue(this.settings.queueOf(name)).upsertJobScheduler(
        scheduleId,
        { pattern: cron.pattern, tz: cron.tz },
        { name, data, opts: { attempts: 5, backoff: { type: RETRY_AFTER, delay: 2_000 }, removeOnComplete: true, removeOnFail: 100 } },
      ),
      this.settings.enqueueTimeoutMs,
      `schedule ${scheduleId}`,
    );
  }

  async unschedule(name: string, scheduleId: string): Promise<void> {
    await this.producerReady();
    await withTimeout(this.queue(this.settings.queueOf(name)).removeJobScheduler(scheduleId), this.settings.enqueueTimeoutMs, `unschedule ${scheduleId}`);
  }

  async hasSchedule(name: string, scheduleId: string): Promise<boolean> {
    await this.producerReady();
    const found = await withTimeout(this.queue(this.settings.queueOf(name)).getJobScheduler(scheduleId), this.settings.enqueueTimeoutMs, `find schedule ${scheduleId}`);
    // For an unknown id BullMQ answers with an empty shell (no pattern, no interval), not undefined.
    return Boolean(found && (found.pattern || found.every));
  }

  /** Stops taking jobs, lets running ones finish within the bound, then closes connections. */
  async ping(): Promise<void> {
    await this.producer.ping();
  }

  async close(timeoutMs = 25_000): Promise<void> {
    const workers = [...this.workers.values()];
    const finished = await settleWithin(Promise.all(workers.map((w) => w.close())), timeoutMs);
    if (!finished) {
      this.logger.warn({ operation: 'shutdown', metadata: { timeout_ms: timeoutMs } }, 'Jobs still running at shutdown; another worker will pick them up');
      await settleWithin(Promise.all(workers.map((w) => w.close(true))), 2_000);
    }
    // With Redis unreachable these would wait for a reconnect that may never come.
    await settleWithin(Promise.all([...this.queues.values()].map((q) => q.close())), 2_000);
    this.producer.disconnect();
    this.workerConnection.disconnect();
  }

  /** Waits briefly for the producer connection; with no offline queue, commands need it up. */
  private async producerReady(): Promise<void> {
    if (this.producer.status === 'ready') return;
    if (this.producer.status === 'wait') this.producer.connect().catch(() => undefined);
    await withTimeout(
      new Promise<void>((resolve) => this.producer.once('ready', () => resolve())),
      this.settings.enqueueTimeoutMs,
      'Redis connection',
    );
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.producer, prefix: this.settings.prefix, skipWaitingForReady: true });
      queue.on('error', (error) => this.logger.warn({ operation: 'queue', metadata: { queue: name, message: error.message } }, 'Queue error'));
      this.queues.set(name, queue);
    }
    return queue;
  }

  private async run(job: Job): Promise<void> {
    const handler = this.handlers.get(job.name);
    if (!handler) throw new Error(`No handler for job ${job.name}`);
    const meta: JobMeta = { jobId: job.id ?? '', attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1 };
    const due = scheduledTimeOf(job);
    if (due !== undefined) meta.scheduledFor = due;
    await handler(job.data, meta);
  }
}

/**
 * A job made by a job scheduler has the id `repeat:<scheduler id>:<due time in ms>` (BullMQ's
 * documented form; `opts.prevMillis` as a fallback): the due time, the same on every retry of that
 * job. Other jobs have neither.
 */
function scheduledTimeOf(job: Job): Date | undefined {
  const fromId = /^repeat:.+:(\d+)$/.exec(job.id ?? '');
  const millis = fromId ? Number(fromId[1]) : job.opts.prevMillis;
  return typeof millis === 'number' && Number.isFinite(millis) ? new Date(millis) : undefined;
}

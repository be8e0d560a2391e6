import { randomUUID } from 'node:crypto';
import { retryAfterOf } from '../domain/errors.js';
import type { CronSchedule, JobHandler, JobMeta, JobOptions, JobQueue } from '../domain/ports.js';
import { nextRuns } from '../schedules/schedule-spec.js';
import type { Logger } from '../logging/logger.js';

interface QueuedJob {
  id: string;
  name: string;
  data: unknown;
  attempt: number;
  maxAttempts: number;
  backoffMs: number;
  timer?: NodeJS.Timeout;
  running?: boolean;
  scheduledFor?: Date;
}

interface CronEntry {
  name: string;
  data: unknown;
  cron: CronSchedule;
  /** The due time last enqueued; the next is computed strictly after it. */
  last?: number;
  timer?: NodeJS.Timeout;
}

/** setTimeout's longest delay; a run further away is reached in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The queue used when REDIS_URL is unset: same job semantics as the BullMQ driver that the jobs
 * rely on (job-id dedupe while a job is waiting or running, attempts with exponential backoff,
 * delays), in this process only. Jobs do not survive a restart; the outbox re-dispatches
 * evaluations that were promised but not finished.
 */
export class InProcessJobQueue implements JobQueue {
  private readonly handlers = new Map<string, JobHandler<unknown>>();
  private readonly jobs = new Map<string, QueuedJob>();
  private readonly running = new Set<Promise<void>>();
  private readonly schedules = new Map<string, NodeJS.Timeout>();
  private readonly cronSchedules = new Map<string, CronEntry>();
  /** Jobs due but waiting for a free slot of their name, oldest first. */
  private readonly ready: QueuedJob[] = [];
  private readonly active = new Map<string, number>();
  private closed = false;

  /** `concurrency`: at most this many jobs of a name run at once (as a BullMQ worker's concurrency). */
  constructor(
    private readonly logger: Logger,
    private readonly options: { concurrency?: Record<string, number> } = {},
  ) {}

  async enqueue<T>(name: string, data: T, options: JobOptions = {}): Promise<void> {
    if (this.closed) throw new Error('Job queue is closed');
    const id = options.jobId ?? randomUUID();
    if (this.jobs.has(id)) return;
    const job: QueuedJob = {
      id,
      name,
      data,
      attempt: 1,
      maxAttempts: Math.max(1, options.attempts ?? 1),
      backoffMs: options.backoffMs ?? 1000,
    };
    this.jobs.set(id, job);
    this.armJob(job, options.delayMs ?? 0);
  }

  async enqueueMany(jobs: { name: string; data: unknown; options?: JobOptions }[]): Promise<void> {
    for (const job of jobs) await this.enqueue(job.name, job.data, job.options);
  }

  process<T>(name: string, handler: JobHandler<T>): void {
    this.handlers.set(name, handler as JobHandler<unknown>);
    // Jobs enqueued before a handler existed start now.
    for (const job of this.jobs.values()) if (job.name === name && !job.timer && !job.running) this.armJob(job, 0);
  }

  async remove(_name: string, jobId: string): Promise<void> {
    const job = this.jobs.get(jobId);
    if (!job || job.running) return;
    clearTimeout(job.timer);
    const waiting = this.ready.indexOf(job);
    if (waiting >= 0) this.ready.splice(waiting, 1);
    this.jobs.delete(jobId);
  }

  async repeat<T>(name: string, scheduleId: string, everyMs: number, data: T): Promise<void> {
    clearInterval(this.schedules.get(scheduleId));
    const timer = setInterval(() => {
      // Like a BullMQ scheduler: one job per tick, skipped while the previous one still runs.
      this.enqueue(name, data, { jobId: `${scheduleId}-tick` }).catch(() => undefined);
    }, everyMs);
    timer.unref();
    this.schedules.set(scheduleId, timer);
  }

  /** Like a BullMQ job scheduler: the next due time from the cron pattern in its zone, one job (id `repeat:<id>:<ms>`) per due time. */
  async schedule<T>(name: string, scheduleId: string, cron: CronSchedule, data: T): Promise<void> {
    const existing = this.cronSchedules.get(scheduleId);
    clearTimeout(existing?.timer);
    const entry: CronEntry = { name, data, cron, last: existing?.last };
    this.cronSchedules.set(scheduleId, entry);
    this.armCron(scheduleId, entry);
  }

  async unschedule(_name: string, scheduleId: string): Promise<void> {
    clearTimeout(this.cronSchedules.get(scheduleId)?.timer);
    this.cronSchedules.delete(scheduleId);
    clearInterval(this.schedules.get(scheduleId));
    this.schedules.delete(scheduleId);
  }

  async hasSchedule(_name: string, scheduleId: string): Promise<boolean> {
    return this.cronSchedules.has(scheduleId) || this.schedules.has(scheduleId);
  }

  private armCron(scheduleId: string, entry: CronEntry): void {
    if (this.closed || this.cronSchedules.get(scheduleId) !== entry) return;
    const [due] = nextRuns(entry.cron, new Date(Math.max(Date.now(), entry.last ?? 0)), 1);
    const at = due!.getTime();
    const delay = at - Date.now();
    entry.timer = setTimeout(
      () => {
        if (this.cronSchedules.get(scheduleId) !== entry) return;
        if (delay <= MAX_TIMER_MS) {
          entry.last = at;
          const jobId = `repeat:${scheduleId}:${at}`;
          this.enqueue(entry.name, entry.data, { jobId, attempts: 5, backoffMs: 2_000 }).catch(() => undefined);
          const job = this.jobs.get(jobId);
          if (job) job.scheduledFor = new Date(at);
        }
        this.armCron(scheduleId, entry);
      },
      Math.max(0, Math.min(delay, MAX_TIMER_MS)),
    );
    entry.timer.unref();
  }

  /** Nothing outside this process to ask. */
  async ping(): Promise<void> {}

  async close(timeoutMs = 10_000): Promise<void> {
    this.closed = true;
    for (const timer of this.schedules.values()) clearInterval(timer);
    for (const entry of this.cronSchedules.values()) clearTimeout(entry.timer);
    for (const job of this.jobs.values()) clearTimeout(job.timer);
    const drained = Promise.allSettled([...this.running]);
    await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  }

  private armJob(job: QueuedJob, delayMs: number): void {
    if (!this.handlers.has(job.name) || this.closed) {
      job.timer = undefined;
      return;
    }
    job.timer = setTimeout(() => {
      job.timer = undefined;
      this.run(job);
    }, delayMs);
  }

  private run(job: QueuedJob): void {
    const handler = this.handlers.get(job.name);
    if (!handler || this.closed) return;
    const running = this.active.get(job.name) ?? 0;
    if (running >= (this.options.concurrency?.[job.name] ?? Infinity)) {
      this.ready.push(job);
      return;
    }
    this.active.set(job.name, running + 1);
    job.running = true;
    const meta: JobMeta = { jobId: job.id, attempt: job.attempt, maxAttempts: job.maxAttempts };
    if (job.scheduledFor) meta.scheduledFor = job.scheduledFor;
    const execution = handler(job.data, meta)
      .then(() => {
        this.jobs.delete(job.id);
      })
      .catch((error: unknown) => {
        if (job.attempt >= job.maxAttempts) {
          this.jobs.delete(job.id);
          this.logger.error({ operation: 'job_failed', job_id: job.id, metadata: { name: job.name, attempts: job.attempt }, error }, 'Job failed after its last attempt');
          return;
        }
        job.running = false;
        // Exponential backoff, unless the job asked for a delay of its own (a Retry-After).
        const delay = retryAfterOf(error) ?? job.backoffMs * 2 ** (job.attempt - 1);
        this.logger.warn({ operation: 'job_retry', job_id: job.id, metadata: { name: job.name, attempt: job.attempt, delay }, error }, 'Job failed; retrying');
        job.attempt += 1;
        this.armJob(job, delay);
      })
      .finally(() => {
        this.running.delete(execution);
        this.active.set(job.name, (this.active.get(job.name) ?? 1) - 1);
        const next = this.ready.findIndex((j) => j.name === job.name);
        if (next >= 0) this.run(this.ready.splice(next, 1)[0]!);
      });
    this.running.add(execution);
  }
}

import type { JobQueue } from '../domain/ports.js';
import type { Logger } from '../logging/logger.js';
import type { DataStore } from '../storage/data-store.js';
import { PeriodicTask } from '../queue/periodic-task.js';
import { rearmRunningTimers } from './rearm-timers.js';

/**
 * Puts back what must be in the queue: every running session's timers and the repeating
 * schedules. Driven by this process's own clock, not by the queue, so it still runs when Redis
 * has lost everything (no persistence, failover to an empty replica): repaired within one
 * interval. Every step is idempotent, so several workers doing it at once is harmless.
 */
export class ScheduleReconciler {
  private readonly periodic: PeriodicTask;

  constructor(
    private readonly store: DataStore,
    private readonly queue: JobQueue,
    private readonly schedules: () => Promise<void>,
    logger: Logger,
    intervalMs: number,
  ) {
    this.periodic = new PeriodicTask(() => this.reconcile(), intervalMs, logger, { operation: 'reconcile_schedules', message: 'Could not reconcile timers and schedules; will retry' });
  }

  async reconcile(): Promise<number> {
    await this.schedules();
    return rearmRunningTimers(this.store, this.queue);
  }

  /** Reconciles at once (in the background: start-up does not wait on it), then every interval. */
  start(): void {
    this.periodic.start({ immediately: true });
  }

  async stop(): Promise<void> {
    await this.periodic.stop();
  }
}

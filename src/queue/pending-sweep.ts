import { PeriodicTask } from './periodic-task.js';
import type { Clock } from '../domain/ports.js';
import type { Logger } from '../logging/logger.js';
import type { DataStore } from '../storage/data-store.js';
import type { OutboxDispatcher } from './outbox-dispatcher.js';
import type { SessionWork } from './session-work.js';

export interface SweepOptions {
  intervalMs: number;
  /** Work younger than this is left to the job that was enqueued with it. */
  graceMs: number;
}

/**
 * Re-drives whatever is recorded but not under way: outbox rows the queue never took, turns
 * still pending after a crash or a lost enqueue, deliveries nobody is posting. Runs at worker
 * start-up and then periodically. Jobs are keyed by the row, so sending one that is already
 * queued is harmless; a session someone holds (an unexpired lease) is left to its holder.
 */
export class PendingSweep {
  private readonly periodic: PeriodicTask;

  constructor(
    private readonly store: DataStore,
    private readonly work: SessionWork,
    private readonly outbox: OutboxDispatcher,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: SweepOptions,
  ) {
    this.periodic = new PeriodicTask(() => this.sweep(), options.intervalMs, logger, { operation: 'sweep', message: 'Sweep failed; will retry' });
  }

  async sweep(): Promise<{ turns: number; deliveries: number }> {
    const olderThan = new Date(this.clock.now().getTime() - this.options.graceMs);
    await this.outbox.dispatchPending();
    const turns = await this.store.turns.stalled(olderThan, 200);
    for (const turn of turns) this.work.turn(turn, turn.seq);
    const deliveries = await this.store.deliveries.stalled(olderThan, 200);
    for (const delivery of deliveries) this.work.delivery(delivery, delivery.seq);
    if (turns.length || deliveries.length) {
      this.logger.info({ operation: 'sweep', metadata: { turns: turns.length, deliveries: deliveries.length } }, 'Re-sent stalled work');
    }
    return { turns: turns.length, deliveries: deliveries.length };
  }

  start(): void {
    this.periodic.start();
  }

  async stop(): Promise<void> {
    await this.periodic.stop();
  }
}

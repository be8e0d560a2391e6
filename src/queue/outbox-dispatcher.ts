import type { Clock, JobQueue } from '../domain/ports.js';
import type { Logger } from '../logging/logger.js';
import type { DataStore } from '../storage/data-store.js';
import type { OutboxRow } from '../storage/outbox-repository.js';

export interface OutboxJobSettings {
  attempts: number;
  backoffMs: number;
}

/**
 * Moves outbox rows (written in the same transaction as the state they promise) onto the job
 * queue. A row is marked dispatched only after the queue accepted it, and the job id is the
 * row's dedupe key, so a row sent twice (crash between enqueue and mark) is still one job.
 */
export class OutboxDispatcher {
  private sweeping?: Promise<number>;

  constructor(
    private readonly store: DataStore,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly jobSettings: Record<string, OutboxJobSettings> = {},
  ) {}

  /** Dispatches one row now; false (and the row kept) when the queue refused it. */
  async dispatchKey(dedupeKey: string): Promise<boolean> {
    const row = await this.store.outbox.findByKey(dedupeKey);
    if (!row || row.dispatched_at) return true;
    return this.dispatch(row);
  }

  /** Dispatches every pending row, oldest first; stops at the first refusal (queue down). */
  async dispatchPending(limit = 100): Promise<number> {
    this.sweeping ??= (async () => {
      let sent = 0;
      for (const row of await this.store.outbox.pending(limit)) {
        if (!(await this.dispatch(row))) break;
        sent += 1;
      }
      return sent;
    })().finally(() => {
      this.sweeping = undefined;
    });
    return this.sweeping;
  }

  private async dispatch(row: OutboxRow): Promise<boolean> {
    const settings = this.jobSettings[row.kind] ?? { attempts: 3, backoffMs: 1000 };
    try {
      await this.queue.enqueue(row.kind, row.payload, { jobId: row.dedupe_key, ...settings });
    } catch (error) {
      this.logger.warn(
        { operation: 'outbox_dispatch', session_id: row.session_id, metadata: { kind: row.kind }, error },
        'Queue refused outbox row; it stays pending',
      );
      await this.store.outbox.recordFailure(row.id, String(error)).catch(() => undefined);
      return false;
    }
    await this.store.outbox.markDispatched(row.id, this.clock.now());
    return true;
  }
}

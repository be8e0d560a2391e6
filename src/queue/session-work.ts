import { DELIVERY_JOB, TURN_JOB, type JobOptions, type JobQueue, type SessionJobData } from '../domain/ports.js';
import type { SessionRef } from '../domain/types.js';
import type { Logger } from '../logging/logger.js';
import type { InboundLoad } from './inbound-load.js';

export interface JobRetry {
  attempts: number;
  backoffMs: number;
}

/** Retries of a turn (the interviewer failing) and of a delivery (the platform failing). */
export const TURN_JOB_OPTIONS: JobRetry = { attempts: 3, backoffMs: 2_000 };
export const DELIVERY_JOB_OPTIONS: JobRetry = { attempts: 10, backoffMs: 1_000 };
/** The longest an enqueue waits for the acks under way (InboundLoad). */
export const ACK_FIRST_MAX_WAIT_MS = 300;

/**
 * Hands recorded work to the queue: a session's pending turn or delivery. The row in the
 * database is the promise; the job only says "look now". So an enqueue never delays the
 * caller (it is not awaited before an ack) and a failed one is only logged: the sweep finds
 * the row and sends it again. Job ids come from the row, so a repeat while one waits is one job.
 */
export class SessionWork {
  private readonly inFlight = new Set<Promise<void>>();
  private batch: { name: string; data: SessionJobData; options: JobOptions & { jobId: string } }[] = [];

  readonly turnRetry: JobRetry;
  readonly deliveryRetry: JobRetry;

  constructor(
    private readonly queue: JobQueue,
    private readonly logger: Logger,
    retry: { turn?: JobRetry; delivery?: JobRetry } = {},
    private readonly inbound?: InboundLoad,
  ) {
    this.turnRetry = retry.turn ?? TURN_JOB_OPTIONS;
    this.deliveryRetry = retry.delivery ?? DELIVERY_JOB_OPTIONS;
  }

  turn(ref: SessionRef, seq: number, delayMs = 0): void {
    this.send(TURN_JOB, ref, `turn-${ref.sessionId}-${seq}`, { ...this.turnRetry, delayMs });
  }

  delivery(ref: SessionRef, seq: number, delayMs = 0): void {
    this.send(DELIVERY_JOB, ref, `deliver-${ref.sessionId}-${seq}`, { ...this.deliveryRetry, delayMs });
  }

  /** Waits for the enqueues under way (shutdown, tests). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private send(name: string, ref: SessionRef, jobId: string, options: { attempts: number; backoffMs: number; delayMs: number }): void {
    const data: SessionJobData = { platform: ref.platform, workspaceId: ref.workspaceId, sessionId: ref.sessionId };
    this.batch.push({ name, data, options: { jobId, ...options } });
    if (this.batch.length > 1) return;
    // Sent once no chat event awaits its ack (on the next turn of the event loop when none
    // does), all that was handed over meanwhile in one round trip: the listener about to ack
    // goes first, and a burst costs few enqueues.
    const sent = (this.inbound ? this.inbound.idle(ACK_FIRST_MAX_WAIT_MS) : new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => {
        const jobs = this.batch.splice(0);
        return this.queue.enqueueMany(jobs).catch((error: unknown) =>
          this.logger.warn({ operation: 'enqueue', metadata: { jobs: jobs.map((j) => j.options.jobId) }, error }, 'Could not enqueue; the sweep will send them'),
        );
      })
      .finally(() => this.inFlight.delete(sent));
    this.inFlight.add(sent);
  }
}

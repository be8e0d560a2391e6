import { randomUUID } from 'node:crypto';
import type { ChatDeliveryError } from '../chat/chat-delivery-error.js';
import type { ChatPorts } from '../chat/chat-port.js';
import { RetryLater, retryAfterOf } from '../domain/errors.js';
import type { Clock } from '../domain/ports.js';
import type { SessionRef } from '../domain/types.js';
import type { Logger } from '../logging/logger.js';
import type { AppMetrics } from '../observability/metrics.js';
import type { SessionWork } from '../queue/session-work.js';
import { keepLease } from '../session/lease-keeper.js';
import type { DataStore } from '../storage/data-store.js';
import { attemptDelivery } from './attempt-delivery.js';
import type { Delivery } from './delivery.js';
import { tellUndelivered } from './undelivered-notice.js';

export interface DeliveryWorkerDeps {
  store: DataStore;
  chat: ChatPorts;
  work: SessionWork;
  clock: Clock;
  logger: Logger;
  leaseMs: number;
  /** Attempts per delivery before the candidate is told it is delayed. */
  maxAttempts: number;
  metrics?: AppMetrics;
}

/** A delivery waits for a retry (its job runs again later, after `retryAfterMs` when set). */
export class DeliveryPending extends RetryLater {
  constructor(
    readonly seq: number,
    failure: ChatDeliveryError,
  ) {
    super(`Delivery ${seq} not posted (${failure.outcome}): ${failure.message}`, failure.details.retryAfterMs, { cause: failure });
  }
}

/**
 * Posts what a session is owed in its thread, in order, one worker at a time per session (the
 * delivery lease). Each post is recorded when it succeeds; a failure is counted and retried by
 * the delivery job (after the platform's Retry-After, or with backoff); one that may have
 * posted is reconciled before the next attempt; after the last attempt, or a refusal for good,
 * the delivery is marked failed and the candidate is told privately how to get it.
 */
export class DeliveryWorker {
  constructor(private readonly deps: DeliveryWorkerDeps) {}

  async run(ref: SessionRef, finalAttempt = false): Promise<void> {
    const token = randomUUID();
    const delivery = await this.deps.store.deliveries.claim(ref, token, this.deps.leaseMs);
    if (delivery) await this.drain(ref, token, delivery, finalAttempt);
  }

  /**
   * The turn worker stored a reply and took the delivery lease with it (`token`): post it now.
   * What fails goes to the delivery job, which retries with backoff or the platform's Retry-After.
   */
  async deliverClaimed(ref: SessionRef, token: string, delivery: Delivery): Promise<void> {
    try {
      await this.drain(ref, token, delivery, false);
    } catch (error) {
      const pending = error instanceof DeliveryPending ? error.seq : delivery.ref.seq;
      this.deps.work.delivery(ref, pending, retryAfterOf(error) ?? this.deps.work.deliveryRetry.backoffMs);
      if (!(error instanceof DeliveryPending)) {
        this.deps.logger.warn({ operation: 'deliver', session_id: ref.sessionId, error }, 'Delivery interrupted; the delivery job will retry');
      }
    }
  }

  /** Posts `first`, then every later pending delivery of the session, while holding its lease. */
  private async drain(ref: SessionRef, token: string, first: Delivery, finalAttempt: boolean): Promise<void> {
    const { store, leaseMs, logger, clock } = this.deps;
    let delivery: Delivery | null = first;
    const keeper = keepLease(store, 'delivery', ref, token, leaseMs, logger);
    try {
      while (delivery) {
        const port = this.deps.chat.for(delivery.target.platform);
        if (!port) throw new RetryLater(`No ${delivery.target.platform} adapter in this process`);
        const result = await attemptDelivery(port, delivery, logger);
        const seq = delivery.ref.seq;
        if ('messageId' in result) {
          this.deps.metrics?.deliveries.inc({ outcome: 'posted' });
          logger.debug({ operation: 'deliver', session_id: ref.sessionId, metadata: { seq, kind: delivery.kind, message_id: result.messageId } }, 'Delivered');
          delivery = await store.deliveries.finish(ref, token, seq, { status: 'posted', platformMessageId: result.messageId }, clock.now());
          continue;
        }
        const { failure } = result;
        const attempts = delivery.attempts + 1;
        if (failure.outcome === 'rejected' || attempts >= this.deps.maxAttempts || finalAttempt) {
          this.deps.metrics?.deliveries.inc({ outcome: 'failed' });
          const failed: Delivery = delivery;
          delivery = await store.deliveries.finish(ref, token, seq, { status: 'failed', error: failure.message }, clock.now());
          logger.error({ operation: 'deliver', session_id: ref.sessionId, metadata: { seq, kind: failed.kind, attempts, outcome: failure.outcome }, error: failure }, 'Delivery failed for good');
          await tellUndelivered(port, failed, logger);
          continue;
        }
        this.deps.metrics?.deliveries.inc({ outcome: 'retry' });
        const delayMs = failure.details.retryAfterMs ?? this.deps.work.deliveryRetry.backoffMs * 2 ** (attempts - 1);
        await store.deliveries.recordFailure(ref, token, seq, {
          error: failure.message,
          outcomeUnknown: result.outcomeUnknown,
          retryAt: new Date(clock.now().getTime() + delayMs),
        });
        logger.warn({ operation: 'deliver', session_id: ref.sessionId, metadata: { seq, kind: delivery.kind, attempts, outcome: failure.outcome, retry_in_ms: delayMs } }, 'Delivery attempt failed; will retry');
        throw new DeliveryPending(seq, failure);
      }
    } catch (error) {
      // The lease is let go (recordFailure already did, for a post that failed) so a retry can start at once.
      await store.leases.release('delivery', ref, token).catch(() => undefined);
      throw error;
    } finally {
      keeper.stop();
    }
  }
}

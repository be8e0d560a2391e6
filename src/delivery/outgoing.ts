import type { OutboundMessage } from '../chat/outbound-message.js';
import type { Clock } from '../domain/ports.js';
import type { SessionRef } from '../domain/types.js';
import type { SessionWork } from '../queue/session-work.js';
import type { DataStore } from '../storage/data-store.js';
import type { NewDelivery } from './delivery.js';

/**
 * Everything the bot says in a thread goes this way: recorded as a delivery first (inside the
 * caller's transaction when it has one), then handed to the delivery job once committed.
 */
export class Outgoing {
  constructor(
    private readonly store: DataStore,
    private readonly work: SessionWork,
    private readonly clock: Clock,
  ) {}

  /** Records a post inside a transaction; call `send` with the result after the commit. */
  async record(tx: DataStore, ref: SessionRef, entry: NewDelivery): Promise<number | undefined> {
    return tx.deliveries.add(ref, entry, this.clock.now());
  }

  /** Hands recorded posts to the delivery job. */
  send(ref: SessionRef, seq: number | undefined): void {
    if (seq !== undefined) this.work.delivery(ref, seq);
  }

  /** Records and sends in one go (no surrounding transaction). */
  async post(ref: SessionRef, entry: NewDelivery): Promise<number | undefined> {
    const seq = await this.record(this.store, ref, entry);
    this.send(ref, seq);
    return seq;
  }

  async notice(ref: SessionRef, text: string, tone: 'info' | 'warning' | 'error' = 'info', dedupeKey?: string): Promise<number | undefined> {
    const message: OutboundMessage = { kind: 'notice', text, tone };
    return this.post(ref, { kind: 'notice', message, dedupeKey });
  }
}

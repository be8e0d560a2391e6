import type { Clock } from '../domain/ports.js';
import type { OutboxDispatcher } from '../queue/outbox-dispatcher.js';
import type { DataStore } from '../storage/data-store.js';
import { SHARE_JOB, type ShareJobData } from './share-job.js';

/** `recorded`: the share job is promised; `already`: this interview was shared in this channel at `since`. */
export type ShareRecord = { state: 'recorded' } | { state: 'already'; since: Date };

/**
 * Records a share as an outbox row, the promise the share job keeps (retried, reconciled), and
 * hands it to the queue; a queue that refuses leaves the row to the sweep. The row's key is one
 * per interview per channel, so a second `/interview share` finds the first instead of posting
 * a duplicate: a shared score is there to be read, and sharing it again would only repeat it.
 */
export class Shares {
  constructor(
    private readonly store: DataStore,
    private readonly outbox: OutboxDispatcher,
    private readonly clock: Clock,
  ) {}

  async record(share: ShareJobData): Promise<ShareRecord> {
    const now = this.clock.now();
    const entry = { platform: share.platform, workspaceId: share.workspaceId, kind: SHARE_JOB, dedupeKey: share.key, sessionId: share.sessionId, payload: { ...share } };
    if (!(await this.store.outbox.add(entry, now))) {
      const earlier = await this.store.outbox.findByKey(share.key);
      return { state: 'already', since: earlier?.created_at ?? now };
    }
    await this.outbox.dispatchKey(share.key).catch(() => false);
    return { state: 'recorded' };
  }
}

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { InterviewPlatformError } from '../domain/errors.js';
import type { SessionRef } from '../domain/types.js';
import type { Logger } from '../logging/logger.js';
import type { DataStore } from '../storage/data-store.js';
import { KeyedMutex } from './keyed-mutex.js';

/**
 * One candidate turn at a time per session, across processes.
 *
 * Why a lease column and not a row or advisory lock: a turn waits on the interviewer (an LLM
 * call of seconds), and a row lock or session advisory lock would pin a pooled connection for
 * all that time, and PGlite has only one connection. The lease is a short UPDATE that takes the
 * session when nobody holds an unexpired lease (database time decides), so nothing is held
 * while the LLM thinks and a crashed holder frees the session when its lease expires. Inside one
 * process a keyed mutex queues callers first, so only one per process polls the database.
 * Gap-free seq numbers do not depend on the lease: they come from a row-locking UPDATE in the
 * same transaction as each insert (SessionRepository.allocateSeq).
 */
export class TurnLock {
  private readonly local = new KeyedMutex();

  constructor(
    private readonly store: DataStore,
    private readonly leaseMs: number,
    private readonly logger: Logger,
  ) {}

  async run<T>(ref: SessionRef, fn: () => Promise<T>): Promise<T> {
    return this.local.run(ref.sessionId, async () => {
      const token = randomUUID();
      await this.acquire(ref, token);
      try {
        return await fn();
      } finally {
        await this.store.sessions.releaseLease(ref, token).catch((error: unknown) => {
          // The lease expires by itself; a failed release only delays the next turn.
          this.logger.warn({ operation: 'release_turn_lease', session_id: ref.sessionId, error }, 'Could not release turn lease');
        });
      }
    });
  }

  private async acquire(ref: SessionRef, token: string): Promise<void> {
    // A holder that died frees the session after leaseMs; waiting longer means something is wrong.
    const deadline = Date.now() + this.leaseMs + 5_000;
    let backoff = 5;
    for (;;) {
      const result = await this.store.sessions.tryAcquireLease(ref, token, this.leaseMs);
      if (result === 'acquired') return;
      if (result === 'missing') {
        throw new InterviewPlatformError('SESSION_NOT_FOUND', `Session ${ref.sessionId} not found`, {
          userMessage: 'That interview does not exist in this workspace.',
          context: { session_id: ref.sessionId },
        });
      }
      if (Date.now() > deadline) {
        throw new InterviewPlatformError('CONFLICT', `Session ${ref.sessionId} is busy with another turn`, {
          userMessage: 'The interviewer is still answering your previous message; please send this again in a moment.',
          context: { session_id: ref.sessionId },
        });
      }
      await sleep(backoff + Math.random() * backoff);
      backoff = Math.min(backoff * 2, 100);
    }
  }
}

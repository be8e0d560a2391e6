import type { SessionRef } from '../domain/types.js';
import type { Logger } from '../logging/logger.js';
import type { DataStore } from '../storage/data-store.js';
import type { LeaseKind } from '../storage/lease-repository.js';

/**
 * Renews a session lease while its holder works (an LLM call, a slow post), every third of its
 * length. The lease is short, so a crashed holder frees the session within seconds; a live one
 * never loses it mid-turn. Renewal failures are logged; the holder's final write checks the
 * token anyway, so a lost lease can never produce a second answer.
 */
export function keepLease(store: DataStore, kind: LeaseKind, ref: SessionRef, token: string, leaseMs: number, logger: Logger): { stop(): void } {
  const timer = setInterval(() => {
    store.leases.renew(kind, ref, token, leaseMs).then(
      (held) => {
        if (!held) logger.warn({ operation: `renew_${kind}_lease`, session_id: ref.sessionId }, 'Lease lost; another worker may take over');
      },
      (error: unknown) => logger.warn({ operation: `renew_${kind}_lease`, session_id: ref.sessionId, error }, 'Could not renew lease'),
    );
  }, Math.max(250, Math.floor(leaseMs / 3)));
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

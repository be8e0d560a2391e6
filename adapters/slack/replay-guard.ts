import type { ProcessedEventRepository } from '../../src/storage/processed-event-repository.js';
import type { Logger } from '../../src/logging/logger.js';

/**
 * Signed requests already seen, each remembered until its timestamp leaves the window in which
 * the gate accepts it (after that a replay is refused as stale anyway). Bounded: past
 * `capacity` keys the oldest are forgotten first, so memory stays flat under any load; a key
 * forgotten that way could be replayed, which takes more than `capacity` signed commands and
 * button presses inside five minutes.
 *
 * Scope: the gate claims only slash commands and interactions (form bodies), which Slack
 * never retries, so a second copy of one is a replay. Events are not claimed here: Slack retries
 * an event it did not hear 200 for (headers `x-slack-retry-num`, up to minutes later), and those
 * retries must reach the core, which deduplicates them on the message id.
 *
 * Per process by default. With two bot processes behind one URL, a captured command replayed to
 * the other process would run once more; `SignedRequestReplays` closes that when it is given the
 * `processed_events` repository (shared by every process on the database). `startSlackAdapter`
 * takes it as an option; a process started without it (main does not pass it yet) has per-process
 * protection only: a known limit.
 */
export class ReplayGuard {
  // Insertion order is roughly expiry order (expiry is the request's own timestamp + window),
  // so expired keys are found at the front.
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly capacity = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time `key` is claimed while unexpired; false for a replay. */
  claim(key: string, expiresAtMs: number): boolean {
    const now = this.now();
    this.prune(now);
    const until = this.seen.get(key);
    if (until !== undefined && until > now) return false;
    this.seen.delete(key);
    this.seen.set(key, expiresAtMs);
    while (this.seen.size > this.capacity) this.seen.delete(this.seen.keys().next().value as string);
    return true;
  }

  /** Forget a claim (its request failed before anything ran, so a resend may run). */
  release(key: string): void {
    this.seen.delete(key);
  }

  get size(): number {
    return this.seen.size;
  }

  private prune(now: number): void {
    for (const [key, until] of this.seen) {
      if (until > now) break;
      this.seen.delete(key);
    }
  }
}

/** One signed request, as the replay check sees it. */
export interface SignedRequest {
  /** The `x-slack-signature` header: an HMAC of the timestamp and the body, unique per request. */
  signature: string;
  /** Its workspace (team id), which scopes the shared record. */
  workspaceId: string;
  /** When its timestamp leaves the accepted window (ms since the epoch). */
  expiresAtMs: number;
}

/**
 * The replay check the HTTP gate uses: this process's `ReplayGuard` first (no I/O for the
 * common case), then, when given, the shared `processed_events` table, so two bot processes on
 * one database behave as one. If the database cannot answer, the request runs (fail open: the
 * command would fail on the same database anyway, and it says so to the user) and one warning is
 * logged.
 */
export class SignedRequestReplays {
  constructor(
    private readonly local: ReplayGuard = new ReplayGuard(),
    private readonly shared?: Pick<ProcessedEventRepository, 'markProcessed'>,
    private readonly logger?: Logger,
  ) {}

  /** True the first time this request is seen; false for a replay. */
  async claim(request: SignedRequest): Promise<boolean> {
    if (!this.local.claim(request.signature, request.expiresAtMs)) return false;
    if (!this.shared) return true;
    try {
      return await this.shared.markProcessed({ platform: 'slack', workspaceId: request.workspaceId }, `signature:${request.signature}`, new Date());
    } catch (error) {
      this.logger?.warn({ component: 'SlackAdapter', operation: 'replay_check', error }, 'Could not record a signed request as seen; letting it through');
      return true;
    }
  }

  /** The request failed before anything ran (a 5xx): a resend to this process may run. */
  release(request: SignedRequest): void {
    this.local.release(request.signature);
  }
}

import { ChatDeliveryError, deliveryFailureOf } from '../chat/chat-delivery-error.js';
import type { ChatPorts } from '../chat/chat-port.js';
import { notice } from '../chat/views.js';
import { isPlatformError, RetryLater } from '../domain/errors.js';
import type { JobMeta, JobQueue } from '../domain/ports.js';
import type { WorkspaceScope } from '../domain/types.js';
import type { Logger } from '../logging/logger.js';
import type { DataStore } from '../storage/data-store.js';

export const SHARE_JOB = 'share-summary';

/** Retries of a share: about a minute in all, inside the window Discord keeps a nonce. */
export const SHARE_JOB_RETRY = { attempts: 6, backoffMs: 2_000 } as const;

/** A recorded `/interview share`: what to post where, and whom to tell if it cannot be. */
export interface ShareJobData extends WorkspaceScope {
  /** The outbox row's key, also the post's idempotency key (one share per interview per channel). */
  key: string;
  sessionId: string;
  channelId: string;
  /** The candidate, told privately if the share fails for good. */
  userId: string;
  text: string;
  title: string;
}

export function shareKey(sessionId: string, channelId: string): string {
  return `share-${sessionId}-${channelId}`;
}

export interface ShareJobDeps {
  store: DataStore;
  chat: ChatPorts;
  logger: Logger;
}

/**
 * Discord's `openThread` explains a refusal (no permission, channel gone) as a platform error:
 * a refusal for good, not worth five more attempts. Anything unclassified may have posted.
 */
function shareFailureOf(error: unknown): ChatDeliveryError {
  if (isPlatformError(error, 'COMPONENT_FAILURE')) return new ChatDeliveryError('rejected', error.message, { cause: error, userMessage: error.userMessage });
  return deliveryFailureOf(error);
}

/**
 * Posts a recorded share at the top level of its channel. Every attempt reconciles first (Slack
 * looks for the key in the channel's recent messages, Discord enforces the nonce), so a retry
 * after a 5xx or timeout that did post, or after a worker killed mid-post, finds that message
 * instead of posting a second; a share is rare, so the extra look costs nothing. A 429 waits
 * the platform's Retry-After. After the last attempt, or a refusal for good, the row is removed
 * (so `/interview share` may record it again) and the candidate is told privately.
 */
export async function runShareJob(deps: ShareJobDeps, data: ShareJobData, meta: JobMeta): Promise<'posted' | 'withdrawn' | 'failed'> {
  // The row leaves with its session (forget-me) or with a share given up on: nothing is owed any more.
  if (!(await deps.store.outbox.findByKey(data.key))) return 'withdrawn';
  const port = deps.chat.for(data.platform);
  if (!port) throw new RetryLater(`No ${data.platform} adapter in this process`);
  const channel = { platform: data.platform, workspaceId: data.workspaceId, channelId: data.channelId };
  const log = { operation: SHARE_JOB, session_id: data.sessionId, metadata: { channel_id: data.channelId, attempt: meta.attempt } };
  try {
    const posted = await port.openThread(channel, { kind: 'text', text: data.text }, data.title, { idempotencyKey: data.key, reconcile: true });
    deps.logger.info({ ...log, metadata: { ...log.metadata, message_id: posted.messageId } }, 'Share posted');
    return 'posted';
  } catch (error) {
    const failure = shareFailureOf(error);
    if (failure.outcome !== 'rejected' && meta.attempt < meta.maxAttempts) {
      deps.logger.warn({ ...log, metadata: { ...log.metadata, outcome: failure.outcome } }, 'Share not posted; will retry');
      throw new RetryLater(`Share ${data.key} not posted (${failure.outcome}): ${failure.message}`, failure.details.retryAfterMs, { cause: failure });
    }
    await deps.store.outbox.remove(data.key);
    deps.logger.error({ ...log, metadata: { ...log.metadata, outcome: failure.outcome }, error: failure }, 'Share failed for good');
    const why = failure.details.userMessage ? ` ${failure.details.userMessage}` : '';
    await port.notifyPrivately(channel, data.userId, notice(`Your score ${failure.outcome === 'unknown' ? 'may not have been' : 'could not be'} shared in the channel.${why} Run \`/interview share\` again to try once more.`, 'warning')).catch(() => undefined);
    return 'failed';
  }
}

export function registerShareJob(queue: JobQueue, deps: ShareJobDeps): void {
  queue.process<ShareJobData>(SHARE_JOB, async (data, meta) => {
    await runShareJob(deps, data, meta);
  });
}

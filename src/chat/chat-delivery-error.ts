/**
 * How a post to a platform failed, as far as the bot can tell:
 * - `not-sent`: the platform did not take it (429, connection refused); safe to send again,
 *   after `retryAfterMs` when the platform said how long to wait.
 * - `unknown`: it may have been posted (5xx, timeout); look for it before sending again.
 * - `rejected`: the platform refused it for good (channel gone, no permission); do not retry.
 */
export type DeliveryOutcome = 'not-sent' | 'unknown' | 'rejected';

/** Adapters throw this from `postInThread` and `update`, so the core can retry each case right. */
export class ChatDeliveryError extends Error {
  constructor(
    readonly outcome: DeliveryOutcome,
    message: string,
    readonly details: { retryAfterMs?: number; code?: string; cause?: unknown; userMessage?: string } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ChatDeliveryError';
  }
}

/** Any failure as a delivery outcome; an error the adapter did not classify may have posted. */
export function deliveryFailureOf(error: unknown): ChatDeliveryError {
  if (error instanceof ChatDeliveryError) return error;
  return new ChatDeliveryError('unknown', error instanceof Error ? error.message : String(error), { cause: error });
}

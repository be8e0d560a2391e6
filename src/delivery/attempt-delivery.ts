import { deliveryFailureOf, type ChatDeliveryError } from '../chat/chat-delivery-error.js';
import type { ChatPort } from '../chat/chat-port.js';
import type { Logger } from '../logging/logger.js';
import type { Delivery } from './delivery.js';
import { evaluationPicture, uploadEvaluationPicture } from './evaluation-picture.js';

/** Posted, or failed; `outcomeUnknown`: something this delivery sent may have landed, so look first next time. */
export type AttemptResult = { messageId: string } | { failure: ChatDeliveryError; outcomeUnknown: boolean };

/**
 * One attempt at a delivery. A reply with a "thinking" placeholder replaces it; if that edit
 * fails, the reply is posted fresh (the placeholder is progress, never the only way the reply
 * can arrive) and the placeholder then points at it. When an earlier attempt, or the edit just
 * tried, may have landed, the adapter reconciles first (looks for the post's key, which edits
 * carry too) instead of posting a second copy. An evaluation card is followed by its picture
 * (evaluation-picture.ts), drawn before the card is posted and uploaded once.
 */
export async function attemptDelivery(port: ChatPort, delivery: Delivery, logger?: Logger): Promise<AttemptResult> {
  const picture = await evaluationPicture(delivery, logger);
  const result = await attemptPost(port, delivery);
  return picture && 'messageId' in result ? uploadEvaluationPicture(port, delivery, picture, result, logger) : result;
}

async function attemptPost(port: ChatPort, delivery: Delivery): Promise<AttemptResult> {
  const options = { idempotencyKey: delivery.key };
  let maybePosted = delivery.outcomeUnknown;
  if (delivery.placeholderId && !maybePosted) {
    try {
      await port.update(delivery.target, delivery.placeholderId, delivery.message, options);
      return { messageId: delivery.placeholderId };
    } catch (error) {
      const failure = deliveryFailureOf(error);
      // Rate limited: the edit was not made, and will be tried again after the wait.
      if (failure.outcome === 'not-sent' && failure.details.retryAfterMs !== undefined) return { failure, outcomeUnknown: false };
      maybePosted = failure.outcome === 'unknown';
    }
  }
  try {
    const posted = await port.postInThread(delivery.target, delivery.message, { ...options, reconcile: maybePosted });
    // The reply went out as a new post: the stale placeholder points at it (best effort).
    if (delivery.placeholderId && posted.messageId !== delivery.placeholderId) {
      port.update(delivery.target, delivery.placeholderId, { kind: 'notice', tone: 'info', text: '(Reply posted below.)' }).catch(() => undefined);
    }
    return { messageId: posted.messageId };
  } catch (error) {
    const failure = deliveryFailureOf(error);
    return { failure, outcomeUnknown: maybePosted || failure.outcome === 'unknown' };
  }
}

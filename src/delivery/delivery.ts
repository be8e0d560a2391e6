import type { ThreadTarget } from '../chat/chat-port.js';
import type { OutboundMessage } from '../chat/outbound-message.js';
import type { DeliveryRef } from '../domain/types.js';

/** What a delivery carries: the interviewer's words, a notice, the evaluation card. */
export type DeliveryKind = 'opening' | 'reply' | 'notice' | 'evaluation';

/** A post owed in a session's thread (storage row as the core sees it). */
export interface Delivery {
  ref: DeliveryRef;
  target: ThreadTarget;
  kind: DeliveryKind;
  message: OutboundMessage;
  /** The transcript message it shows, if any. */
  messageSeq: number | null;
  /** Same key, same post: the platform-side idempotency key is derived from it. */
  key: string;
  attempts: number;
  /** An earlier attempt may have posted: reconcile before posting again. */
  outcomeUnknown: boolean;
  /** A "thinking" placeholder the reply should replace, if one was posted. */
  placeholderId: string | null;
  /** Who is told privately if it cannot be posted. */
  notifyUserId: string | null;
}

/** A delivery to promise: where it goes is the session's thread. */
export interface NewDelivery {
  kind: DeliveryKind;
  message: OutboundMessage;
  messageSeq?: number;
  /** One delivery per key per session (a retried job promises the same post once). */
  dedupeKey?: string;
  notifyUserId?: string;
}

import type { ChatPort } from '../chat/chat-port.js';
import type { Logger } from '../logging/logger.js';
import type { Delivery } from './delivery.js';

const WHAT: Record<Delivery['kind'], string> = {
  reply: 'My reply to your last answer',
  opening: 'The opening question of your interview',
  evaluation: 'Your evaluation',
  notice: 'A notice about your interview',
};

/**
 * A delivery failed for good: its candidate hears it privately, with the command that posts it
 * again. Best effort (the platform that refused the post may refuse this too); the delivery
 * itself stays recorded, so nothing is lost either way.
 */
export async function tellUndelivered(port: ChatPort, delivery: Delivery, logger: Logger): Promise<void> {
  if (!delivery.notifyUserId) return;
  const text = `${WHAT[delivery.kind]} could not be posted in the thread: the platform kept failing. Nothing is lost: run \`/interview redeliver\` to post it again.`;
  await port
    .notifyPrivately(delivery.target, delivery.notifyUserId, { kind: 'notice', tone: 'warning', text })
    .catch((error: unknown) => logger.warn({ operation: 'tell_undelivered', session_id: delivery.ref.sessionId, error }, 'Could not tell the candidate either'));
}

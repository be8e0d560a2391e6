import { InterviewPlatformError } from '../domain/errors.js';
import type { ChatUser } from './inbound.js';

// The core's own check of the ids an adapter hands it (the adapters validate the platform's
// shapes first): nothing with a NUL byte, nothing over 256 characters, and text that is a
// string, reaches the database. Postgres refuses NUL in text, which once surfaced as "the store
// is unavailable" and an ERROR log for what was the sender's malformed input.
const MAX_ID = 256;

interface Identified {
  workspaceId: string;
  channelId: string;
  threadId?: string;
  user: ChatUser;
  messageId?: string;
  eventId?: string;
  text?: unknown;
}

export function assertReadableInbound(event: Identified): void {
  const ids = [event.workspaceId, event.channelId, event.threadId, event.user?.userId, event.messageId, event.eventId];
  const bad = ids.some((id) => id !== undefined && (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID || id.includes('\u0000')));
  if (bad || (event.text !== undefined && typeof event.text !== 'string')) {
    throw new InterviewPlatformError('INVALID_INPUT', 'Malformed inbound event', {
      userMessage: 'That request could not be read, so nothing was done.',
      context: { malformed: true },
    });
  }
}

import type { Clock } from '../domain/ports.js';
import type { Actor, SessionRef, TranscriptMessage } from '../domain/types.js';
import type { DataStore } from '../storage/data-store.js';
import { toMessage } from '../storage/row-mappers.js';
import { validateCandidateText } from './message-validation.js';
import { sessionNotFound } from './session-errors.js';

/**
 * Someone other than the candidate wrote in the interview thread: kept in the transcript as an
 * observer note (never answered, never scored). Notes after the end are not kept.
 */
export async function recordObserverNote(
  store: DataStore,
  clock: Clock,
  maxChars: number,
  sessionId: string,
  input: { author: Actor; content: string; platformMessageId?: string },
): Promise<TranscriptMessage | null> {
  const content = validateCandidateText(input.content, maxChars);
  const ref: SessionRef = { platform: input.author.platform, workspaceId: input.author.workspaceId, sessionId };
  return store.transaction(async (tx) => {
    const row = await tx.sessions.find(ref, { forUpdate: true });
    if (!row) throw sessionNotFound(sessionId);
    if (row.status === 'completed') return null;
    if (input.platformMessageId) {
      const seen = await tx.messages.findByPlatformId(ref, input.platformMessageId);
      if (seen) return toMessage(seen);
    }
    return tx.appendMessage(ref, { role: 'observer', content, authorUserId: input.author.userId, platformMessageId: input.platformMessageId }, clock.now());
  });
}

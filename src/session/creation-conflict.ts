import { InterviewPlatformError } from '../domain/errors.js';
import type { WorkspaceScope } from '../domain/types.js';
import type { DataStore } from '../storage/data-store.js';
import { isUniqueViolation } from '../storage/storage-error.js';

/** A session insert refused by a unique index, told as the conflict it is: a thread already used, or a live interview. */
export async function creationConflict(store: DataStore, error: unknown, owner: WorkspaceScope & { userId: string }): Promise<unknown> {
  if (!isUniqueViolation(error)) return error;
  if ((error as { constraint?: string }).constraint === 'sessions_by_thread') {
    return new InterviewPlatformError('CONFLICT', 'Thread already holds an interview', {
      cause: error,
      userMessage: 'This thread already holds an interview; start a new one from the channel.',
    });
  }
  const live = await store.sessions.findLive(owner).catch(() => undefined);
  return new InterviewPlatformError('CONFLICT', `User ${owner.userId} already has a live session`, {
    cause: error,
    userMessage: `You already have an interview in progress${live?.topic ? ` (${live.topic})` : ''}. End it with \`/interview end\` before starting another.`,
    context: { existing_session_id: live?.id },
  });
}

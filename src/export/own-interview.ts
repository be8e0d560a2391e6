import { isPlatformError } from '../domain/errors.js';
import type { Actor, Session } from '../domain/types.js';
import type { InterviewRef } from '../chat/command-grammar.js';
import type { SessionManager } from '../session/session-manager.js';

/**
 * One of the caller's own interviews, as `/interview show` finds it: by its history number
 * (numbered as `history` numbers them, never-answered ones left out) or its id. Someone else's
 * interview, or one from another workspace, is "not one of yours" either way, so nothing leaks.
 * Returns the reason (a sentence for the user) when there is none.
 */
export async function findOwnInterview(sessions: SessionManager, actor: Actor, ref: InterviewRef): Promise<Session | { missing: string }> {
  if ('position' in ref) {
    const [item] = (await sessions.listSessions({ owner: actor, hideUnanswered: true, limit: 1, offset: ref.position - 1 })).items;
    const session = item ? await sessions.getSession(item.id, actor) : null;
    return session ?? { missing: `Your history has no interview number ${ref.position}. \`/interview history\` numbers them, 1 being the most recent.` };
  }
  const session = await sessions.getSession(ref.sessionId, actor).catch((error: unknown) => {
    if (isPlatformError(error) && error.code === 'SESSION_NOT_FOUND') return null;
    throw error;
  });
  if (!session || session.ownerUserId !== actor.userId) return { missing: 'That is not one of your interviews. `/interview history` lists yours.' };
  return session;
}

/** The caller's most recent completed interview that was answered, or the reason there is none. */
export async function latestCompletedInterview(sessions: SessionManager, actor: Actor): Promise<Session | { missing: string }> {
  const [item] = (await sessions.listSessions({ owner: actor, status: 'completed', hideUnanswered: true, limit: 1 })).items;
  if (!item) return { missing: 'You have no finished interview yet. `/interview history` lists yours.' };
  return sessions.getSession(item.id, actor);
}

import { InterviewPlatformError } from '../domain/errors.js';
import type { Actor, Session, SessionStatus } from '../domain/types.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Session ids are UUIDs; anything else (a mangled button payload, say) cannot name a session. */
export function isSessionId(value: string): boolean {
  return UUID.test(value);
}

export function sessionNotFound(sessionId: string): InterviewPlatformError {
  return new InterviewPlatformError('SESSION_NOT_FOUND', `Session ${sessionId} not found`, {
    userMessage: 'That interview does not exist in this workspace.',
    context: { session_id: sessionId },
  });
}

/** Only the candidate, a workspace admin, or the bot itself may steer a session. */
export function assertMaySteer(session: Pick<Session, 'id' | 'ownerUserId'>, actor: Actor, action: string): void {
  if (actor.kind === 'system' || actor.kind === 'admin' || actor.userId === session.ownerUserId) return;
  throw new InterviewPlatformError('FORBIDDEN', `User ${actor.userId} may not ${action} session ${session.id}`, {
    userMessage: `Only the candidate (or a workspace admin) can ${action} this interview.`,
    context: { session_id: session.id, actor: actor.userId, action },
  });
}

export function notAcceptingInput(sessionId: string, status: SessionStatus): InterviewPlatformError {
  const userMessage =
    status === 'paused'
      ? 'This interview is paused, so your message was not sent to the interviewer. Resume it with `/interview resume`.'
      : status === 'completed'
        ? 'This interview has ended and takes no more answers. Start a new one with `/interview start`.'
        : 'This interview has not started yet.';
  return new InterviewPlatformError('SESSION_NOT_ACTIVE', `Session ${sessionId} is ${status}; input refused`, {
    userMessage,
    context: { session_id: sessionId, status },
  });
}

export function componentFailure(component: string, sessionId: string, cause: unknown, userMessage: string): InterviewPlatformError {
  return new InterviewPlatformError('COMPONENT_FAILURE', `${component} failed`, {
    cause,
    userMessage,
    context: { session_id: sessionId, component },
  });
}

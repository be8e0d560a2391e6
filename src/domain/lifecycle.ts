import { InterviewPlatformError } from './errors.js';
import type { SessionStatus } from './types.js';

// Every status change goes through this table: one place decides what is allowed.
export type LifecycleAction = 'start' | 'pause' | 'resume' | 'end';

const TRANSITIONS: Record<LifecycleAction, { from: readonly SessionStatus[]; to: SessionStatus }> = {
  start: { from: ['created'], to: 'active' },
  pause: { from: ['active'], to: 'paused' },
  resume: { from: ['paused'], to: 'active' },
  // Ending an interview that never started is allowed: it frees the user's live slot.
  end: { from: ['created', 'active', 'paused'], to: 'completed' },
};

const REFUSALS: Record<LifecycleAction, Partial<Record<SessionStatus, string>>> = {
  start: {
    active: 'This interview has already started.',
    paused: 'This interview has already started and is paused; resume it instead.',
    completed: 'This interview has ended; start a new one.',
  },
  pause: {
    created: 'This interview has not started yet.',
    paused: 'This interview is already paused.',
    completed: 'This interview has ended.',
  },
  resume: {
    created: 'This interview has not started yet.',
    active: 'This interview is not paused.',
    completed: 'This interview has ended; start a new one.',
  },
  end: { completed: 'This interview has already ended.' },
};

export function nextStatus(action: LifecycleAction, current: SessionStatus, sessionId: string): SessionStatus {
  const rule = TRANSITIONS[action];
  if (rule.from.includes(current)) return rule.to;
  throw new InterviewPlatformError('INVALID_TRANSITION', `Cannot ${action} a session that is ${current}`, {
    userMessage: REFUSALS[action][current] ?? `You cannot ${action} this interview now.`,
    context: { session_id: sessionId, action, status: current },
  });
}

export function isLive(status: SessionStatus): boolean {
  return status !== 'completed';
}

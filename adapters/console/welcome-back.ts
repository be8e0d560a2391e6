import type { SessionManager } from '../../src/session/session-manager.js';

/** A returning user's open interview: what it is, the time left, and the question waiting for them. */
export async function welcomeBack(sessions: SessionManager, owner: { platform: 'console'; workspaceId: string; userId: string }): Promise<string | null> {
  const live = await sessions.getActiveSession(owner);
  if (!live || live.status === 'created') return null;
  const transcript = await sessions.getTranscript(live.id, owner);
  const question = transcript.filter((m) => m.role === 'interviewer').at(-1)?.content;
  const left = Math.max(0, Math.round((live.config.durationMinutes * 60_000 - live.activeDurationMs) / 60_000));
  const state = live.status === 'paused' ? 'paused; `/interview resume` to go on' : 'still running';
  return [`Welcome back. Your interview on ${live.topic ?? 'system design'} is ${state}, with about ${left} minute${left === 1 ? '' : 's'} left.`, question ? `The last question was:\n\nInterviewer: ${question}` : ''].filter(Boolean).join('\n');
}

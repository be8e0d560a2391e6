import type { SessionManager } from '../../src/session/session-manager.js';

/**
 * The last interview's evaluation, if the user quit (or skipped the wait) before it was written:
 * it is written again now (composition-root reopens it) and printed here when ready.
 */
async function owedEvaluation(sessions: SessionManager, owner: { platform: 'console'; workspaceId: string; userId: string }): Promise<string | null> {
  const [last] = (await sessions.listSessions({ owner, limit: 1 })).items;
  if (!last || last.status !== 'completed' || !last.startedAt) return null;
  const report = await sessions.getEvaluation(last.id, owner);
  return report?.status === 'pending' ? `Welcome back. The evaluation of your interview on ${last.topic ?? 'system design'} is being written now; it will appear here.` : null;
}

/** A returning user's open interview: what it is, the time left, and the question waiting for them. */
export async function welcomeBack(sessions: SessionManager, owner: { platform: 'console'; workspaceId: string; userId: string }): Promise<string | null> {
  const live = await sessions.getActiveSession(owner);
  if (!live) return owedEvaluation(sessions, owner);
  if (live.status === 'created') return null;
  const transcript = await sessions.getTranscript(live.id, owner);
  const question = transcript.filter((m) => m.role === 'interviewer').at(-1)?.content;
  const left = Math.max(0, Math.round((live.config.durationMinutes * 60_000 - live.activeDurationMs) / 60_000));
  const state = live.status === 'paused' ? 'paused; `/interview resume` to go on' : 'still running';
  return [`Welcome back. Your interview on ${live.topic ?? 'system design'} is ${state}, with about ${left} minute${left === 1 ? '' : 's'} left.`, question ? `The last question was:\n\nInterviewer: ${question}` : ''].filter(Boolean).join('\n');
}

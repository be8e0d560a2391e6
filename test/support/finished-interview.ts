import type { ChatRouter } from '../../src/chat/chat-router.js';
import type { Platform, Session } from '../../src/domain/types.js';
import type { SessionManager } from '../../src/session/session-manager.js';
import { until } from './queue-backends.js';

export const INTERVIEW_ANSWERS = [
  'Users paste a long URL and get a short code; redirects must take under 50 ms at p99 and the service must stay available.',
  'About 100M new links a day is roughly 1,160 writes per second, and reads are 10x that, so 11,600 redirects per second.',
  'I would store the mapping in a key-value store keyed by the short code, because lookups are by key only; the cost is no range queries.',
];

/**
 * A URL shortener interview done through the router: started, answered three times (each answer
 * waiting for its reply in the transcript), ended, and evaluated. Returns the finished session.
 */
export async function finishedInterview(
  stack: { router: ChatRouter; sessions: SessionManager },
  where: { platform: Platform; workspaceId: string; channelId: string; userId: string; displayName?: string },
): Promise<Session> {
  const user = { userId: where.userId, displayName: where.displayName ?? `Name ${where.userId}` };
  const scope = { platform: where.platform, workspaceId: where.workspaceId };
  const command = (text: string) => stack.router.handleCommand({ ...scope, channelId: where.channelId, user, text }, async () => undefined);
  await command('start url shortener');
  const owner = { ...scope, userId: where.userId };
  const live = await stack.sessions.getActiveSession(owner);
  if (!live?.threadId) throw new Error('the interview did not start');
  const actor = { ...owner, kind: 'user' as const };
  for (const [i, text] of INTERVIEW_ANSWERS.entries()) {
    await stack.router.handleThreadMessage({ ...scope, channelId: where.channelId, threadId: live.threadId, user, text, messageId: `answer-${live.id}-${i}` }, async () => undefined);
    await until(async () => (await stack.sessions.getTranscript(live.id, actor)).filter((m) => m.role === 'interviewer').length >= i + 2, 20_000, `reply ${i + 1}`);
  }
  await command('end');
  await until(async () => (await stack.sessions.getEvaluation(live.id, scope))?.status === 'completed', 20_000, 'evaluation');
  return stack.sessions.getSession(live.id, actor);
}

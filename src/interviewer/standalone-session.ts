import type { InterviewContext } from '../domain/ports.js';
import type { Session, SessionConfig } from '../domain/types.js';

/** A session object for driving an interviewer directly, without storage (the quality suite, tests). */
export function standaloneSession(topic: string, config: Partial<SessionConfig> = {}): Session {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    platform: 'console',
    workspaceId: 'local',
    ownerUserId: 'me',
    ownerDisplayName: null,
    channelId: null,
    threadId: null,
    status: 'active',
    topic,
    config: { enabledModes: ['text'], aiProvider: 'offline', aiModel: 'offline', durationMinutes: 45, ...config },
    createdAt: new Date(0),
    startedAt: new Date(0),
    pausedAt: null,
    endedAt: null,
    activeDurationMs: 0,
    overallScore: null,
  };
}

/** The interviewer's view of the session `elapsedMs` of active time in. */
export function contextAfter(session: Session, elapsedMs: number): InterviewContext {
  const total = session.config.durationMinutes * 60_000;
  return { session: { ...session, activeDurationMs: elapsedMs }, elapsedActiveMs: elapsedMs, remainingActiveMs: Math.max(0, total - elapsedMs) };
}

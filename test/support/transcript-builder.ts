import type { InterviewContext, InterviewerReply } from '../../src/domain/ports.js';
import type { Session, SessionConfig, TranscriptMessage } from '../../src/domain/types.js';

/** A session object for driving an interviewer directly, without storage. */
export function sessionFor(config: Partial<SessionConfig> = {}): Session {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    platform: 'console',
    workspaceId: 'local',
    ownerUserId: 'me',
    ownerDisplayName: null,
    channelId: null,
    threadId: null,
    status: 'active',
    topic: 'URL shortener',
    config: { enabledModes: ['text'], aiProvider: 'offline', aiModel: 'offline', durationMinutes: 45, ...config },
    createdAt: new Date(0),
    startedAt: new Date(0),
    pausedAt: null,
    endedAt: null,
    activeDurationMs: 0,
    overallScore: null,
  };
}

export function contextAt(session: Session, elapsedMinutes: number): InterviewContext {
  const total = session.config.durationMinutes * 60_000;
  const elapsed = elapsedMinutes * 60_000;
  return { session: { ...session, activeDurationMs: elapsed }, elapsedActiveMs: elapsed, remainingActiveMs: Math.max(0, total - elapsed) };
}

/** Keeps a transcript as SessionManager would store it. */
export class TranscriptBuilder {
  readonly messages: TranscriptMessage[] = [];

  interviewer(reply: InterviewerReply): this {
    return this.push('interviewer', reply.content, reply.metadata ?? {});
  }

  candidate(content: string): this {
    return this.push('candidate', content, {});
  }

  private push(role: TranscriptMessage['role'], content: string, metadata: Record<string, unknown>): this {
    this.messages.push({
      sessionId: '00000000-0000-4000-8000-000000000001',
      seq: this.messages.length + 1,
      role,
      mode: 'text',
      content,
      authorUserId: role === 'candidate' ? 'me' : null,
      platformMessageId: null,
      replyToSeq: role === 'interviewer' && this.messages.length ? this.messages.length : null,
      metadata,
      createdAt: new Date(0),
    });
    return this;
  }
}

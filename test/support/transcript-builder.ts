import type { InterviewContext, InterviewerReply } from '../../src/domain/ports.js';
import type { Session, SessionConfig, TranscriptMessage } from '../../src/domain/types.js';
import { contextAfter, standaloneSession } from '../../src/interviewer/standalone-session.js';

/** A session object for driving an interviewer directly, without storage. */
export function sessionFor(config: Partial<SessionConfig> = {}): Session {
  return standaloneSession('URL shortener', config);
}

export function contextAt(session: Session, elapsedMinutes: number): InterviewContext {
  return contextAfter(session, elapsedMinutes * 60_000);
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

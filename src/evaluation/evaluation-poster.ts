import type { ChatPorts, ThreadTarget } from '../chat/chat-port.js';
import type { OutboundMessage } from '../chat/outbound-message.js';
import { InterviewPlatformError } from '../domain/errors.js';
import type { Clock } from '../domain/ports.js';
import type { EvaluationReport, SessionRef } from '../domain/types.js';
import type { Logger } from '../logging/logger.js';
import type { DataStore } from '../storage/data-store.js';
import type { SessionRow } from '../storage/row-mappers.js';

export type PostOutcome = 'posted' | 'already-posted' | 'no-thread' | 'never-started';

/**
 * Posts evaluations (and the notices around them) into the session's thread. Posting is
 * recorded: the message id is stored and a retried job that finds it does not post again. The
 * attempt is recorded before the call, so a crash between the platform's answer and our write
 * shows up in the logs as a possible repeat, and the idempotency key lets platforms that can
 * deduplicate do so.
 */
export class EvaluationPoster {
  constructor(
    private readonly store: DataStore,
    private readonly chat: ChatPorts,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async postEvaluation(ref: SessionRef, report: EvaluationReport): Promise<PostOutcome> {
    const session = await this.store.sessions.find(ref);
    const target = session && targetOf(session);
    if (!session || !target) {
      this.logger.warn({ operation: 'post_evaluation', session_id: ref.sessionId }, 'Session has no thread; evaluation stored but not posted');
      return 'no-thread';
    }
    // An interview abandoned before its first question has nothing worth a card in the thread.
    if (!session.started_at) return 'never-started';
    const claim = await this.store.transaction((tx) => tx.evaluations.claimPost(ref, this.clock.now()));
    if (!claim.claimed) return 'already-posted';
    if (claim.previousAttempt) {
      this.logger.warn({ operation: 'post_evaluation', session_id: ref.sessionId, metadata: { previous_attempt: claim.previousAttempt } }, 'Retrying a post whose outcome was not recorded');
    }
    const message: OutboundMessage = { kind: 'evaluation', report, topic: session.topic, candidate: session.owner_display_name };
    const posted = await this.port(ref).postInThread(target, message, { idempotencyKey: `evaluation-${ref.sessionId}` });
    await this.store.evaluations.markPosted(ref.sessionId, posted.messageId, this.clock.now());
    this.logger.info({ operation: 'post_evaluation', session_id: ref.sessionId, metadata: { message_id: posted.messageId, overall_score: report.overallScore } }, 'Evaluation posted');
    return 'posted';
  }

  /** A plain notice in the session's thread (timer warnings, failures). */
  async postNotice(ref: SessionRef, text: string, tone: 'info' | 'warning' | 'error' = 'info'): Promise<void> {
    const session = await this.store.sessions.find(ref);
    const target = session && targetOf(session);
    if (!target) return;
    await this.port(ref).postInThread(target, { kind: 'notice', text, tone });
  }

  private port(ref: SessionRef) {
    const port = this.chat.for(ref.platform);
    if (!port) {
      throw new InterviewPlatformError('COMPONENT_FAILURE', `No chat adapter for ${ref.platform} in this process`, { context: { session_id: ref.sessionId, platform: ref.platform } });
    }
    return port;
  }
}

function targetOf(row: SessionRow): ThreadTarget | null {
  if (!row.channel_id || !row.thread_id) return null;
  return { platform: row.platform as ThreadTarget['platform'], workspaceId: row.workspace_id, channelId: row.channel_id, threadId: row.thread_id };
}

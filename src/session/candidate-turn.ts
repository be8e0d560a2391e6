import { InterviewPlatformError, isPlatformError } from '../domain/errors.js';
import type { AiInterviewer, Clock } from '../domain/ports.js';
import type { CandidateMessageInput, SessionRef, SessionStatus, TranscriptMessage, TurnResult } from '../domain/types.js';
import type { Logger } from '../logging/logger.js';
import type { DataStore } from '../storage/data-store.js';
import { toMessage, toSession } from '../storage/row-mappers.js';
import { interviewContext } from './interview-context.js';
import { validateCandidateText } from './message-validation.js';
import { componentFailure, notAcceptingInput, sessionNotFound } from './session-errors.js';
import type { TurnLock } from './turn-lock.js';

interface Recorded {
  candidate: TranscriptMessage;
  earlierReply: TranscriptMessage | null;
  duplicate: boolean;
}

/**
 * One candidate turn: store the message (durably, before the LLM is asked, so a failing or slow
 * interviewer loses nothing), ask the interviewer, store its reply. Turns of one session run one
 * at a time (TurnLock), so each reply directly follows the message it answers.
 */
export class CandidateTurn {
  constructor(
    private readonly store: DataStore,
    private readonly interviewer: AiInterviewer,
    private readonly turnLock: TurnLock,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly maxMessageChars: number,
  ) {}

  async handle(sessionId: string, input: CandidateMessageInput): Promise<TurnResult> {
    const content = validateCandidateText(input.content, this.maxMessageChars);
    const ref: SessionRef = { platform: input.author.platform, workspaceId: input.author.workspaceId, sessionId };
    return this.turnLock.run(ref, async () => {
      const recorded = await this.record(ref, input, content);
      if (recorded.earlierReply) {
        return { candidateMessage: recorded.candidate, reply: recorded.earlierReply, duplicate: true };
      }
      // A redelivered message that was never answered gets its first answer now: not a duplicate.
      const reply = await this.answer(ref, recorded.candidate, input.onReplyDelta);
      return { candidateMessage: recorded.candidate, reply, duplicate: false };
    });
  }

  private async record(ref: SessionRef, input: CandidateMessageInput, content: string): Promise<Recorded> {
    return this.store.transaction(async (tx) => {
      const row = await tx.sessions.find(ref, { forUpdate: true });
      if (!row) throw sessionNotFound(ref.sessionId);
      if (input.author.userId !== row.owner_user_id) {
        throw new InterviewPlatformError('FORBIDDEN', `User ${input.author.userId} is not the candidate of ${ref.sessionId}`, {
          userMessage: 'Only the candidate answers in this interview.',
          context: { session_id: ref.sessionId, actor: input.author.userId },
        });
      }
      if (input.platformMessageId) {
        const seen = await tx.messages.findByPlatformId(ref, input.platformMessageId);
        if (seen) {
          const earlier = await tx.messages.findReplyTo(ref, seen.seq);
          // Seen but never answered (the interviewer failed last time): answer it now if we may.
          if (!earlier && row.status !== 'active') throw notAcceptingInput(ref.sessionId, row.status as SessionStatus);
          return { candidate: toMessage(seen), earlierReply: earlier ? toMessage(earlier) : null, duplicate: true };
        }
      }
      if (row.status !== 'active') throw notAcceptingInput(ref.sessionId, row.status as SessionStatus);
      const mode = input.mode ?? 'text';
      const enabled = (row.config as { enabledModes?: string[] }).enabledModes ?? ['text'];
      if (!enabled.includes(mode)) {
        throw new InterviewPlatformError('INVALID_INPUT', `Mode ${mode} is not enabled for ${ref.sessionId}`, {
          userMessage: `This interview does not take ${mode} input; answer in text.`,
          context: { session_id: ref.sessionId, mode },
        });
      }
      const candidate = await tx.appendMessage(
        ref,
        { role: 'candidate', mode, content, authorUserId: input.author.userId, platformMessageId: input.platformMessageId },
        this.clock.now(),
      );
      return { candidate, earlierReply: null, duplicate: false };
    });
  }

  private async answer(ref: SessionRef, candidate: TranscriptMessage, onDelta?: (delta: string) => void): Promise<TranscriptMessage> {
    const sessionRow = await this.store.sessions.find(ref);
    if (!sessionRow) throw sessionNotFound(ref.sessionId);
    const transcript = (await this.store.messages.list(ref)).map(toMessage);
    let reply;
    try {
      reply = await this.interviewer.reply(interviewContext(toSession(sessionRow, this.clock.now())), transcript, { onDelta });
    } catch (error) {
      if (isPlatformError(error, 'RATE_LIMITED')) {
        throw new InterviewPlatformError('RATE_LIMITED', error.message, {
          cause: error,
          userMessage: 'The interviewer is busy right now (rate limited). Your message is saved; send it again in a minute.',
          context: { session_id: ref.sessionId },
        });
      }
      throw componentFailure(
        'AiInterviewer',
        ref.sessionId,
        error,
        'The interviewer could not answer just now. Your message is saved; send it again or add to it in a moment.',
      );
    }
    const stored = await this.store.transaction((tx) =>
      tx.appendMessage(ref, { role: 'interviewer', content: reply.content, replyToSeq: candidate.seq, metadata: reply.metadata }, this.clock.now()),
    );
    this.logger.debug({ operation: 'handle_candidate_message', session_id: ref.sessionId, metadata: { seq: candidate.seq, reply_seq: stored.seq } }, 'Turn answered');
    return stored;
  }
}

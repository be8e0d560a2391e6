import { InterviewPlatformError } from '../domain/errors.js';
import type { Clock } from '../domain/ports.js';
import type { Actor, CandidateMessageInput, RecordedMessage, Session, SessionRef, ThreadLocation, TranscriptMessage, WorkspaceScope } from '../domain/types.js';
import type { SessionWork } from '../queue/session-work.js';
import type { DataStore } from '../storage/data-store.js';
import { isUniqueViolation } from '../storage/storage-error.js';
import type { ThreadLookup } from '../storage/turn-repository.js';
import { validateCandidateText } from './message-validation.js';
import { recordObserverNote } from './observer-note.js';
import { notAcceptingInput, sessionNotFound } from './session-errors.js';

/** What a message in a thread turned out to be. */
export type ThreadMessageResult =
  | { kind: 'not-an-interview' }
  | { kind: 'observer-note'; sessionId: string }
  /** Someone else's message in a channel whose settings drop observers' messages: not recorded. */
  | { kind: 'observer-dropped'; sessionId: string }
  | { kind: 'answer'; sessionId: string; recorded: RecordedMessage };

export interface ReceiveOptions {
  /**
   * Asked only for a message from someone other than the candidate (never on an answer's path):
   * false means the channel drops observers' messages, so it is not recorded.
   */
  keepObserverNotes?: () => Promise<boolean>;
}

/**
 * The bot's side of a candidate turn, all of it before the platform is acknowledged: find the
 * session (one query, which also says whether this platform message was seen), store the
 * message with its pending turn (one statement), and hand the turn to the queue without
 * waiting. The interviewer answers later, in a turn worker.
 */
export class CandidateInbox {
  constructor(
    private readonly store: DataStore,
    private readonly work: SessionWork,
    private readonly clock: Clock,
    private readonly maxChars: number,
  ) {}

  /** A message in a thread: the candidate's answer, someone else's note, or not ours. */
  async receive(scope: WorkspaceScope, location: ThreadLocation, input: CandidateMessageInput, options: ReceiveOptions = {}): Promise<ThreadMessageResult> {
    // The busy path is a new, valid answer: one statement records it, or says something else is
    // going on (and the slow path below finds out what, refusing invalid text only to the candidate).
    // A refused voice message (attachments/classify-inbound.ts) is never stored: the slow path tells the candidate.
    const content = typeof input.metadata?.refusal === 'string' ? null : validText(input.content, this.maxChars);
    const recorded = content === null ? undefined : await this.recordNew(scope, location, input, content);
    if (recorded) return recorded;
    const found = await this.store.turns.lookupThread(scope, location.channelId, location.threadId, input.platformMessageId ?? null, this.clock.now());
    if (!found) return { kind: 'not-an-interview' };
    const sessionId = found.session.id;
    if (input.author.userId !== found.session.ownerUserId) {
      if (options.keepObserverNotes && !(await options.keepObserverNotes())) return { kind: 'observer-dropped', sessionId };
      await recordObserverNote(this.store, this.clock, this.maxChars, sessionId, { author: input.author, content: input.content, platformMessageId: input.platformMessageId });
      return { kind: 'observer-note', sessionId };
    }
    return { kind: 'answer', sessionId, recorded: await this.record(found, input) };
  }

  private async recordNew(scope: WorkspaceScope, location: ThreadLocation, input: CandidateMessageInput, content: string): Promise<ThreadMessageResult | undefined> {
    let message;
    try {
      message = await this.store.turns.recordInThread(
        scope,
        location,
        { authorUserId: input.author.userId, content, mode: input.mode ?? 'text', platformMessageId: input.platformMessageId ?? null, metadata: input.metadata },
        this.clock.now(),
      );
    } catch (error) {
      // The same platform message arrived twice at once: the slow path finds the stored one.
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
    if (!message) return undefined;
    const ref: SessionRef = { platform: scope.platform, workspaceId: scope.workspaceId, sessionId: message.sessionId };
    return { kind: 'answer', sessionId: message.sessionId, recorded: this.accepted(ref, message) };
  }

  /**
   * The candidate edited an answer: before the interviewer has started on it, the edit replaces
   * the stored text; after, it is not re-read ('answered', the caller says so privately).
   */
  async edit(scope: WorkspaceScope, location: ThreadLocation, input: CandidateMessageInput & { platformMessageId: string }): Promise<'replaced' | 'answered' | 'unknown'> {
    const content = validateCandidateText(input.content, this.maxChars);
    return this.store.turns.editPending(scope, location, input.platformMessageId, input.author.userId, content);
  }

  /** The candidate's answer to a session known by id (the spec's entry point; tests). */
  async submit(sessionId: string, input: CandidateMessageInput): Promise<RecordedMessage> {
    const ref: SessionRef = { platform: input.author.platform, workspaceId: input.author.workspaceId, sessionId };
    const found = await this.lookup(ref, input.platformMessageId);
    if (input.author.userId !== found.session.ownerUserId) throw notTheCandidate(found.session, input.author);
    return this.record(found, input);
  }

  private async record(found: ThreadLookup, input: CandidateMessageInput): Promise<RecordedMessage> {
    const { session } = found;
    const ref: SessionRef = { platform: session.platform, workspaceId: session.workspaceId, sessionId: session.id };
    if (found.duplicate) return this.redelivered(ref, found.duplicate);
    const content = validateCandidateText(input.content, this.maxChars);
    if (session.status !== 'active') throw notAcceptingInput(session.id, session.status);
    const refusal = input.metadata?.refusal;
    if (typeof refusal === 'string') throw new InterviewPlatformError('INVALID_INPUT', 'Voice message refused', { userMessage: refusal, context: { session_id: session.id } });
    let mode = input.mode ?? 'text';
    // A diagram typed in chat (read by attachments/classify-inbound.ts) in an interview started
    // without whiteboard mode is an ordinary answer, as it was before; an image is refused below.
    if (mode === 'whiteboard' && !session.config.enabledModes.includes(mode) && input.metadata?.diagram && !Array.isArray(input.metadata.attachments)) mode = 'text';
    if (!session.config.enabledModes.includes(mode)) {
      throw new InterviewPlatformError('INVALID_INPUT', `Mode ${mode} is not enabled for ${session.id}`, {
        userMessage: `This interview does not take ${mode} input; answer in text.`,
        context: { session_id: session.id, mode },
      });
    }
    let message;
    try {
      message = await this.store.turns.recordCandidate(
        ref,
        { authorUserId: input.author.userId, content, mode, platformMessageId: input.platformMessageId ?? null, metadata: input.metadata },
        this.clock.now(),
      );
    } catch (error) {
      // The same platform message arrived twice at once: the other delivery stored it.
      if (!isUniqueViolation(error) || !input.platformMessageId) throw error;
      const again = await this.lookup(ref, input.platformMessageId);
      if (again.duplicate) return this.redelivered(ref, again.duplicate);
      throw error;
    }
    if (!message) {
      // Paused or ended between the lookup and the insert.
      const now = await this.lookup(ref, input.platformMessageId);
      throw notAcceptingInput(session.id, now.session.status);
    }
    return this.accepted(ref, message);
  }

  /** Stored with its pending turn: the turn goes to the queue (after the caller's ack). */
  private accepted(ref: SessionRef, message: TranscriptMessage): RecordedMessage {
    this.work.turn(ref, message.seq);
    return { message, duplicate: false, pending: true };
  }

  /** Seen before: nothing new is stored; a turn that is still pending gets its job again. */
  private redelivered(ref: SessionRef, duplicate: NonNullable<ThreadLookup['duplicate']>): RecordedMessage {
    const pending = duplicate.turnState === 'pending';
    if (pending) this.work.turn(ref, duplicate.message.seq);
    return { message: duplicate.message, duplicate: true, pending };
  }

  private async lookup(ref: SessionRef, platformMessageId: string | undefined): Promise<ThreadLookup> {
    const found = await this.store.turns.lookupSession(ref, platformMessageId ?? null, this.clock.now());
    if (!found) throw sessionNotFound(ref.sessionId);
    return found;
  }
}

function validText(raw: string, maxChars: number): string | null {
  try {
    return validateCandidateText(raw, maxChars);
  } catch {
    return null;
  }
}

function notTheCandidate(session: Session, author: Actor): InterviewPlatformError {
  return new InterviewPlatformError('FORBIDDEN', `User ${author.userId} is not the candidate of ${session.id}`, {
    userMessage: 'Only the candidate answers in this interview.',
    context: { session_id: session.id, actor: author.userId },
  });
}

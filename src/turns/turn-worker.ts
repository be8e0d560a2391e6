import { randomUUID } from 'node:crypto';
import type { Transcriber } from '../attachments/voice-policy.js';
import { hearVoiceTurn, heardMessages, isUntranscribed, NOT_TRANSCRIBED, retryAfterMs, untranscribed, withTranscript } from '../attachments/voice-turn.js';
import type { ChatPorts, ThreadTarget } from '../chat/chat-port.js';
import { RetryLater } from '../domain/errors.js';
import type { AiInterviewer, Clock, InterviewerState } from '../domain/ports.js';
import type { Session, SessionRef, TranscriptMessage } from '../domain/types.js';
import type { DeliveryWorker } from '../delivery/delivery-worker.js';
import type { Logger } from '../logging/logger.js';
import type { AppMetrics } from '../observability/metrics.js';
import { interviewContext } from '../session/interview-context.js';
import type { SessionWork } from '../queue/session-work.js';
import { keepLease } from '../session/lease-keeper.js';
import type { DataStore } from '../storage/data-store.js';
import { toSession } from '../storage/row-mappers.js';
import { TurnProgress } from './turn-progress.js';

export interface TurnWorkerDeps {
  store: DataStore;
  work: SessionWork;
  interviewer: AiInterviewer;
  chat: ChatPorts;
  deliveries: DeliveryWorker;
  clock: Clock;
  logger: Logger;
  leaseMs: number;
  metrics?: AppMetrics;
  /** Transcribes a pending voice message before the interviewer reads it (OPENAI_API_KEY set). */
  transcriber?: Transcriber;
}

const UNANSWERED =
  'The interviewer could not answer your last message (the AI service is failing right now). Your message is saved and counts toward your evaluation; send another message to carry on.';

/**
 * Answers a session's pending candidate turns, strictly in order and one at a time across
 * processes: it takes the session's turn lease (short, renewed while the interviewer works, so
 * a crashed worker frees the session in seconds), loads the oldest pending turn with what the
 * interviewer needs, asks it, and stores the reply with its delivery in one statement that
 * also checks the lease, so no turn is ever answered twice. Then it posts the reply at once;
 * the delivery job takes over if that fails.
 */
export class TurnWorker {
  constructor(private readonly deps: TurnWorkerDeps) {}

  /**
   * `finalAttempt`: the queue will not retry, so a turn the interviewer cannot answer is closed.
   * `retried`: an earlier attempt failed, and may have left a placeholder to reuse.
   */
  async run(ref: SessionRef, finalAttempt = false, retried = false): Promise<void> {
    const { store, clock, leaseMs, logger } = this.deps;
    const token = randomUUID();
    const window = this.deps.interviewer.recentMessages;
    const leased = await store.turns.acquire(ref, token, leaseMs, window, clock.now());
    // Busy: the holder answers this turn too before it lets go. Idle: nothing is pending.
    if (!leased) return;
    const keeper = keepLease(store, 'turn', ref, token, leaseMs, logger);
    let { session, interviewerState: state, messages } = leased;
    try {
      for (;;) {
        const turn = messages.at(-1);
        if (!turn) {
          await store.leases.release('turn', ref, token);
          return;
        }
        const outcome =
          session.status === 'completed'
            ? { more: await store.turns.skip(ref, token, turn.seq), state }
            : await this.answer(ref, token, session, state, messages, turn, finalAttempt, retried);
        if ('lost' in outcome) {
          // What this worker read was stale (a race at the lease's hand-over): start over from
          // what the database says now, if the lease is still ours to give back.
          await store.leases.release('turn', ref, token);
          keeper.stop();
          return this.run(ref, finalAttempt, retried);
        }
        if (!outcome.more) return;
        state = outcome.state;
        // A burst: the next turn waits in line; the session may have been paused or ended meanwhile.
        const row = await store.sessions.find(ref);
        if (!row) return;
        session = toSession(row, clock.now());
        messages = await store.turns.loadTurn(ref.sessionId, state?.throughSeq ?? 0, window);
      }
    } catch (error) {
      await store.leases.release('turn', ref, token).catch(() => undefined);
      throw error;
    } finally {
      keeper.stop();
    }
  }

  private async answer(
    ref: SessionRef,
    token: string,
    session: Session,
    state: InterviewerState | null,
    messages: TranscriptMessage[],
    turn: TranscriptMessage,
    finalAttempt: boolean,
    retried: boolean,
  ): Promise<{ more: boolean; state: InterviewerState | null } | { lost: true }> {
    const { store, interviewer, clock, logger } = this.deps;
    const target = threadOf(session);
    const port = target ? this.deps.chat.for(session.platform) : undefined;
    const progress = new TurnProgress(port, target, `${ref.sessionId}:turn-${turn.seq}`);
    const started = Date.now();
    let reply;
    let transcript: string | undefined;
    try {
      // After the ack, here: a voice message is downloaded and transcribed; a failure retries the turn.
      if (turn.mode === 'audio' && this.deps.transcriber) ({ messages, transcript } = await hearVoiceTurn(store, this.deps.transcriber, session, messages));
      // Shown once the transcript is in: a failed transcription's retry would leave its placeholder behind.
      if (interviewer.streams) progress.begin(retried);
      reply = await interviewer.reply(interviewContext(session), { state, messages: heardMessages(messages) }, { onDelta: interviewer.streams ? progress.push : undefined });
    } catch (error) {
      const placeholder = await progress.settle();
      if (placeholder && port && target) {
        const text = finalAttempt ? '(No reply: see the note only you can see.)' : '_Still thinking…_';
        await port.update(target, placeholder, { kind: 'notice', tone: 'info', text }).catch(() => undefined);
      }
      const voice = isUntranscribed(error);
      if (!finalAttempt) throw new RetryLater(`${voice ? 'Transcription' : 'Interviewer'} failed on turn ${turn.seq}`, voice ? retryAfterMs(error) : undefined, { cause: error });
      logger.error({ operation: 'answer_turn', session_id: ref.sessionId, metadata: { seq: turn.seq }, error }, `${voice ? 'Transcription' : 'Interviewer'} failed on the last attempt; turn closed without a reply`);
      // A voice message never heard is marked, not left as an answer (see `untranscribed`).
      const more = await store.turns.skip(ref, token, turn.seq, voice ? untranscribed(turn) : undefined);
      if (port && target) await port.notifyPrivately(target, session.ownerUserId, { kind: 'notice', tone: 'error', text: voice ? NOT_TRANSCRIBED : UNANSWERED }).catch(() => undefined);
      return { more, state };
    }
    const placeholderId = await progress.settle();
    const deliveryToken = randomUUID();
    const stored = await store.turns.storeReply(
      ref,
      token,
      turn.seq,
      { content: reply.content, metadata: reply.metadata ?? {}, state: reply.state, delivery: { kind: 'question', text: withTranscript(reply.content, transcript) }, placeholderId },
      deliveryToken,
      this.deps.leaseMs,
      clock.now(),
    );
    if (!stored) {
      // The lease was lost, or another worker answered this turn first: this reply is dropped.
      logger.warn({ operation: 'answer_turn', session_id: ref.sessionId, metadata: { seq: turn.seq } }, 'Turn answered elsewhere or lease lost; reply dropped');
      return { lost: true as const };
    }
    logger.debug({ operation: 'answer_turn', session_id: ref.sessionId, metadata: { seq: turn.seq, reply_seq: stored.reply.seq, ms: Date.now() - started } }, 'Turn answered');
    this.deps.metrics?.turnSeconds.observe((clock.now().getTime() - turn.createdAt.getTime()) / 1000);
    // Posted at once when nothing else waits to be posted first; otherwise in its turn, by the delivery job.
    if (stored.delivery && stored.deliveryLeased) await this.deps.deliveries.deliverClaimed(ref, deliveryToken, stored.delivery);
    else if (stored.delivery) this.deps.work.delivery(ref, stored.delivery.ref.seq);
    return { more: stored.more, state: reply.state };
  }
}

function threadOf(session: Session): ThreadTarget | null {
  if (!session.channelId || !session.threadId) return null;
  return { platform: session.platform, workspaceId: session.workspaceId, channelId: session.channelId, threadId: session.threadId };
}

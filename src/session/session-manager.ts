import { randomUUID } from 'node:crypto';
import { InterviewPlatformError, isPlatformError } from '../domain/errors.js';
import { nextStatus } from '../domain/lifecycle.js';
import {
  EVALUATION_JOB,
  TIMER_JOBS,
  systemClock,
  type AiInterviewer,
  type Clock,
  type CommunicationManagerPort,
  type JobQueue,
} from '../domain/ports.js';
import type {
  Actor,
  CandidateMessageInput,
  EvaluationReport,
  RecordedMessage,
  Session,
  SessionConfig,
  SessionOwner,
  SessionRef,
  SessionStatus,
  StartResult,
  ThreadLocation,
  TranscriptMessage,
  WorkspaceScope,
} from '../domain/types.js';
import type { OutboundMessage } from '../chat/outbound-message.js';
import { Outgoing } from '../delivery/outgoing.js';
import { SessionWork } from '../queue/session-work.js';
import type { EvaluationManager } from '../evaluation/evaluation-manager.js';
import { componentLogger, type Logger } from '../logging/logger.js';
import { OutboxDispatcher } from '../queue/outbox-dispatcher.js';
import { SHARE_JOB, SHARE_JOB_RETRY } from '../export/share-job.js';
import { Shares } from '../export/shares.js';
import type { DataStore } from '../storage/data-store.js';
import { creationConflict } from './creation-conflict.js';
import { promiseEvaluationRetry } from './evaluation-retry.js';
import { CandidateInbox, type ReceiveOptions, type ThreadMessageResult } from './candidate-inbox.js';
import { scopeOf, SessionQueries } from './session-queries.js';
import { interviewContext } from './interview-context.js';
import { awaitEvaluation, awaitReply } from './session-waits.js';
import { validateSessionConfig } from './session-config.js';
import { assertMaySteer, componentFailure } from './session-errors.js';
import { applyStatusChange, evaluationDedupeKey, lockSession, rescheduleTimers } from './status-change.js';

export interface SessionManagerOptions {
  maxMessageChars: number;
  evaluationPollMs: number;
  evaluationJob: { attempts: number; backoffMs: number };
}

export interface SessionManagerDeps {
  dataStore: DataStore;
  aiInterviewer: AiInterviewer;
  evaluationManager: EvaluationManager;
  communicationManager: CommunicationManagerPort;
  jobQueue: JobQueue;
  logger: Logger;
  clock?: Clock;
  /** Hands recorded turns and posts to the queue; built from jobQueue when not given. */
  work?: SessionWork;
  options?: Partial<SessionManagerOptions>;
}

const DEFAULTS: SessionManagerOptions = {
  maxMessageChars: 60_000,
  evaluationPollMs: 100,
  evaluationJob: { attempts: 5, backoffMs: 2_000 },
};


/**
 * Orchestrates an interview's life (spec: session-manager.md): create, start, pause, resume,
 * end, candidate turns, and the history queries. Every call is scoped by the caller's platform
 * and workspace; every status change goes through domain/lifecycle and is recorded.
 */
export class SessionManager extends SessionQueries {
  private readonly interviewer: AiInterviewer;
  private readonly evaluations: EvaluationManager;
  private readonly communication: CommunicationManagerPort;
  private readonly options: SessionManagerOptions;
  /** Also swept periodically by the composition root, for rows a failed dispatch left behind. */
  readonly outbox: OutboxDispatcher;
  /** Posts in session threads: recorded, then delivered by the delivery job. */
  readonly outgoing: Outgoing;
  /** `/interview share`: recorded in the outbox, then posted in the channel by the share job. */
  readonly shares: Shares;
  private readonly inbox: CandidateInbox;

  constructor(deps: SessionManagerDeps) {
    super(deps.dataStore, deps.clock ?? systemClock, componentLogger(deps.logger, 'SessionManager'));
    this.interviewer = deps.aiInterviewer;
    this.evaluations = deps.evaluationManager;
    this.communication = deps.communicationManager;
    this.options = { ...DEFAULTS, ...deps.options };
    this.outbox = new OutboxDispatcher(this.store, deps.jobQueue, this.clock, this.log, {
      [EVALUATION_JOB]: this.options.evaluationJob,
      [TIMER_JOBS.arm]: { attempts: 3, backoffMs: 1_000 },
      [TIMER_JOBS.disarm]: { attempts: 3, backoffMs: 1_000 },
      [SHARE_JOB]: SHARE_JOB_RETRY,
    });
    this.shares = new Shares(this.store, this.outbox, this.clock);
    const work = deps.work ?? new SessionWork(deps.jobQueue, this.log);
    this.outgoing = new Outgoing(this.store, work, this.clock);
    this.inbox = new CandidateInbox(this.store, work, this.clock, this.options.maxMessageChars);
  }

  async createSession(config: SessionConfig, owner: SessionOwner, location?: ThreadLocation): Promise<Session> {
    return this.op('create_session', null, async () => {
      const valid = validateSessionConfig(config);
      // The platform identity wins over resume data: a chat user cannot claim another's history.
      const userId = owner.userId ?? valid.resumeData?.userId ?? randomUUID();
      const id = randomUUID();
      const now = this.clock.now();
      try {
        await this.store.transaction(async (tx) => {
          await tx.users.upsert(
            { ...owner, userId, displayName: owner.displayName ?? valid.resumeData?.name, resumeText: valid.resumeData?.text },
            now,
          );
          await tx.sessions.insert({
            id,
            platform: owner.platform,
            workspace_id: owner.workspaceId,
            owner_user_id: userId,
            owner_display_name: owner.displayName ?? valid.resumeData?.name ?? null,
            channel_id: location?.channelId ?? null,
            thread_id: location?.threadId ?? null,
            status: 'created',
            topic: valid.topic ?? null,
            config: JSON.stringify(valid),
            created_at: now,
            updated_at: now,
            turn_lease_token: null,
            overall_score: null,
          });
        });
      } catch (error) {
        throw await creationConflict(this.store, error, { ...owner, userId });
      }
      this.log.info(
        {
          operation: 'create_session',
          session_id: id,
          metadata: {
            enabled_modes: valid.enabledModes,
            ai_provider: valid.aiProvider,
            ai_model: valid.aiModel,
            duration_minutes: valid.durationMinutes,
            topic: valid.topic,
            template: valid.template,
            has_resume: Boolean(valid.resumeData?.text),
          },
        },
        `Session ${id} created`,
      );
      return this.load({ ...owner, sessionId: id });
    });
  }

  async startSession(sessionId: string, actor: Actor): Promise<StartResult> {
    return this.op('start_session', sessionId, async () => {
      const ref = refOf(actor, sessionId);
      const session = await this.load(ref);
      assertMaySteer(session, actor, 'start');
      nextStatus('start', session.status, sessionId);
      const context = interviewContext(session);
      const notStarted = 'The interview could not be started, and nothing was lost: try starting it again in a moment.';
      try {
        await this.interviewer.initialize(context);
      } catch (error) {
        // An unknown topic is the user's to fix, not a failure of the interviewer.
        if (isPlatformError(error, 'INVALID_INPUT')) throw error;
        throw componentFailure('AiInterviewer', sessionId, error, notStarted);
      }
      try {
        for (const mode of session.config.enabledModes) this.communication.enableMode(sessionId, mode);
      } catch (error) {
        this.communication.disableAll(sessionId);
        throw componentFailure('CommunicationManager', sessionId, error, notStarted);
      }
      let opening;
      try {
        opening = await this.interviewer.openingQuestion(context);
      } catch (error) {
        this.communication.disableAll(sessionId);
        // The interviewer's own account (misconfigured, not answering) says what to do about it.
        throw componentFailure('AiInterviewer', sessionId, error, isPlatformError(error) ? `${error.userMessage} The interview was not started.` : notStarted);
      }
      let openingMessage: TranscriptMessage;
      let timerKeys: string[] = [];
      let openingDelivery: number | undefined;
      try {
        openingMessage = await this.store.transaction(async (tx) => {
          const locked = await lockSession(tx, ref);
          const to = nextStatus('start', locked.status as SessionStatus, sessionId);
          const now = this.clock.now();
          const opened = await tx.appendMessage(ref, { role: 'interviewer', content: opening.content, metadata: opening.metadata }, now);
          await tx.sessions.update(ref, { status: to, started_at: now, active_since: now, updated_at: now });
          await tx.transitions.record(ref, locked.status as SessionStatus, to, actor, now);
          timerKeys = await rescheduleTimers(tx, ref, locked, true, now);
          // The opening question is owed like any reply: recorded here, posted by the delivery job.
          openingDelivery = await this.outgoing.record(tx, ref, {
            kind: 'opening',
            message: { kind: 'question', text: opening.content },
            messageSeq: opened.seq,
            dedupeKey: 'opening',
            notifyUserId: locked.owner_user_id,
          });
          return opened;
        });
      } catch (error) {
        // A concurrent start may have won; only undo the modes if the session did not start.
        const current = await this.store.sessions.find(ref).catch(() => undefined);
        if (!current || current.status === 'created') this.communication.disableAll(sessionId);
        throw error;
      }
      this.outgoing.send(ref, openingDelivery);
      await this.dispatch(timerKeys);
      this.log.info(
        { operation: 'start_session', session_id: sessionId, metadata: { enabled_modes: this.communication.activeModes(sessionId) } },
        `Session ${sessionId} started successfully`,
      );
      return { session: await this.load(ref), openingMessage };
    });
  }

  /** `options.notice`: posted in the thread, recorded in the same transaction as the change. */
  async pauseSession(sessionId: string, actor: Actor, options: TransitionOptions = {}): Promise<Session> {
    return this.op('pause_session', sessionId, () => this.transition('pause', sessionId, actor, options));
  }

  async resumeSession(sessionId: string, actor: Actor, options: TransitionOptions = {}): Promise<Session> {
    return this.op('resume_session', sessionId, () => this.transition('resume', sessionId, actor, options));
  }

  /**
   * Completes the session and, in the same transaction, promises its evaluation (outbox row and
   * pending report). The queue job that writes the evaluation is dispatched after the commit; if
   * the queue is down the outbox keeps the promise until the dispatcher's next sweep.
   */
  async endSession(sessionId: string, actor: Actor, options: TransitionOptions = {}): Promise<Session> {
    return this.op('end_session', sessionId, async () => {
      const session = await this.transition('end', sessionId, actor, options);
      this.communication.disableAll(sessionId);
      const dispatched = await this.outbox.dispatchKey(evaluationDedupeKey(sessionId)).catch(() => false);
      this.log.info(
        {
          operation: 'end_session',
          session_id: sessionId,
          metadata: { duration_ms: session.activeDurationMs, overall_score: session.overallScore, evaluation_queued: dispatched },
        },
        `Session ${sessionId} ended after ${Math.round(session.activeDurationMs / 1000)}s active`,
      );
      return session;
    });
  }

  /** Waits for the evaluation job to finish (console adapter, tests); TIMEOUT if it does not in time. */
  async awaitEvaluation(sessionId: string, scope: WorkspaceScope, timeoutMs = 60_000): Promise<EvaluationReport> {
    return this.op('await_evaluation', sessionId, async () => {
      const ref = { ...scopeOf(scope), sessionId };
      const report = await awaitEvaluation(this.evaluations, ref, timeoutMs, this.options.evaluationPollMs);
      if (report) return report;
      // endSession writes the pending report with the completed state, so none means not ended
      // (or cancelled: ended before it started, with nothing to evaluate).
      const session = await this.load(ref);
      if (session.status === 'completed') {
        throw new InterviewPlatformError('INVALID_TRANSITION', `Session ${sessionId} was cancelled before it started`, {
          userMessage: 'That interview was cancelled before it started, so there is nothing to evaluate.',
          context: { session_id: sessionId },
        });
      }
      throw new InterviewPlatformError('INVALID_TRANSITION', `Session ${sessionId} has not ended`, {
        userMessage: 'The evaluation is written when the interview ends.',
        context: { session_id: sessionId, status: session.status },
      });
    });
  }

  /**
   * The candidate's answer to a session known by id: stored with a pending turn (a turn worker
   * answers it; `awaitReply` waits for that). A platform message id already stored is not
   * stored again.
   */
  async submitCandidateMessage(sessionId: string, message: CandidateMessageInput): Promise<RecordedMessage> {
    return this.op('submit_candidate_message', sessionId, () => this.inbox.submit(sessionId, message));
  }

  /** A message in a thread (adapters): the candidate's answer, an observer's note, or not ours. */
  async receiveThreadMessage(scope: WorkspaceScope, location: ThreadLocation, message: CandidateMessageInput, options?: ReceiveOptions): Promise<ThreadMessageResult> {
    return this.op('receive_thread_message', null, () => this.inbox.receive(scope, location, message, options));
  }

  /** An edited thread message: replaces a pending answer, or says it came too late (see CandidateInbox.edit). */
  async editThreadMessage(scope: WorkspaceScope, location: ThreadLocation, message: CandidateMessageInput & { platformMessageId: string }): Promise<'replaced' | 'answered' | 'unknown'> {
    return this.op('edit_thread_message', null, () => this.inbox.edit(scope, location, message));
  }

  /**
   * Waits until the turn of candidate message `seq` is answered and its reply posted (or closed
   * without one: null). For the console and tests; TIMEOUT if it takes longer than `timeoutMs`.
   */
  async awaitReply(sessionId: string, scope: WorkspaceScope, seq: number, timeoutMs = 30_000): Promise<TranscriptMessage | null> {
    return this.op('await_reply', sessionId, () => awaitReply(this.store, { ...scopeOf(scope), sessionId }, seq, timeoutMs, this.options.evaluationPollMs));
  }

  /**
   * Posts again what the bot could not deliver in a session's thread (`/interview redeliver`):
   * failed deliveries go back to the delivery job. Returns how many.
   */
  async redeliver(sessionId: string, actor: Actor): Promise<number> {
    return this.op('redeliver', sessionId, async () => {
      const ref = refOf(actor, sessionId);
      assertMaySteer(await this.load(ref), actor, 'redeliver the messages of');
      const seqs = await this.store.deliveries.retryFailed(ref);
      for (const seq of seqs) this.outgoing.send(ref, seq);
      this.log.info({ operation: 'redeliver', session_id: sessionId, metadata: { deliveries: seqs.length } }, 'Failed deliveries queued again');
      return seqs.length;
    });
  }

  /** Records the thread the adapter opened for the session (it exists only after the root post). */
  async attachThread(sessionId: string, actor: Actor, location: ThreadLocation): Promise<Session> {
    return this.op('attach_thread', sessionId, async () => {
      const ref = refOf(actor, sessionId);
      assertMaySteer(await this.load(ref), actor, 'move');
      await this.store.sessions.update(ref, { channel_id: location.channelId, thread_id: location.threadId, updated_at: this.clock.now() });
      return this.load(ref);
    });
  }

  private async transition(action: 'pause' | 'resume' | 'end', sessionId: string, actor: Actor, options: TransitionOptions): Promise<Session> {
    const ref = refOf(actor, sessionId);
    let notice: number | undefined;
    const keys = await this.store.transaction(async (tx) => {
      const written = await applyStatusChange(tx, ref, action, actor, this.clock.now());
      if (options.notice) notice = await this.outgoing.record(tx, ref, { kind: 'notice', message: options.notice });
      return written;
    });
    this.outgoing.send(ref, notice);
    // The evaluation is dispatched by endSession itself, after the modes are switched off.
    await this.dispatch(keys.filter((key) => key !== evaluationDedupeKey(sessionId)));
    const session = await this.load(ref);
    if (action !== 'end') {
      this.log.info(
        { operation: `${action}_session`, session_id: sessionId, metadata: { actor: actor.userId, active_ms: session.activeDurationMs } },
        `Session ${sessionId} ${action === 'pause' ? 'paused' : 'resumed'}`,
      );
    }
    return session;
  }

  /**
   * Tries another evaluation after the last one failed (the `/interview retry-evaluation`
   * command): the report goes back to pending and a fresh job is promised through the outbox.
   */
  async retryEvaluation(sessionId: string, actor: Actor): Promise<void> {
    return this.op('retry_evaluation', sessionId, async () => {
      const ref = refOf(actor, sessionId);
      const key = await this.store.transaction((tx) => promiseEvaluationRetry(tx, ref, actor, this.clock.now()));
      await this.dispatch([key]);
      this.log.info({ operation: 'retry_evaluation', session_id: sessionId, metadata: { actor: actor.userId } }, `Evaluation of ${sessionId} queued again`);
    });
  }

  /** Hands committed outbox rows to the queue now; a refusal leaves them for the sweep. */
  private async dispatch(keys: string[]): Promise<void> {
    for (const key of keys) await this.outbox.dispatchKey(key).catch(() => false);
  }

}

export interface TransitionOptions {
  /** A message for the thread about the change, owed like every post. */
  notice?: OutboundMessage;
}

function refOf(actor: Actor, sessionId: string): SessionRef {
  return { ...scopeOf(actor), sessionId };
}

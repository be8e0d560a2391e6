import { InterviewPlatformError } from '../domain/errors.js';
import type { Clock } from '../domain/ports.js';
import type {
  EvaluationReport,
  ListSessionsQuery,
  Session,
  SessionPage,
  SessionRef,
  StateTransition,
  ThreadLocation,
  TranscriptMessage,
  WorkspaceScope,
} from '../domain/types.js';
import type { Logger } from '../logging/logger.js';
import type { DataStore } from '../storage/data-store.js';
import { toEvaluation, toMessage, toSession, toSummary } from '../storage/row-mappers.js';
import { runOperation } from './operation-runner.js';
import { sessionNotFound } from './session-errors.js';

/**
 * The read side of the SessionManager (spec 7.1, 7.2, 7.5): sessions, the user's live one,
 * history pages, transcripts and transitions, always inside the caller's workspace.
 */
export class SessionQueries {
  constructor(
    protected readonly store: DataStore,
    protected readonly clock: Clock,
    protected readonly log: Logger,
  ) {}

  async getSession(sessionId: string, scope: WorkspaceScope): Promise<Session> {
    return this.op('get_session', sessionId, () => this.load({ ...scopeOf(scope), sessionId }));
  }

  /** The user's live (created, active or paused) session in this workspace, if any. */
  async getActiveSession(owner: WorkspaceScope & { userId: string }): Promise<Session | null> {
    return this.op('get_active_session', null, async () => {
      const row = await this.store.sessions.findLive(owner);
      return row ? toSession(row, this.clock.now()) : null;
    });
  }

  async findSessionByThread(scope: WorkspaceScope, location: ThreadLocation): Promise<Session | null> {
    return this.op('find_session_by_thread', null, async () => {
      const row = await this.store.sessions.findByThread(scope, location.channelId, location.threadId);
      return row ? toSession(row, this.clock.now()) : null;
    });
  }

  /** History, most recent first, with date, duration, topic, status and score. */
  async listSessions(query: ListSessionsQuery): Promise<SessionPage> {
    return this.op('list_sessions', null, async () => {
      const limit = query.limit ?? 20;
      const offset = query.offset ?? 0;
      if (!Number.isInteger(limit) || limit < 1 || limit > 100 || !Number.isInteger(offset) || offset < 0) {
        throw new InterviewPlatformError('INVALID_INPUT', 'limit must be 1-100 and offset a non-negative integer', {
          userMessage: 'That history page does not exist.',
          context: { limit, offset },
        });
      }
      const { rows, nextCursor, prevCursor } = await this.store.sessions.history({ ...query, limit, offset });
      const now = this.clock.now();
      const page: SessionPage = { items: rows.map((row) => toSummary(row, now)), nextCursor, prevCursor };
      if (query.hideUnanswered) page.hiddenUnanswered = await this.store.sessions.countUnanswered(query.owner);
      if (page.hiddenUnanswered) page.hiddenNeverStarted = await this.store.sessions.countNeverStarted(query.owner);
      return page;
    });
  }

  /**
   * The session's evaluation report as stored (pending, completed, insufficient data or failed);
   * null when none was promised, i.e. the session has not ended.
   */
  async getEvaluation(sessionId: string, scope: WorkspaceScope): Promise<EvaluationReport | null> {
    return this.op('get_evaluation', sessionId, async () => {
      const ref = { ...scopeOf(scope), sessionId };
      await this.load(ref);
      const row = await this.store.evaluations.find(ref);
      return row ? toEvaluation(row) : null;
    });
  }

  async getTranscript(sessionId: string, scope: WorkspaceScope): Promise<TranscriptMessage[]> {
    return this.op('get_transcript', sessionId, async () => {
      const ref = { ...scopeOf(scope), sessionId };
      await this.load(ref);
      return (await this.store.messages.list(ref)).map(toMessage);
    });
  }

  async getTransitions(sessionId: string, scope: WorkspaceScope): Promise<StateTransition[]> {
    return this.op('get_transitions', sessionId, async () => {
      const ref = { ...scopeOf(scope), sessionId };
      await this.load(ref);
      return this.store.transitions.list(ref);
    });
  }

  protected async load(ref: SessionRef): Promise<Session> {
    const row = await this.store.sessions.find(ref);
    if (!row) throw sessionNotFound(ref.sessionId);
    return toSession(row, this.clock.now());
  }

  protected op<T>(operation: string, sessionId: string | null, fn: () => Promise<T>): Promise<T> {
    return runOperation(this.log, operation, sessionId, fn);
  }
}

export function scopeOf(scope: WorkspaceScope): WorkspaceScope {
  return { platform: scope.platform, workspaceId: scope.workspaceId };
}

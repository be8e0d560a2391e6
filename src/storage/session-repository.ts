import type { ExpressionBuilder, Insertable, Kysely, Updateable } from 'kysely';
import type { SessionRef, SessionStatus, WorkspaceScope } from '../domain/types.js';
import { decodeCursor, encodeCursor } from './history-cursor.js';
import type { SessionRow } from './row-mappers.js';
import type { Database, SessionsTable } from './schema.js';

const LIVE: SessionStatus[] = ['created', 'active', 'paused'];

export interface HistoryQuery {
  owner: WorkspaceScope & { userId: string };
  status?: SessionStatus;
  /** Leave out completed sessions without a single candidate message. */
  hideUnanswered?: boolean;
  limit: number;
  offset?: number;
  cursor?: string;
}

/** Sessions, always addressed inside their platform + workspace. */
export class SessionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: Insertable<SessionsTable>): Promise<void> {
    await this.db.insertInto('sessions').values(row).execute();
  }

  async find(ref: SessionRef, options: { forUpdate?: boolean } = {}): Promise<SessionRow | undefined> {
    let query = this.db
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', ref.sessionId)
      .where('platform', '=', ref.platform)
      .where('workspace_id', '=', ref.workspaceId);
    if (options.forUpdate) query = query.forUpdate();
    return query.executeTakeFirst();
  }

  /**
   * Every running session with its timer generation, across workspaces: only for re-arming
   * timers when a worker starts (each row stays addressed by its own platform and workspace).
   */
  async runningTimers(): Promise<{ platform: string; workspaceId: string; sessionId: string; generation: number }[]> {
    const rows = await this.db.selectFrom('sessions').select(['id', 'platform', 'workspace_id', 'timer_generation']).where('status', '=', 'active').execute();
    return rows.map((r) => ({ platform: r.platform, workspaceId: r.workspace_id, sessionId: r.id, generation: r.timer_generation }));
  }

  async findLive(owner: WorkspaceScope & { userId: string }): Promise<SessionRow | undefined> {
    return this.db
      .selectFrom('sessions')
      .selectAll()
      .where('platform', '=', owner.platform)
      .where('workspace_id', '=', owner.workspaceId)
      .where('owner_user_id', '=', owner.userId)
      .where('status', 'in', LIVE)
      .executeTakeFirst();
  }

  async findByThread(scope: WorkspaceScope, channelId: string, threadId: string): Promise<SessionRow | undefined> {
    return this.db
      .selectFrom('sessions')
      .selectAll()
      .where('platform', '=', scope.platform)
      .where('workspace_id', '=', scope.workspaceId)
      .where('channel_id', '=', channelId)
      .where('thread_id', '=', threadId)
      .executeTakeFirst();
  }

  async update(ref: SessionRef, patch: Updateable<SessionsTable>): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set(patch)
      .where('id', '=', ref.sessionId)
      .where('platform', '=', ref.platform)
      .where('workspace_id', '=', ref.workspaceId)
      .execute();
  }

  /**
   * Hands out the next transcript position. The UPDATE row-locks the session until the caller's
   * transaction ends, so concurrent writers queue here and seq numbers have no gaps or repeats.
   */
  async allocateSeq(ref: SessionRef): Promise<number> {
    const row = await this.db
      .updateTable('sessions')
      .set((eb) => ({ last_seq: eb('last_seq', '+', 1) }))
      .where('id', '=', ref.sessionId)
      .where('platform', '=', ref.platform)
      .where('workspace_id', '=', ref.workspaceId)
      .returning('last_seq')
      .executeTakeFirstOrThrow();
    return row.last_seq;
  }

  /** Newest first; offset paging for the spec, keyset cursor for deep pages. */
  async history(query: HistoryQuery): Promise<{ rows: SessionRow[]; nextCursor: string | null }> {
    let q = this.db
      .selectFrom('sessions')
      .selectAll()
      .where('platform', '=', query.owner.platform)
      .where('workspace_id', '=', query.owner.workspaceId)
      .where('owner_user_id', '=', query.owner.userId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(query.limit + 1);
    if (query.status) q = q.where('status', '=', query.status);
    if (query.hideUnanswered) q = q.where((eb) => eb.or([eb('status', '!=', 'completed'), answered(eb)]));
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      q = q.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after.createdAt, after.id)));
    } else if (query.offset) {
      q = q.offset(query.offset);
    }
    const rows = await q.execute();
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor = rows.length > query.limit && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null;
    return { rows: page, nextCursor };
  }

  /** How many of the owner's completed sessions never got a candidate message (what `hideUnanswered` leaves out). */
  async countUnanswered(owner: WorkspaceScope & { userId: string }): Promise<number> {
    const row = await this.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<string | number>().as('count'))
      .where('platform', '=', owner.platform)
      .where('workspace_id', '=', owner.workspaceId)
      .where('owner_user_id', '=', owner.userId)
      .where('status', '=', 'completed')
      .where((eb) => eb.not(answered(eb)))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }
}

/** The session has at least one candidate message (the messages primary key starts with session_id). */
function answered(eb: ExpressionBuilder<Database, 'sessions'>) {
  return eb.exists(
    eb
      .selectFrom('messages')
      .select(eb.lit(1).as('one'))
      .whereRef('messages.session_id', '=', 'sessions.id')
      .where('messages.role', '=', 'candidate'),
  );
}

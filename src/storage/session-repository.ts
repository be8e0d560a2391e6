import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
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
   * `answered`: the position is for a candidate message, which makes the session listed in history.
   */
  async allocateSeq(ref: SessionRef, options: { answered?: boolean } = {}): Promise<number> {
    const row = await this.db
      .updateTable('sessions')
      .set((eb) => ({ last_seq: eb('last_seq', '+', 1), ...(options.answered ? { answered: true } : {}) }))
      .where('id', '=', ref.sessionId)
      .where('platform', '=', ref.platform)
      .where('workspace_id', '=', ref.workspaceId)
      .returning('last_seq')
      .executeTakeFirstOrThrow();
    return row.last_seq;
  }

  /**
   * Newest first. A keyset cursor pages from a row shown (older or newer). An offset skips rows
   * on the history index alone (an index-only scan of created_at and id, no row read; OFFSET on
   * the rows read each one) and the page is then fetched by keyset, in one statement.
   * `nextCursor` is set when older rows follow; `prevCursor` when newer ones precede (a page
   * reached from a cursor or an offset assumes the page it came from is still there).
   */
  async history(query: HistoryQuery): Promise<{ rows: SessionRow[]; nextCursor: string | null; prevCursor: string | null }> {
    const from = query.cursor ? decodeCursor(query.cursor) : undefined;
    const order = from?.direction === 'newer' ? 'asc' : 'desc';
    let q = this.listing(query).selectAll().orderBy('created_at', order).orderBy('id', order).limit(query.limit + 1);
    if (from) {
      q = q.where((eb) => eb(eb.refTuple('created_at', 'id'), order === 'asc' ? '>' : '<', eb.tuple(from.createdAt, from.id)));
    } else if (query.offset) {
      // The row just before the page: the boundary for the keyset (no row: past the end, no page).
      const before = this.listing(query).select(['created_at', 'id']).orderBy('created_at', 'desc').orderBy('id', 'desc').offset(query.offset - 1).limit(1);
      q = q.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', before.$asTuple('created_at', 'id')));
    }
    const rows = await q.execute();
    const more = rows.length > query.limit;
    const page = rows.slice(0, query.limit);
    if (order === 'asc') page.reverse();
    const older = order === 'asc' || more;
    const newer = order === 'asc' ? more : Boolean(from ?? query.offset);
    const first = page[0];
    const last = page.at(-1);
    return {
      rows: page,
      nextCursor: older && last ? encodeCursor({ createdAt: last.created_at, id: last.id, direction: 'older' }) : null,
      prevCursor: newer && first ? encodeCursor({ createdAt: first.created_at, id: first.id, direction: 'newer' }) : null,
    };
  }

  /** The owner's sessions as history lists them, in any order (the history index serves every order by created_at, id). */
  private listing(query: HistoryQuery) {
    let q = this.db
      .selectFrom('sessions')
      .where('platform', '=', query.owner.platform)
      .where('workspace_id', '=', query.owner.workspaceId)
      .where('owner_user_id', '=', query.owner.userId);
    if (query.status) q = q.where('status', '=', query.status);
    if (query.hideUnanswered) q = q.where(LISTED);
    return q;
  }

  /** How many of the owner's completed sessions never got a candidate message (what `hideUnanswered` leaves out). */
  countUnanswered(owner: WorkspaceScope & { userId: string }): Promise<number> {
    return this.countOwned(owner, false);
  }

  /** Of those, the ones that never started (a start that failed ends the interview before its first question). */
  countNeverStarted(owner: WorkspaceScope & { userId: string }): Promise<number> {
    return this.countOwned(owner, true);
  }

  // Two statements, not one with a filter: the first is an index-only scan of sessions_unanswered,
  // and the second runs only when that found something.
  private async countOwned(owner: WorkspaceScope & { userId: string }, neverStarted: boolean): Promise<number> {
    let q = this.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<string | number>().as('count'))
      .where('platform', '=', owner.platform)
      .where('workspace_id', '=', owner.workspaceId)
      .where('owner_user_id', '=', owner.userId)
      .where(UNANSWERED);
    if (neverStarted) q = q.where('started_at', 'is', null);
    return Number((await q.executeTakeFirstOrThrow()).count);
  }
}

// Literals, not parameters: the planner matches them to the partial index sessions_unanswered
// (migrations/0004) even in a prepared statement's generic plan. `answered` is set with the
// first candidate message, so LISTED is "live, or answered at least once".
const LISTED = sql<boolean>`(status <> 'completed' or answered)`;
const UNANSWERED = sql<boolean>`(status = 'completed' and not answered)`;

import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { EVALUATION_JOB } from '../domain/ports.js';
import type { WorkspaceScope } from '../domain/types.js';
import type { Database, OutboxTable } from './schema.js';

export type OutboxRow = Selectable<OutboxTable>;

export interface OutboxEntry extends WorkspaceScope {
  kind: string;
  /** One row per key: a repeated write for the same work is ignored. */
  dedupeKey: string;
  sessionId?: string;
  payload: Record<string, unknown>;
}

/** Work promised inside a transaction and handed to the queue after it commits. */
export class OutboxRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** False when a row with this key already existed (the work was promised before). */
  async add(entry: OutboxEntry, at: Date): Promise<boolean> {
    const result = await this.db
      .insertInto('outbox')
      .values({
        id: randomUUID(),
        kind: entry.kind,
        dedupe_key: entry.dedupeKey,
        platform: entry.platform,
        workspace_id: entry.workspaceId,
        session_id: entry.sessionId ?? null,
        payload: JSON.stringify(entry.payload),
        created_at: at,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async pending(limit: number): Promise<OutboxRow[]> {
    return this.db
      .selectFrom('outbox')
      .selectAll()
      .where('dispatched_at', 'is', null)
      .orderBy('created_at', 'asc')
      .limit(limit)
      .execute();
  }

  async findByKey(dedupeKey: string): Promise<OutboxRow | undefined> {
    return this.db.selectFrom('outbox').selectAll().where('dedupe_key', '=', dedupeKey).executeTakeFirst();
  }

  async markDispatched(id: string, at: Date): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set((eb) => ({ dispatched_at: at, attempts: eb('attempts', '+', 1), last_error: null }))
      .where('id', '=', id)
      .execute();
  }

  /**
   * For a queue that lost its jobs (the in-process one, at start-up): the latest evaluation row of
   * each interview whose report is still pending is made pending again, for the sweep to send.
   */
  async reopenUnfinishedEvaluations(): Promise<number> {
    const result = await this.db
      .updateTable('outbox')
      .set({ dispatched_at: null })
      .where('kind', '=', EVALUATION_JOB)
      .where('dispatched_at', 'is not', null)
      .where('session_id', 'in', (eb) => eb.selectFrom('evaluations').select('session_id').where('status', '=', 'pending'))
      .where((eb) =>
        eb(
          'created_at',
          '=',
          eb.selectFrom('outbox as latest').select((l) => l.fn.max('latest.created_at').as('at')).whereRef('latest.session_id', '=', 'outbox.session_id').where('latest.kind', '=', EVALUATION_JOB),
        ),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows ?? 0n);
  }

  /** Withdraws a promise that could not be kept, so the same work may be promised again. */
  async remove(dedupeKey: string): Promise<void> {
    await this.db.deleteFrom('outbox').where('dedupe_key', '=', dedupeKey).execute();
  }

  async recordFailure(id: string, error: string): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error.slice(0, 2000) }))
      .where('id', '=', id)
      .execute();
  }
}

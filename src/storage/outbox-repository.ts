import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
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

  async add(entry: OutboxEntry, at: Date): Promise<void> {
    await this.db
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
      .execute();
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

  async recordFailure(id: string, error: string): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error.slice(0, 2000) }))
      .where('id', '=', id)
      .execute();
  }
}

import type { Insertable, Kysely } from 'kysely';
import type { SessionRef } from '../domain/types.js';
import type { MessageRow } from './row-mappers.js';
import type { Database, MessagesTable } from './schema.js';

/**
 * The transcript. Reads join the session so they stay inside its workspace; writes happen only
 * after the caller has loaded the session by its scoped ref in the same transaction.
 */
export class MessageRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: Insertable<MessagesTable>): Promise<MessageRow> {
    return this.db.insertInto('messages').values(row).returningAll().executeTakeFirstOrThrow();
  }

  private scoped(ref: SessionRef) {
    return this.db
      .selectFrom('messages')
      .innerJoin('sessions', 'sessions.id', 'messages.session_id')
      .selectAll('messages')
      .where('messages.session_id', '=', ref.sessionId)
      .where('sessions.platform', '=', ref.platform)
      .where('sessions.workspace_id', '=', ref.workspaceId);
  }

  async list(ref: SessionRef): Promise<MessageRow[]> {
    return this.scoped(ref).orderBy('messages.seq', 'asc').execute();
  }

  async findByPlatformId(ref: SessionRef, platformMessageId: string): Promise<MessageRow | undefined> {
    return this.scoped(ref).where('messages.platform_message_id', '=', platformMessageId).executeTakeFirst();
  }
}

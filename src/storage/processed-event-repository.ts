import { sql, type Kysely } from 'kysely';
import type { WorkspaceScope } from '../domain/types.js';
import type { Database } from './schema.js';

/** Platform event ids already handled, so a redelivered event (Slack retries) is handled once, across restarts. */
export class ProcessedEventRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** True the first time an event id is seen in this workspace, false every time after. */
  async markProcessed(scope: WorkspaceScope, eventId: string, at: Date): Promise<boolean> {
    const inserted = await this.db
      .insertInto('processed_events')
      .values({ platform: scope.platform, workspace_id: scope.workspaceId, event_id: eventId, processed_at: at })
      .onConflict((oc) => oc.columns(['platform', 'workspace_id', 'event_id']).doNothing())
      .returning('event_id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  /** Platforms stop retrying after minutes; ids older than the cutoff can go. */
  async deleteOlderThan(cutoff: Date): Promise<number> {
    const result = await this.db.deleteFrom('processed_events').where('processed_at', '<', sql<Date>`${cutoff}`).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

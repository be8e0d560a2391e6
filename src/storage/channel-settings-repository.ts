import { sql, type Kysely } from 'kysely';
import { readChannelSettings, type ChannelSettings } from '../channels/channel-settings.js';
import type { WorkspaceScope } from '../domain/types.js';
import type { Database } from './schema.js';

export interface ChannelRef extends WorkspaceScope {
  channelId: string;
}

/**
 * Per-channel settings in `channel_settings.settings` (jsonb). The JSON is validated here
 * (zod, channel-settings.ts): the core only ever sees ChannelSettings, a channel without a row
 * (or with an unreadable one) the defaults.
 */
export class ChannelSettingsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(channel: ChannelRef): Promise<ChannelSettings> {
    const row = await this.db
      .selectFrom('channel_settings')
      .select('settings')
      .where('platform', '=', channel.platform)
      .where('workspace_id', '=', channel.workspaceId)
      .where('channel_id', '=', channel.channelId)
      .executeTakeFirst();
    return readChannelSettings(row?.settings ?? {});
  }

  async save(channel: ChannelRef, settings: ChannelSettings, at: Date): Promise<void> {
    const json = JSON.stringify(settings);
    await this.db
      .insertInto('channel_settings')
      .values({ platform: channel.platform, workspace_id: channel.workspaceId, channel_id: channel.channelId, settings: json, updated_at: at })
      .onConflict((oc) => oc.columns(['platform', 'workspace_id', 'channel_id']).doUpdateSet({ settings: sql`excluded.settings`, updated_at: sql`excluded.updated_at` }))
      .execute();
  }
}

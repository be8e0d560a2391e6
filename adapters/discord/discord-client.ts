import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import { networkReason } from '../../src/app/startup-checks.js';
import { InterviewPlatformError } from '../../src/domain/errors.js';

export interface DiscordSettings {
  token: string;
  applicationId?: string;
  /** REST base, e.g. http://127.0.0.1:PORT/api; the gateway address comes from it too. */
  apiUrl?: string;
  guildId?: string;
  /** The gateway shards this client connects (DISCORD_SHARDS; see discord-shards.ts); unset: one unsharded connection. */
  shard?: { ids: number[]; count: number };
}

/** Only what the bot needs: guilds and their channels, guild messages, and their content. */
export const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent];

/**
 * `Partials.Message`: an edit (MESSAGE_UPDATE) of a message not in the cache, e.g. one sent
 * before a restart, is still emitted, so the edit reaches the core. `allowedMentions`: a default
 * for any discord.js send that forgot to say; every call site sets it explicitly as well.
 */
export function createDiscordClient(settings: DiscordSettings): Client {
  return new Client({
    intents: INTENTS,
    partials: [Partials.Channel, Partials.Message],
    allowedMentions: { parse: [] },
    ...(settings.shard ? { shards: settings.shard.ids, shardCount: settings.shard.count } : {}),
    rest: settings.apiUrl ? { api: settings.apiUrl.replace(/\/$/, ''), version: '10' } : { version: '10' },
  });
}

/** Logs in; a bad token or a missing privileged intent stops start-up with what to fix. */
export async function loginDiscord(client: Client, token: string, apiHost = 'discord.com'): Promise<void> {
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(token);
  } catch (error) {
    const text = error instanceof Error ? `${error.name} ${error.message} ${(error as { code?: unknown }).code ?? ''}` : String(error);
    if (/TokenInvalid|401|Unauthorized|invalid token/i.test(text)) {
      throw new InterviewPlatformError('CONFIG_INVALID', 'DISCORD_TOKEN was rejected by Discord: copy the bot token again from the Developer Portal (Bot → Reset Token).', { cause: error });
    }
    if (/disallowed intent|4014/i.test(text)) {
      throw new InterviewPlatformError('CONFIG_INVALID', 'Discord refused the Message Content intent: enable it in the Developer Portal (Bot → Privileged Gateway Intents → Message Content Intent).', { cause: error });
    }
    const unreachable = networkReason(error);
    if (unreachable) {
      throw new InterviewPlatformError('CONFIG_INVALID', `Cannot reach Discord (${apiHost}): ${unreachable}. Check the network${apiHost === 'discord.com' ? '' : ' and DISCORD_API_URL'}; DISCORD_TOKEN is set, so the bot needs Discord.`, { cause: error });
    }
    throw error;
  }
  await ready;
}

import { REST, Status, type Client } from 'discord.js';
import type { ChatRouter } from '../../src/chat/chat-router.js';
import type { Logger } from '../../src/logging/logger.js';
import type { AppMetrics } from '../../src/observability/metrics.js';
import { DiscordChatPort } from './discord-chat-port.js';
import { createDiscordClient, loginDiscord, type DiscordSettings } from './discord-client.js';
import { registerDiscordListeners } from './discord-listeners.js';

export interface DiscordAdapter {
  client: Client;
  port: DiscordChatPort;
  /** True while every gateway shard of this client is connected and ready (what /readyz asks). */
  connected(): boolean;
  stop(): Promise<void>;
}

/**
 * Each shard's own status: `client.ws.status` turns Ready at the first READY and stays so through
 * later disconnects (discord.js sets it once), so it cannot tell a dropped gateway.
 */
export function gatewayConnected(client: Client): boolean {
  const shards = [...client.ws.shards.values()];
  return shards.length > 0 && shards.every((shard) => shard.status === Status.Ready);
}

/** How the core posts to Discord from any process: REST with the bot token, no gateway. */
export function createDiscordPort(settings: DiscordSettings): DiscordChatPort {
  const rest = new REST({ version: '10', ...(settings.apiUrl ? { api: settings.apiUrl.replace(/\/$/, '') } : {}) }).setToken(settings.token);
  return new DiscordChatPort(rest);
}

/** The bot on the gateway: interactions and thread messages into the router. */
export async function startDiscordAdapter(settings: DiscordSettings, deps: { router: ChatRouter; metrics: AppMetrics; logger: Logger }): Promise<DiscordAdapter> {
  const client = createDiscordClient(settings);
  const port = new DiscordChatPort(client.rest);
  registerDiscordListeners(client, { router: deps.router, port, metrics: deps.metrics, logger: deps.logger });
  client.on('error', (error) => deps.logger.warn({ component: 'DiscordAdapter', operation: 'gateway', error }, 'Discord client error'));
  await loginDiscord(client, settings.token, settings.apiUrl ? new URL(settings.apiUrl).host : undefined);
  deps.logger.info({ component: 'DiscordAdapter', operation: 'startup', metadata: { guilds: client.guilds.cache.size, shard: client.shard?.ids ?? null } }, 'Discord adapter started');
  return { client, port, connected: () => gatewayConnected(client), stop: () => client.destroy() };
}

import { createDiscordPort, startDiscordAdapter, type DiscordAdapter } from '../../adapters/discord/discord-app.js';
import { ChatPorts } from '../../src/chat/chat-port.js';
import type { Logger } from '../../src/logging/logger.js';
import { AppMetrics } from '../../src/observability/metrics.js';
import type { DatabaseHandle } from '../../src/storage/database.js';
import { startDiscordFake, type DiscordFake, type DiscordFakeOptions } from '../fakes/discord-fake.js';
import { buildChatStack } from './chat-stack.js';

export interface DiscordOverFake {
  fake: DiscordFake;
  stack: Awaited<ReturnType<typeof buildChatStack>>;
  adapter: DiscordAdapter;
  /** The chat ports the core posts through (Discord over REST). */
  chat: ChatPorts;
  close(): Promise<void>;
}

/** The Discord adapter (real discord.js on the gateway) on the real core, talking to the Discord fake. The twin of slack-over-bolt.ts. */
export async function startDiscordOverFake(
  handle: DatabaseHandle,
  options: { logger: Logger; fake?: DiscordFakeOptions; stack?: Parameters<typeof buildChatStack>[4] },
): Promise<DiscordOverFake> {
  const fake = await startDiscordFake({ heartbeatIntervalMs: 1_000, ...options.fake });
  const settings = { token: fake.token, apiUrl: fake.apiUrl };
  const chat = new ChatPorts().register('discord', createDiscordPort(settings));
  const stack = await buildChatStack(handle, chat, options.logger, undefined, options.stack);
  const adapter = await startDiscordAdapter(settings, { router: stack.router, metrics: new AppMetrics(), logger: options.logger });
  return {
    fake,
    stack,
    adapter,
    chat,
    async close() {
      await adapter.stop();
      await stack.close();
      await fake.close();
    },
  };
}

// Entry point and outer composition root: `npm start` (adapters + workers), `npm run bot`,
// `npm run worker`. Chooses the adapters from config (Slack, Discord, or the console when no
// platform token is set) and wires them to the core composed in app/composition-root.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { pino } from 'pino';
import type { Server } from 'node:http';
import { ConsoleChatPort } from '../adapters/console/console-chat-port.js';
import { startOpsServer } from '../adapters/http/ops-server.js';
import type { Readiness } from '../adapters/http/ops-routes.js';
import type { DiscordAdapter } from '../adapters/discord/discord-app.js';
import type { DiscordShards } from '../adapters/discord/discord-shards.js';
import type { SlackAdapter } from '../adapters/slack/slack-app.js';
import { composeApp, type Role } from './app/composition-root.js';
import { ChatPorts } from './chat/chat-port.js';
import { loadConfig } from './config/config.js';
import { isPlatformError } from './domain/errors.js';
import { createLogger } from './logging/logger.js';
import { AppMetrics } from './observability/metrics.js';

const role = (process.argv.find((a) => a.startsWith('--role='))?.slice('--role='.length) ?? 'all') as Role;

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  console.error(isPlatformError(error) ? error.message : error);
  process.exit(1);
}
const useConsole = role !== 'worker' && !config.slack.botToken && !config.discord.token;
// In the terminal the conversation owns the screen; logs go to a file beside the data.
const logFile = join(config.database.dataDir, 'mock-interview.log');
const logger = createLogger({ level: config.logLevel }, useConsole ? pino.destination({ dest: logFile, mkdir: true, sync: true }) : undefined);
// A stray rejection (a dropped Redis connection, say) is logged with its stack, not fatal.
process.on('unhandledRejection', (error) => logger.error({ operation: 'unhandled_rejection', error }, 'Unhandled promise rejection'));

const metrics = new AppMetrics();
const readiness: Readiness = { ready: false };
const chat = new ChatPorts();
const consolePort = new ConsoleChatPort(process.stdout, { filesDir: join(config.database.dataDir, 'charts'), exportsDir: join(config.database.dataDir, 'exports') });
if (useConsole) chat.register('console', consolePort);
const slackSettings = config.slack.botToken ? { ...config.slack, botToken: config.slack.botToken } : null;
const discordSettings = config.discord.token ? { ...config.discord, token: config.discord.token } : null;
// A platform's SDK is loaded only when its token is set (start-up time and memory).
const slack = slackSettings ? await import('../adapters/slack/slack-app.js') : null;
const discord = discordSettings ? await import('../adapters/discord/discord-app.js') : null;
// Every role that posts (bot and worker alike) needs the platform clients.
const slackPort = slack && slackSettings ? slack.createSlackPort(slackSettings, logger) : null;
if (slackPort) chat.register('slack', slackPort);
// The core posts to Discord over REST, from any role; the gateway client is the adapter's.
if (discord && discordSettings) chat.register('discord', discord.createDiscordPort(discordSettings));
/** A start-up failure: one line naming what to fix on the terminal, the stack in the log. */
function startupFailed(error: unknown): never {
  logger.error({ operation: 'startup', error }, 'Start-up failed');
  logger.flush?.();
  const line = isPlatformError(error) ? error.userMessage : `Start-up failed: ${(error as Error)?.message ?? error}`;
  console.error(`${line}${useConsole ? ` (details in ${logFile})` : ''}`);
  process.exit(1);
}

if (useConsole && !config.database.url && !existsSync(join(config.database.dataDir, 'PG_VERSION'))) {
  process.stdout.write(`Setting up the local database in ${config.database.dataDir} (first run only; about 10-20 seconds)...\n`);
}
const app = await composeApp(config, logger, { role, chat, metrics }).catch(startupFailed);
const { router } = app;
if (role !== 'worker') {
  // A cheap first request to the AI service: a rejected key or a wrong URL is said now, not at the first answer.
  const warning = await app.ai.probe?.();
  if (warning) {
    logger.warn({ operation: 'startup', metadata: { ai: app.ai.kind } }, warning);
    if (useConsole) process.stdout.write(`[warning] ${warning}\n`);
  }
}

let slackAdapter: SlackAdapter | null = null;
let discordAdapter: DiscordAdapter | null = null;
let discordShards: DiscordShards | null = null;
let opsServer: Server | null = null;
let stopping = false;
/** `drainMs`: how long running jobs may finish; 0 when the terminal user asked to leave now (they run again at the next start). */
async function shutdown(signal: string, code = 0, drainMs?: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  readiness.ready = false;
  logger.info({ operation: 'shutdown', metadata: { signal } }, 'Shutting down');
  try {
    await slackAdapter?.stop();
    await discordAdapter?.stop();
    await discordShards?.stop();
    await new Promise<void>((resolve) => (opsServer ? opsServer.close(() => resolve()) : resolve()));
    // Stops taking work, lets running jobs finish within SHUTDOWN_TIMEOUT_MS, closes Redis and the database.
    await app.close(drainMs);
  } catch (error) {
    logger.error({ operation: 'shutdown', error }, 'Error while shutting down');
    process.exit(1);
  }
  logger.flush?.();
  process.exit(code);
}
// In the terminal Ctrl-C means leave now (the countdown of an evaluation being written is skipped).
process.on('SIGINT', () => void shutdown('SIGINT', 0, useConsole ? 0 : undefined));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

if (useConsole) {
  const me = userInfo().username || 'you';
  const { runConsole } = await import('../adapters/console/console-adapter.js');
  const ended = await runConsole(router, consolePort, app.sessions, { input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY), userId: me, displayName: me });
  await shutdown('end of input', 0, ended === 'skipped' || ended === 'late' ? 0 : undefined);
} else {
  try {
    if (slack && slackSettings && slackPort && role !== 'worker') {
      slackAdapter = await slack.startSlackAdapter(slackSettings, { router, port: slackPort, metrics, logger, readiness, httpPort: config.port, sharedReplays: app.infrastructure.store.processedEvents });
    }
    if (discordSettings && config.discord.shards && role !== 'worker') {
      // Bot processes share the gateway shards through Redis (each runs the shards it claims).
      const { startDiscordShards } = await import('../adapters/discord/discord-shards.js');
      discordShards = await startDiscordShards(
        { ...discordSettings, shards: config.discord.shards },
        { router, metrics, logger, redisUrl: config.redisUrl, queuePrefix: config.queue.prefix, leaseMs: config.discord.shardLeaseMs },
      );
    } else if (discord && discordSettings && role !== 'worker') discordAdapter = await discord.startDiscordAdapter(discordSettings, { router, metrics, logger });
  } catch (error) {
    await app.close().catch(() => undefined);
    startupFailed(error);
  }
  if (!slackAdapter?.servesHttp) opsServer = await startOpsServer(config.port, readiness, metrics);
  // What /readyz asks: the database, Redis when configured, and the Slack Socket Mode and Discord gateway connections.
  readiness.checks = {
    postgres: () => app.infrastructure.store.ping(),
    ...(config.redisUrl ? { redis: () => app.infrastructure.queue.ping() } : {}),
    ...(slackAdapter && !slackAdapter.servesHttp
      ? {
          slack: async () => {
            if (!slackAdapter!.connected()) throw new Error('Socket Mode not connected');
          },
        }
      : {}),
    ...(discordAdapter
      ? {
          discord: async () => {
            if (!discordAdapter!.connected()) throw new Error('gateway not connected');
          },
        }
      : {}),
    ...(discordShards
      ? {
          discord: async () => {
            if (!discordShards!.connected()) throw new Error('gateway not connected');
          },
        }
      : {}),
  };
  readiness.ready = true;
  logger.info({ operation: 'startup', metadata: { role, slack: Boolean(slackAdapter), discord: Boolean(discordAdapter) || (discordShards?.running() ?? false), port: config.port } }, 'Mock Interview Bot is running; press Ctrl+C to stop');
}

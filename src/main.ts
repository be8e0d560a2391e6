// Entry point: `npm start` (bot + worker), `npm run bot`, `npm run worker`.
import { openInfrastructure } from './app/infrastructure.js';
import { loadConfig } from './config/config.js';
import { isPlatformError } from './domain/errors.js';
import { createLogger } from './logging/logger.js';
import { OutboxDispatcher } from './queue/outbox-dispatcher.js';
import { systemClock } from './domain/ports.js';

type Role = 'all' | 'bot' | 'worker';
const role = (process.argv.find((a) => a.startsWith('--role='))?.slice('--role='.length) ?? 'all') as Role;

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  console.error(isPlatformError(error) ? error.message : error);
  process.exit(1);
}
const logger = createLogger({ level: config.logLevel });
const infra = await openInfrastructure(config, logger);
const outbox = new OutboxDispatcher(infra.store, infra.queue, systemClock, logger);
if (role !== 'bot') outbox.start(5_000);
logger.info({ operation: 'startup', metadata: { role } }, 'Mock Interview Bot is running; press Ctrl+C to stop');

async function shutdown(signal: string): Promise<void> {
  logger.info({ operation: 'shutdown', metadata: { signal } }, 'Shutting down');
  outbox.stop();
  await infra.close();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

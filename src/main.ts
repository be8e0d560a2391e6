// Entry point: `npm start` (bot + workers), `npm run bot`, `npm run worker`.
import { composeApp, type Role } from './app/composition-root.js';
import { loadConfig } from './config/config.js';
import { isPlatformError } from './domain/errors.js';
import { createLogger } from './logging/logger.js';

const role = (process.argv.find((a) => a.startsWith('--role='))?.slice('--role='.length) ?? 'all') as Role;

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  console.error(isPlatformError(error) ? error.message : error);
  process.exit(1);
}
const logger = createLogger({ level: config.logLevel });
// A stray rejection (a dropped Redis connection, say) is logged with its stack, not fatal.
process.on('unhandledRejection', (error) => logger.error({ operation: 'unhandled_rejection', error }, 'Unhandled promise rejection'));

const app = await composeApp(config, logger, { role });
logger.info({ operation: 'startup', metadata: { role } }, 'Mock Interview Bot is running; press Ctrl+C to stop');

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ operation: 'shutdown', metadata: { signal } }, 'Shutting down');
  try {
    // Stops taking work, lets running jobs finish within SHUTDOWN_TIMEOUT_MS, closes Redis and the database.
    await app.close();
  } catch (error) {
    logger.error({ operation: 'shutdown', error }, 'Error while shutting down');
    process.exit(1);
  }
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

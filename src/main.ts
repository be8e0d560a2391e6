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
const app = await composeApp(config, logger, { role });
logger.info({ operation: 'startup', metadata: { role } }, 'Mock Interview Bot is running; press Ctrl+C to stop');

async function shutdown(signal: string): Promise<void> {
  logger.info({ operation: 'shutdown', metadata: { signal } }, 'Shutting down');
  await app.close();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

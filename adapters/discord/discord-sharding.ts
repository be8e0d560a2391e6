import { fileURLToPath } from 'node:url';
import { ShardingManager } from 'discord.js';
import type { Logger } from '../../src/logging/logger.js';

/**
 * Runs the bot as discord.js shards: one child process per shard, each running the entry point
 * as a bot (the manager process keeps the workers). Each guild belongs to exactly one shard, so
 * no event reaches two processes; event ids are deduplicated in the database anyway.
 */
export async function startShards(token: string, shards: number | 'auto', logger: Logger): Promise<ShardingManager> {
  // The entry point beside this file: compiled (dist/, `npm start`) or TypeScript under tsx (`npm run dev`).
  const compiled = import.meta.url.endsWith('.js');
  const entry = fileURLToPath(new URL(compiled ? '../../src/main.js' : '../../src/main.ts', import.meta.url));
  const manager = new ShardingManager(entry, { token, totalShards: shards, execArgv: compiled ? [] : ['--import', 'tsx'], shardArgs: ['--role=bot'] });
  manager.on('shardCreate', (shard) => logger.info({ component: 'DiscordShards', operation: 'spawn', metadata: { shard: shard.id } }, `Shard ${shard.id} launched`));
  await manager.spawn();
  return manager;
}

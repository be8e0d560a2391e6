import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ChatRouter } from '../../src/chat/chat-router.js';
import type { Logger } from '../../src/logging/logger.js';
import type { AppMetrics } from '../../src/observability/metrics.js';
import { startDiscordAdapter, type DiscordAdapter } from './discord-app.js';
import type { DiscordSettings } from './discord-client.js';
import { ShardClaims } from './shard-claims.js';

export interface DiscordShards {
  /** The shards this process runs now, each with its own gateway connection. */
  running(): number[];
  /** True when every shard held has its gateway connected (what /readyz asks). */
  connected(): boolean;
  stop(): Promise<void>;
}

/**
 * DISCORD_SHARDS with Redis: this bot process runs the gateway shards it claims (shard-claims.ts),
 * one discord.js client per shard, and follows the claims as processes come and go. Without Redis
 * (one process) it runs every shard itself. Every shard's events go to the same router.
 */
export async function startDiscordShards(
  settings: DiscordSettings & { shards: number },
  deps: { router: ChatRouter; metrics: AppMetrics; logger: Logger; redisUrl?: string; queuePrefix: string; leaseMs?: number; graceMs?: number },
): Promise<DiscordShards> {
  const total = settings.shards;
  const start = (ids: number[]) => startDiscordAdapter({ ...settings, shard: { ids, count: total } }, deps);
  if (!deps.redisUrl) {
    const adapter = await start(Array.from({ length: total }, (_, i) => i));
    return { running: () => Array.from({ length: total }, (_, i) => i), connected: () => adapter.connected(), stop: () => adapter.stop() };
  }
  const { Redis } = await import('ioredis');
  const redis = new Redis(deps.redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', (error) => deps.logger.warn({ component: 'DiscordShards', operation: 'redis', metadata: { message: error.message } }, 'Redis connection error'));
  const leaseMs = deps.leaseMs ?? 15_000;
  const claims = new ShardClaims(redis, { prefix: deps.queuePrefix, total, owner: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`, leaseMs, graceMs: deps.graceMs ?? leaseMs * 2 });
  const clients = new Map<number, DiscordAdapter>();
  let stopped = false;

  async function follow(): Promise<void> {
    const { gained, lost } = await claims.tick();
    for (const shard of lost) {
      deps.logger.warn({ component: 'DiscordShards', operation: 'lost', metadata: { shard } }, `Discord shard ${shard} lease lost; disconnecting it`);
      await clients.get(shard)?.stop();
      clients.delete(shard);
    }
    for (const shard of gained) {
      try {
        clients.set(shard, await start([shard]));
        deps.logger.info({ component: 'DiscordShards', operation: 'claimed', metadata: { shard, total } }, `Discord shard ${shard} of ${total} running here`);
      } catch (error) {
        // Give everything back so another process (or a restart) can take over.
        for (const adapter of clients.values()) await adapter.stop().catch(() => undefined);
        clients.clear();
        await claims.releaseAll().catch(() => undefined);
        throw error;
      }
    }
  }

  await follow();
  // Renew at a third of the lease, so one slow tick never lets a healthy lease lapse.
  const timer = setInterval(() => {
    if (!stopped) follow().catch((error) => deps.logger.warn({ component: 'DiscordShards', operation: 'claim', error }, 'Discord shard claims failed; retrying'));
  }, Math.max(200, Math.floor(leaseMs / 3)));
  timer.unref();
  return {
    running: () => claims.shards,
    connected: () => [...clients.values()].every((c) => c.connected()),
    async stop() {
      stopped = true;
      clearInterval(timer);
      for (const adapter of clients.values()) await adapter.stop();
      clients.clear();
      await claims.releaseAll().catch(() => undefined);
      redis.disconnect();
    },
  };
}

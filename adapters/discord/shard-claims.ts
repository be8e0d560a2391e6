import type { Redis } from 'ioredis';

/**
 * Which of DISCORD_SHARDS gateway shards this bot process runs, agreed with the other bot
 * processes through Redis leases, so replicas need no per-replica setting (compose `replicas: 2`
 * or `--scale bot=3` just work). Each shard key holds its owner and expires `leaseMs` after the
 * last renewal, so a killed process's shards are free again within that time.
 *
 * Balance: a process holding no shard takes the first free one at once; a process that already
 * holds one takes another only after it has stayed free for `graceMs`, which leaves a restarting
 * replica (a rolling deploy) time to come back for it before the survivors pick it up.
 */
export class ShardClaims {
  private readonly held = new Set<number>();
  private readonly freeSince = new Map<number, number>();

  constructor(
    private readonly redis: Redis,
    private readonly options: { prefix: string; total: number; owner: string; leaseMs: number; graceMs: number; now?: () => number },
  ) {}

  get shards(): number[] {
    return [...this.held].sort((a, b) => a - b);
  }

  /** Renews what is held, takes what may be taken; returns the shards gained and lost since the last call. */
  async tick(): Promise<{ gained: number[]; lost: number[] }> {
    const now = this.options.now?.() ?? Date.now();
    const lost: number[] = [];
    for (const shard of this.shards) {
      if (!(await this.renew(shard))) {
        this.held.delete(shard);
        lost.push(shard);
      }
    }
    const gained: number[] = [];
    for (let shard = 0; shard < this.options.total; shard++) {
      if (this.held.has(shard)) continue;
      const owner = await this.redis.get(this.key(shard));
      if (owner) {
        this.freeSince.delete(shard);
        continue;
      }
      if (!this.freeSince.has(shard)) this.freeSince.set(shard, now);
      const waited = now - this.freeSince.get(shard)!;
      if (this.held.size > 0 && waited < this.options.graceMs) continue;
      if ((await this.redis.set(this.key(shard), this.options.owner, 'PX', this.options.leaseMs, 'NX')) === 'OK') {
        this.held.add(shard);
        this.freeSince.delete(shard);
        gained.push(shard);
      }
    }
    return { gained, lost };
  }

  /** Gives every held shard back (a clean shutdown), so a replacement takes them at once. */
  async releaseAll(): Promise<void> {
    for (const shard of this.shards) {
      await this.redis.eval(RELEASE, 1, this.key(shard), this.options.owner);
      this.held.delete(shard);
    }
  }

  private async renew(shard: number): Promise<boolean> {
    return (await this.redis.eval(RENEW, 1, this.key(shard), this.options.owner, String(this.options.leaseMs))) === 1;
  }

  private key(shard: number): string {
    return `${this.options.prefix}:discord-shard:${this.options.total}:${shard}`;
  }
}

// Compare-and-renew / compare-and-delete: never extend or free a lease another process took over.
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShardClaims } from '../../../adapters/discord/shard-claims.js';

/** The shard leases bot replicas share (real Redis): spread, renewed, taken over, given back. */
describe.skipIf(!process.env.REDIS_URL)('Discord shard claims', () => {
  let redis: Redis;
  const prefix = `claims-${randomBytes(4).toString('hex')}`;
  let clock = 0;
  const claims = (owner: string, total = 2, leaseMs = 600) => new ShardClaims(redis, { prefix, total, owner, leaseMs, graceMs: 2_000, now: () => clock });
  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL!);
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('spreads the shards over the processes, takes over a dead one after its lease and the grace, and gives back on shutdown', async () => {
    const a = claims('a');
    const b = claims('b');
    expect(await a.tick()).toEqual({ gained: [0], lost: [] });
    // a already runs a shard: shard 1 is left for the next process, which takes it at once.
    expect(await a.tick()).toEqual({ gained: [], lost: [] });
    expect(await b.tick()).toEqual({ gained: [1], lost: [] });
    // Renewals keep the leases past their length.
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 150));
      expect(await a.tick()).toEqual({ gained: [], lost: [] });
      expect(await b.tick()).toEqual({ gained: [], lost: [] });
    }
    // b dies (stops renewing): its lease runs out, then a takes shard 1 once it has been free for the grace.
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 150));
      expect(await a.tick()).toEqual({ gained: [], lost: [] });
    }
    clock += 2_000;
    expect(await a.tick()).toEqual({ gained: [1], lost: [] });
    expect(a.shards).toEqual([0, 1]);
    // A process whose lease was taken over meanwhile (a long pause) learns it lost the shard.
    expect(await b.tick()).toEqual({ gained: [], lost: [1] });
    // A clean shutdown frees everything for a replacement at once.
    await a.releaseAll();
    const c = claims('c');
    expect((await c.tick()).gained).toEqual([0]);
  });

  it('never gives two processes the same shard when they start together', async () => {
    const owners = Array.from({ length: 6 }, (_, i) => claims(`p${i}`, 4, 5_000));
    const gained = (await Promise.all(owners.map((o) => o.tick()))).flatMap((r) => r.gained);
    expect(gained.sort()).toEqual([0, 1, 2, 3]);
    await Promise.all(owners.map((o) => o.releaseAll()));
  });
});

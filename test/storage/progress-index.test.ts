import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProgressRepository } from '../../src/storage/progress-repository.js';
import { planRecorder, type PlanNode } from '../support/query-plans.js';
import { vacuumUntilVisible } from '../support/vacuum-visible.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

const postgres = storageBackends.find((b) => b.name === 'postgres');

/**
 * The plans Postgres picks for `/interview stats` and `/interview leaderboard` on 100,000
 * interviews (500 people, 25 channels, one in ten never answered): sessions are read from the
 * progress indexes of migration 0006, never scanned whole, both for the values given (custom
 * plan) and for any values (generic plan: the app runs statements as named prepared statements).
 */
describe.skipIf(!postgres)('progress indexes on postgres', () => {
  let db: TestDatabase;
  let prefix: string;
  let plansOf: ReturnType<typeof planRecorder>['plansOf'];
  let repository: ProgressRepository;
  const NOW = new Date('2025-03-15T12:00:00Z');

  beforeAll(async () => {
    db = await postgres!.open();
    prefix = `PX${randomBytes(4).toString('hex')}`;
    await sql`
      insert into sessions (id, platform, workspace_id, owner_user_id, channel_id, status, topic, config, created_at, updated_at, ended_at, active_ms, overall_score, answered)
      select md5(${prefix}::text || i)::uuid, 'slack', ${prefix}::text, 'U' || i % 500, 'C' || i % 25, 'completed', 'URL shortener', '{}'::jsonb,
        timestamptz '2025-01-01' + i * interval '1 minute', timestamptz '2025-01-01' + i * interval '1 minute', timestamptz '2025-01-01' + i * interval '1 minute',
        2700000, 40 + i % 50, i % 10 <> 9
      from generate_series(0, 99999) i`.execute(db.handle.db);
    await sql`
      insert into evaluations (session_id, status, overall_score, dimensions, created_at, updated_at)
      select id, 'completed', overall_score, '[{"dimension": "requirements", "score": 3}, {"dimension": "estimation", "score": 2}]'::jsonb, ended_at, ended_at
      from sessions where workspace_id = ${prefix}`.execute(db.handle.db);
    await vacuumUntilVisible(db.handle.db, 'sessions');
    await vacuumUntilVisible(db.handle.db, 'evaluations');
    const recorder = planRecorder(db.handle.db);
    plansOf = recorder.plansOf;
    repository = new ProgressRepository(recorder.recording);
  }, 120_000);
  afterAll(() => db?.cleanup());

  function expectNoFullScan(plan: PlanNode[], index: string) {
    expect(plan.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name'])).toEqual([]);
    expect(plan.map((n) => n['Index Name'])).toContain(index);
  }

  it('reads a person\'s stats from sessions_progress_owner', async () => {
    for (const plan of await plansOf(() => repository.stats({ platform: 'slack', workspaceId: prefix, userId: 'U7' }, NOW, 3))) expectNoFullScan(plan, 'sessions_progress_owner');
    const stats = await repository.stats({ platform: 'slack', workspaceId: prefix, userId: 'U7' }, NOW, 3);
    expect(stats.sessions).toBe(200);
    expect((await repository.stats({ platform: 'slack', workspaceId: prefix, userId: 'U9' }, NOW, 3)).sessions).toBe(0); // never answered
    expect(stats.dimensions.map((d) => [d.dimension, d.average])).toEqual([['estimation', 2], ['requirements', 3]]);
  });

  it('reads a channel\'s leaderboard from sessions_progress_channel, for a period and for all time', async () => {
    for (const period of ['week', 'all'] as const) {
      const query = { platform: 'slack' as const, workspaceId: prefix, channelId: 'C3', period, viewerUserId: 'U3', minScored: 3, size: 10, now: NOW };
      for (const plan of await plansOf(() => repository.leaderboard(query))) expectNoFullScan(plan, 'sessions_progress_channel');
      expect((await repository.leaderboard(query)).entries.length).toBeGreaterThan(0);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceScope } from '../../src/domain/types.js';
import { TopicCatalog } from '../../src/interviewer/catalog/topic-catalog.js';
import { ProgressService } from '../../src/progress/progress-service.js';
import { DataStore } from '../../src/storage/data-store.js';
import { seedInterviews, seedUser } from '../support/seed-progress.js';
import { uniqueWorkspace } from '../support/session-harness.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';
import { TestClock } from '../support/test-clock.js';

// "Now" is Wednesday 2026-01-14 12:00 UTC: this ISO week began Monday 2026-01-12, last week
// Monday 2026-01-05, the one before Monday 2025-12-29 (across the new year); this month 2026-01-01.
const NOW = Date.parse('2026-01-14T12:00:00Z');

describe.each(storageBackends)('progress on $name', (backend) => {
  let db: TestDatabase;
  let clock: TestClock;
  let progress: ProgressService;
  const catalog = new TopicCatalog();

  beforeAll(async () => {
    db = await backend.open();
    clock = new TestClock(NOW);
    progress = new ProgressService(new DataStore(db.handle.db).progress, catalog, clock);
  });
  afterAll(() => db.cleanup());

  const scope = (platform: WorkspaceScope['platform'] = 'slack'): WorkspaceScope => ({ platform, workspaceId: uniqueWorkspace('PR') });
  const seed = (where: WorkspaceScope, ...interviews: Parameters<typeof seedInterviews>[2]) => seedInterviews(db.handle.db, where, interviews);

  describe('stats', () => {
    it('counts completed answered interviews, averages the scored ones, and leaves out everything else', async () => {
      const w = scope();
      await seed(
        w,
        { userId: 'U1', endedAt: '2025-12-29T09:00:00Z', score: 60, topic: 'URL shortener', dimensions: { requirements: 2, estimation: 3, 'tradeoffs-reliability': 3 } },
        { userId: 'U1', endedAt: '2026-01-05T09:00:00Z', score: 70, topic: 'Rate limiter', dimensions: { requirements: 2, estimation: 3, 'tradeoffs-reliability': 3 } },
        { userId: 'U1', endedAt: '2026-01-06T09:00:00Z', score: 80, topic: 'URL shortener', dimensions: { requirements: 3, estimation: 3, 'tradeoffs-reliability': 3, communication: 2 } },
        { userId: 'U1', endedAt: '2026-01-13T09:00:00Z', score: 90, topic: 'Chat system', dimensions: { requirements: 4, estimation: 2, 'tradeoffs-reliability': 3, communication: 4 } },
        // Completed and answered, not scored (its evaluation failed): counted, not averaged.
        { userId: 'U1', endedAt: '2026-01-13T10:00:00Z', score: null, topic: 'URL shortener' },
        // Never answered, still running: not counted at all.
        { userId: 'U1', endedAt: '2026-01-13T11:00:00Z', score: 5, topic: 'Web crawler', answered: false },
        { userId: 'U1', endedAt: '2026-01-13T11:30:00Z', score: null, topic: 'News feed', status: 'active' },
        // Someone else in the same workspace.
        { userId: 'U2', endedAt: '2026-01-13T09:00:00Z', score: 10, topic: 'Video streaming' },
      );
      // The same user id in another workspace, and on another platform with the same workspace id.
      await seed(scope(), { userId: 'U1', endedAt: '2026-01-13T09:00:00Z', score: 5, topic: 'Payment system', dimensions: { requirements: 1 } });
      await seed({ ...w, platform: 'discord' }, { userId: 'U1', endedAt: '2026-01-13T09:00:00Z', score: 5, topic: 'Ride hailing' });

      const { view, optedOut } = await progress.stats({ ...w, userId: 'U1' });
      expect(optedOut).toBe(false);
      expect(view).toMatchObject({ userId: 'U1', displayName: 'Name U1', sessionsCompleted: 5, scoredSessions: 4, averageScore: 75, bestScore: 90, streakWeeks: 3, activeThisWeek: true });
      expect(view.series).toEqual([
        { date: new Date('2025-12-29T09:00:00Z'), overallScore: 60 },
        { date: new Date('2026-01-05T09:00:00Z'), overallScore: 70 },
        { date: new Date('2026-01-06T09:00:00Z'), overallScore: 80 },
        { date: new Date('2026-01-13T09:00:00Z'), overallScore: 90 },
      ]);
      // In the rubric's order; trend: the last 3 against the earlier ones.
      expect(view.dimensions).toEqual([
        { dimension: 'requirements', label: 'Requirements', average: 2.75, count: 4, recentAverage: 3, earlierAverage: 2, trend: 'up' },
        { dimension: 'estimation', label: 'Estimation', average: 2.75, count: 4, recentAverage: 2.67, earlierAverage: 3, trend: 'down' },
        { dimension: 'tradeoffs-reliability', label: expect.any(String), average: 3, count: 4, recentAverage: 3, earlierAverage: 3, trend: 'flat' },
        { dimension: 'communication', label: 'Communication', average: 3, count: 2, recentAverage: 3, earlierAverage: null, trend: null },
      ]);
      expect(view.topicsPractised).toEqual([
        { topic: 'URL shortener', count: 3 },
        { topic: 'Chat system', count: 1 },
        { topic: 'Rate limiter', count: 1 },
      ]);
      expect(view.topicsNotTried).toHaveLength(catalog.topics.length - 3);
      expect(view.topicsNotTried).toEqual(expect.arrayContaining(['Web crawler', 'News feed', 'Video streaming', 'Payment system', 'Ride hailing']));
      expect(view.topicsNotTried).not.toContain('URL shortener');
    });

    it('shows nothing for someone without completed interviews, and every topic as not tried', async () => {
      const w = scope();
      await seed(w, { userId: 'U1', endedAt: '2026-01-13T09:00:00Z', score: null, status: 'active' });
      const { view } = await progress.stats({ ...w, userId: 'U1' }, 'Ada');
      expect(view).toMatchObject({ displayName: 'Ada', sessionsCompleted: 0, scoredSessions: 0, averageScore: null, bestScore: null, streakWeeks: 0, activeThisWeek: false, series: [], dimensions: [], topicsPractised: [] });
      expect(view.topicsNotTried).toHaveLength(catalog.topics.length);
    });

    it('counts the streak in ISO weeks (Monday 00:00 UTC), from last week while this week has none, across the new year', async () => {
      const w = scope();
      await seed(
        w,
        { userId: 'U1', endedAt: '2026-01-11T23:59:59Z', score: 70 }, // Sunday: last week
        { userId: 'U1', endedAt: '2026-01-04T23:30:00Z', score: 70 }, // Sunday: the week of 2025-12-29
        { userId: 'U1', endedAt: '2025-12-22T00:00:00Z', score: 70 }, // Monday 00:00: the week of 2025-12-22
        { userId: 'U1', endedAt: '2025-12-08T12:00:00Z', score: 70 }, // after a gap (no week of 2025-12-15): not in the streak
      );
      const at = (iso: string) => new ProgressService(new DataStore(db.handle.db).progress, catalog, new TestClock(Date.parse(iso)));
      expect((await at('2026-01-14T12:00:00Z').stats({ ...w, userId: 'U1' })).view).toMatchObject({ streakWeeks: 3, activeThisWeek: false });
      // Monday 00:00 of the next week: last week had none, so the streak is over.
      expect((await at('2026-01-19T00:00:00Z').stats({ ...w, userId: 'U1' })).view).toMatchObject({ streakWeeks: 0, activeThisWeek: false });
      // Sunday night of last week, the streak is this week's.
      expect((await at('2026-01-11T23:59:59Z').stats({ ...w, userId: 'U1' })).view).toMatchObject({ streakWeeks: 3, activeThisWeek: true });
      // One more this week extends it to 4, this week included.
      await seed(w, { userId: 'U1', endedAt: '2026-01-12T00:00:00Z', score: 70 });
      expect((await at('2026-01-14T12:00:00Z').stats({ ...w, userId: 'U1' })).view).toMatchObject({ streakWeeks: 4, activeThisWeek: true });
      // Interviews after "now" (clock skew) do not count toward it.
      expect((await at('2026-01-03T12:00:00Z').stats({ ...w, userId: 'U1' })).view).toMatchObject({ streakWeeks: 1, activeThisWeek: false });
    });

    it('reports the opt-out flag with the stats', async () => {
      const w = scope();
      await seedUser(db.handle.db, w, 'U1', 'Grace', true);
      await seed(w, { userId: 'U1', endedAt: '2026-01-13T09:00:00Z', score: 70 });
      expect(await progress.stats({ ...w, userId: 'U1' })).toMatchObject({ optedOut: true, view: { displayName: 'Grace', sessionsCompleted: 1 } });
      await progress.setLeaderboardOptOut({ ...w, userId: 'U1' }, false);
      expect(await progress.stats({ ...w, userId: 'U1' })).toMatchObject({ optedOut: false });
    });
  });

  describe('leaderboard', () => {
    let w: WorkspaceScope;
    beforeAll(async () => {
      w = scope();
      for (const [id, name] of [['A', 'Alice'], ['B', 'Bob'], ['C', 'Carol'], ['G', 'Gus']] as const) await seedUser(db.handle.db, w, id, name);
      await seedUser(db.handle.db, w, 'D', 'Dora', true);
      const week = (userId: string, score: number | null, extra = {}) => ({ userId, endedAt: '2026-01-13T09:00:00Z', score, channelId: 'C1', ...extra });
      await seed(
        w,
        week('A', 80), week('A', 80), week('A', 80), week('A', null),
        week('B', 90), week('B', 90), week('B', 90),
        { userId: 'B', endedAt: '2025-12-31T23:59:59Z', score: 20, channelId: 'C1' }, // last month
        { userId: 'B', endedAt: '2025-11-02T10:00:00Z', score: 20, channelId: 'C1' },
        week('C', 100), week('C', 100), // too few scored for the average ranking
        week('D', 95), week('D', 95), week('D', 95), week('D', 95), week('D', 95), // opted out
        week('E', 99, { channelId: 'C2' }), // another channel
        week('H', 99, { answered: false }), week('H', null, { status: 'active' }), // never answered, still running
        // This month, before this week (Friday 2026-01-02 and Sunday 2026-01-11 23:59:59).
        { userId: 'G', endedAt: '2026-01-02T10:00:00Z', score: 50, channelId: 'C1' },
        { userId: 'G', endedAt: '2026-01-02T11:00:00Z', score: 50, channelId: 'C1' },
        { userId: 'G', endedAt: '2026-01-11T23:59:59Z', score: 50, channelId: 'C1' },
      );
      // Another workspace with the same channel id, and the same workspace id on another platform.
      const other = scope();
      await seed(other, ...Array.from({ length: 6 }, () => week('F', 100)));
      await seed({ ...w, platform: 'discord' }, ...Array.from({ length: 6 }, () => week('F', 100)));
    });

    const board = (period: 'week' | 'month' | 'all', viewer = 'A') => progress.leaderboard({ ...w, channelId: 'C1', viewerUserId: viewer }, period);
    const names = (rows: { rank: number; displayName: string }[]) => rows.map((r) => `${r.rank}. ${r.displayName}`);

    it('ranks this week by interviews and by average score (3 scored at least), without opted-out people, other channels or workspaces', async () => {
      const view = await board('week');
      expect(view).toMatchObject({ channelId: 'C1', period: 'week', since: new Date('2026-01-12T00:00:00Z'), minScored: 3, viewerOptedOut: false });
      expect(view.bySessions).toEqual([
        { rank: 1, userId: 'A', displayName: 'Alice', sessions: 4, scored: 3, averageScore: 80 },
        { rank: 2, userId: 'B', displayName: 'Bob', sessions: 3, scored: 3, averageScore: 90 },
        { rank: 3, userId: 'C', displayName: 'Carol', sessions: 2, scored: 2, averageScore: 100 },
      ]);
      expect(names(view.byAverage)).toEqual(['1. Bob', '2. Alice']);
    });

    it('this month starts on the 1st (UTC), all time has no start', async () => {
      const month = await board('month');
      expect(month.since).toEqual(new Date('2026-01-01T00:00:00Z'));
      expect(names(month.bySessions)).toEqual(['1. Alice', '2. Bob', '2. Gus', '4. Carol']);
      expect(names(month.byAverage)).toEqual(['1. Bob', '2. Alice', '3. Gus']);
      const all = await board('all');
      expect(all.since).toBeNull();
      expect(all.bySessions.map((r) => [r.displayName, r.sessions])).toEqual([['Bob', 5], ['Alice', 4], ['Gus', 3], ['Carol', 2]]);
      expect(all.byAverage.map((r) => [r.displayName, r.averageScore])).toEqual([['Alice', 80], ['Bob', 62], ['Gus', 50]]);
    });

    it('opt-out takes a person off at once, opt-in puts them back, and the viewer is told they are hidden', async () => {
      await progress.setLeaderboardOptOut({ ...w, userId: 'A', displayName: 'Alice' }, true);
      const hidden = await board('week', 'A');
      expect(hidden.viewerOptedOut).toBe(true);
      expect(names(hidden.bySessions)).toEqual(['1. Bob', '2. Carol']);
      await progress.setLeaderboardOptOut({ ...w, userId: 'A' }, false);
      await progress.setLeaderboardOptOut({ ...w, userId: 'D' }, false);
      const back = await board('week', 'A');
      expect(back.viewerOptedOut).toBe(false);
      expect(names(back.bySessions)).toEqual(['1. Dora', '2. Alice', '3. Bob', '4. Carol']);
      expect(names(back.byAverage)).toEqual(['1. Dora', '2. Bob', '3. Alice']);
      await progress.setLeaderboardOptOut({ ...w, userId: 'D' }, true);
    });

    it('a person never seen before can opt out (a users row is created), and an empty channel has empty rankings', async () => {
      await progress.setLeaderboardOptOut({ ...w, userId: 'NEW', displayName: 'Newt' }, true);
      const view = await progress.leaderboard({ ...w, channelId: 'C-EMPTY', viewerUserId: 'NEW' }, 'week');
      expect(view).toMatchObject({ bySessions: [], byAverage: [], viewerOptedOut: true, since: new Date('2026-01-12T00:00:00Z') });
    });

    it('keeps at most 10 a ranking', async () => {
      const big = scope();
      await seed(big, ...Array.from({ length: 14 }, (_, i) => Array.from({ length: 3 + (i % 4) }, () => ({ userId: `P${i}`, endedAt: '2026-01-13T09:00:00Z', score: 50 + i, channelId: 'C1' }))).flat());
      const view = await progress.leaderboard({ ...big, channelId: 'C1', viewerUserId: 'P0' }, 'week');
      expect(view.bySessions.length).toBe(10);
      expect(view.byAverage.map((r) => r.averageScore)).toEqual([63, 62, 61, 60, 59, 58, 57, 56, 55, 54]);
    });
  });
});

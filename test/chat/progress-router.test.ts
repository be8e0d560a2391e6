import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatPorts } from '../../src/chat/chat-port.js';
import type { InboundCommand } from '../../src/chat/inbound.js';
import type { OutboundMessage } from '../../src/chat/outbound-message.js';
import type { LeaderboardView, StatsView } from '../../src/progress/progress-types.js';
import { buildChatStack } from '../support/chat-stack.js';
import { memoryLogger } from '../support/memory-log.js';
import { until } from '../support/queue-backends.js';
import { RecordingChatPort } from '../support/recording-chat-port.js';
import { seedInterviews } from '../support/seed-progress.js';
import { uniqueWorkspace } from '../support/session-harness.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

/** Seeded interviews ended a minute ago: inside this week and this month (but on the very first minute of one). */
const AGO = 60_000;

describe.each(storageBackends)('/interview stats and leaderboard through the router on $name', (backend) => {
  let db: TestDatabase;
  let port: RecordingChatPort;
  let stack: Awaited<ReturnType<typeof buildChatStack>>;

  beforeAll(async () => {
    db = await backend.open();
    port = new RecordingChatPort();
    stack = await buildChatStack(db.handle, new ChatPorts().register('slack', port), memoryLogger().logger);
  });
  afterAll(async () => {
    await stack.close();
    await db.cleanup();
  });

  /** A private conversation with the bot in one workspace: `ask` returns the private reply. */
  function workspace(workspaceId = uniqueWorkspace('WP')) {
    const ask = async (text: string, userId = 'U1', extra: Partial<InboundCommand> = {}): Promise<OutboundMessage> => {
      const replies: OutboundMessage[] = [];
      await stack.router.handleCommand({ platform: 'slack', workspaceId, channelId: 'C1', user: { userId, displayName: `Name ${userId}` }, text, ...extra }, async (m) => {
        replies.push(m);
      });
      expect(replies.length).toBeLessThanOrEqual(1);
      // pause, resume and end answer in the thread, not privately.
      return replies[0] ?? { kind: 'text', text: '(no private reply)' };
    };
    return { workspaceId, ask };
  }
  const statsOf = (m: OutboundMessage): StatsView => {
    expect(m.kind).toBe('stats');
    return (m as Extract<OutboundMessage, { kind: 'stats' }>).stats;
  };
  const boardOf = (m: OutboundMessage): LeaderboardView => {
    expect(m.kind).toBe('leaderboard');
    return (m as Extract<OutboundMessage, { kind: 'leaderboard' }>).leaderboard;
  };

  it('counts an interview done through the bot: started, answered, ended and evaluated', async () => {
    const w = workspace();
    expect(statsOf(await w.ask('stats'))).toMatchObject({ displayName: 'Name U1', sessionsCompleted: 0, streakWeeks: 0 });
    await w.ask('start url shortener');
    const session = (await stack.sessions.getActiveSession({ platform: 'slack', workspaceId: w.workspaceId, userId: 'U1' }))!;
    const say = (text: string, i: number) =>
      stack.router.handleThreadMessage({ platform: 'slack', workspaceId: w.workspaceId, channelId: 'C1', threadId: session.threadId!, user: { userId: 'U1' }, text, messageId: `m${i}` }, async () => undefined);
    const answers = [
      'Users paste a long URL and get a short code; redirects must take under 50 ms at p99 and the service must stay available.',
      'About 100M new links a day is roughly 1,160 writes per second, and reads are 10x that, so 11,600 redirects per second.',
      'I would store the mapping in a key-value store keyed by the short code, because lookups are by key only; the cost is no range queries.',
    ];
    for (const [i, text] of answers.entries()) {
      await say(text, i);
      await until(() => port.postsFor(session.threadId!).length >= 3 + i, 20_000, `reply ${i + 1}`);
    }
    await w.ask('end');
    await until(() => port.postsFor(session.threadId!).some((p) => p.message.kind === 'evaluation'), 20_000, 'evaluation card');
    const report = await stack.sessions.getEvaluation(session.id, { platform: 'slack', workspaceId: w.workspaceId });

    const stats = statsOf(await w.ask('stats'));
    expect(report).toMatchObject({ status: 'completed', overallScore: expect.any(Number) });
    const scored = report!.overallScore!;
    expect(stats).toMatchObject({ sessionsCompleted: 1, scoredSessions: 1, averageScore: scored, bestScore: scored, streakWeeks: 1, activeThisWeek: true, topicsPractised: [{ topic: 'URL shortener', count: 1 }] });
    expect(stats.topicsNotTried).not.toContain('URL shortener');
    expect(stats.series).toEqual([{ date: expect.any(Date), overallScore: scored }]);
    expect(stats.dimensions.length).toBeGreaterThan(0);
    const board = boardOf(await w.ask('leaderboard'));
    expect(board.bySessions).toEqual([expect.objectContaining({ rank: 1, userId: 'U1', sessions: 1 })]);
  });

  it("shows a teammate's stats unless they opted out, leaves opted-out people off the leaderboard, and opt-in undoes it", async () => {
    const w = workspace();
    const recent = (userId: string, score: number, channelId = 'C1') => ({ userId, endedAt: new Date(Date.now() - AGO), score, channelId, dimensions: { requirements: 3 } });
    await seedInterviews(db.handle.db, { platform: 'slack', workspaceId: w.workspaceId }, [recent('U1', 70), recent('U2', 80), recent('U2', 90), recent('U2', 60), recent('U3', 50, 'C2')]);

    expect(statsOf(await w.ask('stats <@U2|bob>'))).toMatchObject({ userId: 'U2', displayName: 'Name U2', sessionsCompleted: 3, averageScore: 76.7, bestScore: 90 });
    expect(boardOf(await w.ask('leaderboard')).bySessions.map((r) => r.userId)).toEqual(['U2', 'U1']);
    expect(boardOf(await w.ask('leaderboard all', 'U1', { channelId: 'C2' })).bySessions.map((r) => r.userId)).toEqual(['U3']);

    expect(await w.ask('leaderboard opt-out', 'U2')).toMatchObject({ kind: 'notice', text: expect.stringContaining('You are now left out of leaderboards') });
    expect(await w.ask('stats <@U2>')).toMatchObject({ kind: 'notice', text: 'Name U2 opted out of leaderboards, so their stats are shown only to them.' });
    expect(statsOf(await w.ask('stats', 'U2'))).toMatchObject({ sessionsCompleted: 3 });
    expect(statsOf(await w.ask('stats <@U2>', 'U2'))).toMatchObject({ sessionsCompleted: 3 });
    expect(boardOf(await w.ask('leaderboard month')).bySessions.map((r) => r.userId)).toEqual(['U1']);
    expect(boardOf(await w.ask('leaderboard', 'U2'))).toMatchObject({ viewerOptedOut: true });

    expect(await w.ask('leaderboard opt-in', 'U2')).toMatchObject({ kind: 'notice', text: expect.stringContaining('You are on leaderboards again') });
    expect(boardOf(await w.ask('leaderboard')).bySessions.map((r) => r.userId)).toEqual(['U2', 'U1']);
    expect(statsOf(await w.ask('stats <@U2>'))).toMatchObject({ sessionsCompleted: 3 });
  });

  it('never counts another workspace: the same ids elsewhere see nothing', async () => {
    const w = workspace();
    await seedInterviews(db.handle.db, { platform: 'slack', workspaceId: w.workspaceId }, [{ userId: 'U1', endedAt: new Date(Date.now() - AGO), score: 70, channelId: 'C1' }]);
    const elsewhere = workspace();
    expect(statsOf(await elsewhere.ask('stats'))).toMatchObject({ sessionsCompleted: 0 });
    expect(statsOf(await elsewhere.ask('stats <@U1>', 'U2'))).toMatchObject({ sessionsCompleted: 0 });
    expect(boardOf(await elsewhere.ask('leaderboard all')).bySessions).toEqual([]);
    // An opt-out in one workspace is not one in another.
    await w.ask('leaderboard opt-out');
    expect(boardOf(await elsewhere.ask('leaderboard')).viewerOptedOut).toBe(false);
  });

  it('refuses bad arguments privately with the reason and the help', async () => {
    const w = workspace();
    expect(await w.ask('stats @bob')).toMatchObject({ kind: 'help', text: expect.stringContaining('is not a mention I can read') });
    expect(await w.ask('leaderboard year')).toMatchObject({ kind: 'help', text: expect.stringContaining('`year` is not a period.') });
  });
});

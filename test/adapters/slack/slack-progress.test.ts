import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHART_IN_DM } from '../../../adapters/slack/slack-listeners.js';
import { postSlashCommand } from '../../fakes/slack-signed-request.js';
import type { SlackFake } from '../../fakes/slack-web-api-fake.js';
import { memoryLogger } from '../../support/memory-log.js';
import { decodePng } from '../../support/png.js';
import { until } from '../../support/queue-backends.js';
import { seedInterviews } from '../../support/seed-progress.js';
import { startSlackOverBolt, type SlackOverBolt } from '../../support/slack-over-bolt.js';
import { storageBackends, type TestDatabase } from '../../support/storage-backends.js';

const SECRET = 'test-signing-secret';
const TEAM = 'T_PROGRESS';
const TOKEN = 'xoxb-test-progress';
const today = () => new Date().toISOString().slice(0, 10);

/** `/interview stats <@U…|name>` and `leaderboard` as signed slash commands through Bolt: ephemeral Block Kit replies. */
describe('Slack /interview stats and leaderboard', () => {
  const backend = storageBackends[0]!;
  let db: TestDatabase;
  let slack: SlackFake;
  let bolt: SlackOverBolt;
  let url: string;
  const logs = memoryLogger();

  beforeAll(async () => {
    db = await backend.open();
    bolt = await startSlackOverBolt(db.handle, { teamId: TEAM, secret: SECRET, botToken: TOKEN, logger: logs.logger });
    ({ slack, url } = bolt);
  });
  afterAll(async () => {
    await bolt.close();
    await db.cleanup();
  });

  async function ask(text: string, user: string, id: string): Promise<string> {
    const response = await postSlashCommand(url, SECRET, { text, team_id: TEAM, channel_id: 'CPRACTICE', user_id: user, response_url: slack.responseUrl(id) });
    expect(response.status).toBe(200);
    await until(() => slack.responses.some((r) => r.id === id), 5_000, `${text} response`);
    return JSON.stringify(slack.responses.filter((r) => r.id === id).map((r) => r.body));
  }

  it('answers privately with blocks, reads an escaped mention, and keeps an opted-out teammate private', async () => {
    const recent = (userId: string, score: number) => ({ userId, endedAt: new Date(Date.now() - 60_000), score, channelId: 'CPRACTICE', displayName: userId === 'UADA' ? 'ada' : 'bob' });
    await seedInterviews(db.handle.db, { platform: 'slack', workspaceId: TEAM }, [recent('UADA', 70), recent('UBOB', 80), recent('UBOB', 90)]);

    const mine = await ask('stats', 'UADA', 'mine');
    expect(mine).toContain('ephemeral');
    expect(mine).toContain('Progress: ');
    expect(mine).toContain('70/100');
    // The chart cannot ride on an ephemeral message: it is uploaded, once, into the asker's DM with the bot, and the reply says so.
    expect(mine).toContain(CHART_IN_DM);
    expect(slack.callsOf('conversations.open').map((c) => c.args.users)).toEqual(['UADA']);
    expect(slack.files.map((f) => [f.filename, f.channel_id, f.thread_ts])).toEqual([[`stats-UADA-${today()}.png`, 'DADA', undefined]]);
    expect([decodePng(slack.files[0]!.bytes).width, decodePng(slack.files[0]!.bytes).height]).toEqual([1200, 630]);
    expect(slack.files[0]!.initial_comment).toContain('/interview stats');
    expect(String(slack.callsOf('files.getUploadURLExternal')[0]!.args.alt_text)).toContain("Line chart of UADA's overall scores out of 100");

    const theirs = await ask('stats <@UBOB|bob>', 'UADA', 'theirs');
    expect(theirs).toContain('Progress: bob');
    expect(theirs).toContain('85/100');
    // A teammate's chart goes to the asker, not to the teammate.
    expect(slack.files.map((f) => [f.filename, f.channel_id])).toEqual([
      [`stats-UADA-${today()}.png`, 'DADA'],
      [`stats-UBOB-${today()}.png`, 'DADA'],
    ]);

    const board = await ask('leaderboard all', 'UADA', 'board');
    expect(board).toContain('ephemeral');
    expect(board).toContain('1. bob: 2 interviews');
    expect(board).toContain('2. ada: 1 interview');
    expect(board).toContain('<#CPRACTICE>');

    expect(await ask('leaderboard opt-out', 'UBOB', 'out')).toContain('left out of leaderboards');
    expect(await ask('stats <@UBOB>', 'UADA', 'again')).toContain('opted out of leaderboards');
    expect(await ask('leaderboard all', 'UADA', 'board2')).not.toContain('bob');
    // Neither the refusal nor the leaderboard has a chart.
    expect(slack.files).toHaveLength(2);
    slack.assertNoUnexpected();
  });

  it('acknowledges the command before the chart is drawn and uploaded', async () => {
    await seedInterviews(db.handle.db, { platform: 'slack', workspaceId: TEAM }, [{ userId: 'USLOW', endedAt: new Date(Date.now() - 60_000), score: 55, channelId: 'CPRACTICE', displayName: 'slow' }]);
    slack.setHandler('conversations.open', async () => {
      await new Promise((r) => setTimeout(r, 1_000));
      return { channel: { id: 'DSLOW' } };
    });
    try {
      const started = Date.now();
      const response = await postSlashCommand(url, SECRET, { text: 'stats', team_id: TEAM, channel_id: 'CPRACTICE', user_id: 'USLOW', response_url: slack.responseUrl('slow') });
      expect(response.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(800);
      await until(() => slack.responses.some((r) => r.id === 'slow'), 5_000, 'stats after the upload');
      expect(JSON.stringify(slack.responses.find((r) => r.id === 'slow')!.body)).toContain(CHART_IN_DM);
      expect(slack.files.filter((f) => f.channel_id === 'DSLOW')).toHaveLength(1);
    } finally {
      slack.setHandler('conversations.open', undefined);
    }
  });

  it('no scored interview: the stats without a chart and without a direct message', async () => {
    const opened = slack.callsOf('conversations.open').length;
    const reply = await ask('stats', 'UNEW', 'new');
    expect(reply).toContain('Progress: ');
    expect(reply).not.toContain(CHART_IN_DM);
    expect(slack.callsOf('conversations.open')).toHaveLength(opened);
    slack.assertNoUnexpected();
  });

  it.each([
    ['conversations.open', 'missing_scope'],
    ['files.getUploadURLExternal', 'missing_scope'],
    ['conversations.open', 'not_allowed_token_type'],
  ])('without permission (%s: %s) the stats still arrive, without the chart note, and a warning gives the code', async (method, code) => {
    const user = `UPERM${method.length}${code.length}`;
    await seedInterviews(db.handle.db, { platform: 'slack', workspaceId: TEAM }, [{ userId: user, endedAt: new Date(Date.now() - 60_000), score: 60, channelId: 'CPRACTICE', displayName: 'perm' }]);
    const files = slack.files.length;
    const warnings = () => logs.lines().filter((l) => l.operation === 'stats_chart');
    const before = warnings().length;
    slack.failNext(method, { error: code });
    const reply = await ask('stats', user, `perm-${method}-${code}`);
    expect(reply).toContain('60/100');
    expect(reply).not.toContain(CHART_IN_DM);
    expect(slack.files).toHaveLength(files);
    const warning = warnings()[before]!;
    expect(warning).toMatchObject({ level: 'WARN', component: 'SlackAdapter', metadata: { code } });
    expect(String(warning.message)).toContain('im:write');
    expect(logs.raw()).not.toContain(TOKEN);
    expect(slack.pendingFailures()).toBe(0);
    slack.assertNoUnexpected();
  });
});

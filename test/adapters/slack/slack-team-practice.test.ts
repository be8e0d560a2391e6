import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackPort } from '../../../adapters/slack/slack-app.js';
import { ChatPorts } from '../../../src/chat/chat-port.js';
import { runPracticePrompt } from '../../../src/schedules/practice-prompt-job.js';
import { blockActionsPayload, postInteraction, postSlashCommand } from '../../fakes/slack-signed-request.js';
import type { SlackFake } from '../../fakes/slack-web-api-fake.js';
import { memoryLogger } from '../../support/memory-log.js';
import { until } from '../../support/queue-backends.js';
import { startSlackOverBolt, type SlackOverBolt } from '../../support/slack-over-bolt.js';
import { storageBackends, type TestDatabase } from '../../support/storage-backends.js';

const SECRET = 'test-signing-secret';
const TEAM = 'T_FAKE';

describe.each(storageBackends)('channel settings and scheduled practice through Bolt on $name', (backend) => {
  let db: TestDatabase;
  let bolt: SlackOverBolt;
  let slack: SlackFake;
  let stack: SlackOverBolt['stack'];
  let url: string;
  const logger = memoryLogger().logger;

  beforeAll(async () => {
    db = await backend.open();
    bolt = await startSlackOverBolt(db.handle, { teamId: TEAM, secret: SECRET, logger });
    ({ slack, stack, url } = bolt);
    slack.setUser({ id: 'U_ADMIN', name: 'alice', isAdmin: true });
    slack.setUser({ id: 'U_BEA', name: 'bea' });
    slack.setUser({ id: 'U_CAL', name: 'cal' });
  });
  afterAll(async () => {
    await bolt.close();
    await db.cleanup();
  });

  /** What the practice-prompt job runs with, as the queue would give it (its own Slack port). */
  const promptDeps = () => ({ store: stack.store, queue: stack.queue, chat: new ChatPorts().register('slack', createSlackPort({ botToken: 'xoxb-test', signingSecret: SECRET, apiUrl: slack.apiUrl }, logger)), catalog: stack.catalog, clock: { now: () => new Date() }, logger });

  let n = 0;
  async function command(channel: string, user: string, text: string): Promise<string> {
    const id = `${channel}-${user}-${++n}`;
    const response = await postSlashCommand(url, SECRET, { text, team_id: TEAM, channel_id: channel, user_id: user, response_url: slack.responseUrl(id) });
    expect(response.status).toBe(200);
    await until(() => slack.responses.some((r) => r.id === id), 5_000, `reply to ${text}`);
    return JSON.stringify(slack.responses.find((r) => r.id === id)!.body);
  }

  it('settings: a non-admin is refused privately, an admin sets them, a start outside the list is refused', async () => {
    const channel = `CTP${process.pid}a`;
    expect(await command(channel, 'U_BEA', 'channel topics fixed url-shortener')).toContain('Only workspace admins can change channel settings');
    expect(await command(channel, 'U_ADMIN', 'channel topics fixed url-shortener,rate-limiter')).toContain('only URL shortener, Rate limiter');
    const refused = await command(channel, 'U_BEA', 'start news feed');
    expect(refused).toContain('This channel practises only URL shortener, Rate limiter');
    expect(refused).toContain('"response_type":"ephemeral"');
    expect(slack.callsOf('chat.postMessage').filter((c) => c.args.channel === channel)).toHaveLength(0);
    expect(await command(channel, 'U_ADMIN', 'channel starters <@U_ADMIN> <@U_CAL|cal>')).toContain('admins and');
    expect(await command(channel, 'U_BEA', 'start url shortener')).toContain('Only the people this channel lists may start interviews here');
  });

  it('schedule: created by an admin with its next run; the prompt is posted with a Start button that starts an interview for the presser', async () => {
    const channel = `CTP${process.pid}b`;
    expect(await command(channel, 'U_BEA', 'schedule weekdays 10:00 Europe/Berlin')).toContain('Only workspace admins can schedule practice');
    expect(await command(channel, 'U_ADMIN', 'schedule weekdays 10:00 Europe/Berin')).toContain('is not a time zone I know');
    const created = await command(channel, 'U_ADMIN', 'schedule weekdays 10:00 Europe/Berlin');
    expect(created).toMatch(/Next prompt: \w{3}, \d{1,2} \w{3} \d{4}, 10:00 CES?T \(\d{4}-\d\d-\d\d 0[89]:00 UTC\)/);
    await command(channel, 'U_ADMIN', 'channel topics rotate rate-limiter');

    // The schedule fires (its job, as the queue runs it).
    const [schedule] = await stack.store.schedules.listActive({ platform: 'slack', workspaceId: TEAM, channelId: channel });
    const deps = promptDeps();
    expect(await runPracticePrompt(deps, { scheduleId: schedule!.id }, { jobId: 'j', attempt: 1, maxAttempts: 5, scheduledFor: new Date(Math.floor(Date.now() / 60_000) * 60_000) })).toBe('posted');
    const prompt = slack.messagesInChannel(channel)[0]!;
    expect(prompt.text).toContain('Rate limiter');
    expect(JSON.stringify(prompt.blocks)).toContain('"action_id":"practice_start"');
    expect(JSON.stringify(prompt.blocks)).toContain('"value":"rate-limiter"');

    await postInteraction(url, SECRET, blockActionsPayload({ actionId: 'practice_start', value: 'rate-limiter', userId: 'U_CAL', channelId: channel, messageTs: prompt.ts, teamId: TEAM, responseUrl: slack.responseUrl(`${channel}-press`) }));
    await until(() => slack.messagesInChannel(channel).filter((m) => !m.thread_ts || m.thread_ts === m.ts).length >= 2, 5_000, 'interview root');
    const live = () => stack.sessions.getActiveSession({ platform: 'slack', workspaceId: TEAM, userId: 'U_CAL' });
    await until(async () => (await live())?.status === 'active', 5_000, 'interview started');
    const session = await live();
    expect(session).toMatchObject({ ownerUserId: 'U_CAL', topic: 'Rate limiter', channelId: channel });
    expect(session!.threadId).not.toBe(prompt.ts);
    // The opening question is posted by a job: waited for, so no post of this test's is still
    // under way when the next one queues a failure for chat.postMessage.
    await until(() => slack.messagesInThread(channel, session!.threadId!).length >= 2, 5_000, 'opening question');
  });

  it('a prompt Slack posted before answering 500 is found on the retry, not posted twice', async () => {
    const channel = `CTP${process.pid}c`;
    await command(channel, 'U_ADMIN', 'schedule daily 09:00 UTC');
    const [schedule] = await stack.store.schedules.listActive({ platform: 'slack', workspaceId: TEAM, channelId: channel });
    const deps = promptDeps();
    const fire = (attempt: number) => runPracticePrompt(deps, { scheduleId: schedule!.id }, { jobId: 'j2', attempt, maxAttempts: 5, scheduledFor: new Date(Math.floor(Date.now() / 60_000) * 60_000) });
    slack.failNext('chat.postMessage', { error: 'internal_error', status: 500, applied: true });
    await expect(fire(1)).rejects.toBeTruthy();
    expect(slack.messagesInChannel(channel)).toHaveLength(1);
    expect(await fire(2)).toBe('posted');
    expect(slack.messagesInChannel(channel)).toHaveLength(1);
    expect(await fire(3)).toBe('already-posted');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNREADABLE_ACTION, UNREADABLE_MESSAGE } from '../../../src/chat/chat-router.js';
import { blockActionsPayload, messageEvent, postEvent, postInteraction, postSlashCommand } from '../../fakes/slack-signed-request.js';
import { memoryLogger } from '../../support/memory-log.js';
import { until } from '../../support/queue-backends.js';
import { startSlackOverBolt, type SlackOverBolt } from '../../support/slack-over-bolt.js';
import { storageBackends, type TestDatabase } from '../../support/storage-backends.js';

const SECRET = 'test-signing-secret';
const TEAM = 'T_UNREAD';

/**
 * Slack events and button presses that fail validation, through the real Bolt adapter (HTTP,
 * behind the gate): acknowledged 200, nothing stored, one warning; where the person and the
 * place are known, they are told privately that it could not be read and was not saved (a
 * message only inside a live interview's thread).
 */
describe.each(storageBackends)('unreadable Slack payloads on $name', (backend) => {
  const logs = memoryLogger();
  let db: TestDatabase;
  let bolt: SlackOverBolt;
  let counter = 0;

  beforeAll(async () => {
    db = await backend.open();
    bolt = await startSlackOverBolt(db.handle, { teamId: TEAM, secret: SECRET, logger: logs.logger });
  });
  afterAll(async () => {
    await bolt?.close();
    await db?.cleanup();
  });

  async function start(user: string) {
    const { slack, url } = bolt;
    const channel = `CUNR${process.pid}${++counter}`;
    await postSlashCommand(url, SECRET, { text: 'start url shortener', team_id: TEAM, channel_id: channel, user_id: user, response_url: slack.responseUrl(`${channel}-${user}`) });
    await until(() => slack.messagesInChannel(channel).length >= 1, 10_000, 'root posted');
    const root = slack.messagesInChannel(channel)[0]!.ts;
    await until(() => slack.messagesInThread(channel, root).length >= 2, 10_000, 'opening question');
    return { channel, root };
  }
  const privately = (user: string) => bolt.slack.ephemerals.filter((e) => e.user === user).map((e) => ({ text: e.text, channel: e.channel, thread_ts: e.thread_ts }));
  const invalidWarnings = () => logs.lines().filter((l) => l.operation === 'validate_payload');

  it('a thread message with a NUL character in an interview thread: 200, nothing stored, the author told privately it was not saved', async () => {
    const user = 'U_NUL_AUTHOR';
    const { channel, root } = await start(user);
    const warned = invalidWarnings().length;
    const res = await postEvent(bolt.url, SECRET, messageEvent({ channel, user, team: TEAM, text: 'SECRET answer \u0000 here', thread_ts: root }), { teamId: TEAM });
    expect(res.status).toBe(200);
    await until(() => privately(user).length === 1, 5_000, 'the private note');
    expect(privately(user)).toEqual([{ text: `❌ ${UNREADABLE_MESSAGE}`, channel, thread_ts: root }]);
    expect(invalidWarnings()).toHaveLength(warned + 1);
    expect(logs.raw()).not.toContain('SECRET answer');
    const session = await bolt.stack.sessions.getActiveSession({ platform: 'slack', workspaceId: TEAM, userId: user });
    const transcript = await bolt.stack.sessions.getTranscript(session!.id, { platform: 'slack', workspaceId: TEAM });
    expect(transcript.filter((m) => m.role === 'candidate')).toEqual([]);
    // The root and the opening question only: no reply to it.
    expect(bolt.slack.messagesInThread(channel, root).filter((m) => m.bot_id)).toHaveLength(2);
  });

  it('the same in a thread that is no interview, or with a user id that is not one: a warning only, nobody told', async () => {
    const warned = invalidWarnings().length;
    const before = bolt.slack.ephemerals.length;
    const channel = `CUNR${process.pid}${++counter}`;
    const thread = bolt.slack.addMessage({ channel, user: 'U_SOMEONE', text: 'lunch?' });
    await postEvent(bolt.url, SECRET, messageEvent({ channel, user: 'U_SOMEONE', team: TEAM, text: 'sure \u0000', thread_ts: thread }), { teamId: TEAM });
    await postEvent(bolt.url, SECRET, messageEvent({ channel, user: 'U0\u0000X', team: TEAM, text: 'hello', thread_ts: thread }), { teamId: TEAM });
    await until(() => invalidWarnings().length === warned + 2, 5_000, 'two warnings');
    await new Promise((r) => setTimeout(r, 500));
    expect(bolt.slack.ephemerals).toHaveLength(before);
  });

  it('a button press that cannot be read: 200, the presser told privately that nothing was done', async () => {
    const user = 'U_PRESSER';
    const { channel, root } = await start(user);
    const payload = blockActionsPayload({ actionId: 'session_pause', value: 'x'.repeat(5_000), userId: user, channelId: channel, messageTs: root, teamId: TEAM });
    const res = await postInteraction(bolt.url, SECRET, payload);
    expect(res.status).toBe(200);
    await until(() => privately(user).length === 1, 5_000, 'the private note');
    expect(privately(user)).toEqual([{ text: `❌ ${UNREADABLE_ACTION}`, channel, thread_ts: root }]);
    const session = await bolt.stack.sessions.getActiveSession({ platform: 'slack', workspaceId: TEAM, userId: user });
    expect(session!.status).toBe('active');
  });
});

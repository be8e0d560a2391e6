import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackPort, startSlackAdapter, type SlackAdapter } from '../../../adapters/slack/slack-app.js';
import { ChatPorts } from '../../../src/chat/chat-port.js';
import { AppMetrics } from '../../../src/observability/metrics.js';
import { blockActionsPayload, messageEvent, postEvent, postInteraction, postSlashCommand } from '../../fakes/slack-signed-request.js';
import { startSlackFake, type SlackFake } from '../../fakes/slack-web-api-fake.js';
import { buildChatStack } from '../../support/chat-stack.js';
import { memoryLogger } from '../../support/memory-log.js';
import { until } from '../../support/queue-backends.js';
import { storageBackends, type TestDatabase } from '../../support/storage-backends.js';

const SECRET = 'test-signing-secret';
const TEAM = 'T_FAKE';

describe.each(storageBackends)('Slack adapter through Bolt on $name', (backend) => {
  let db: TestDatabase;
  let slack: SlackFake;
  let adapter: SlackAdapter;
  let stack: Awaited<ReturnType<typeof buildChatStack>>;
  let url: string;
  let base: string;
  let channelCounter = 0;

  beforeAll(async () => {
    db = await backend.open();
    slack = await startSlackFake({ teamId: TEAM });
    const logger = memoryLogger().logger;
    const settings = { botToken: 'xoxb-test', signingSecret: SECRET, apiUrl: slack.apiUrl };
    const port = createSlackPort(settings, logger);
    const chat = new ChatPorts().register('slack', port);
    const metrics = new AppMetrics();
    stack = await buildChatStack(db.handle, chat, logger, metrics);
    adapter = await startSlackAdapter(settings, { router: stack.router, port, metrics, logger, readiness: { ready: true }, httpPort: 0 });
    base = `http://127.0.0.1:${adapter.boundPort}`;
    url = `${base}/slack/events`;
  });
  afterAll(async () => {
    await adapter.stop();
    await stack.close();
    await slack.close();
    await db.cleanup();
  });

  const freshChannel = () => `C${process.pid}${++channelCounter}`;
  const roots = (channel: string) => slack.callsOf('chat.postMessage').filter((c) => c.args.channel === channel && !c.args.thread_ts);
  const thread = (channel: string, ts: string) => slack.messagesInThread(channel, ts).slice(1);
  const texts = (channel: string, ts: string) => thread(channel, ts).map((m) => m.text ?? '');

  async function startInterview(channel: string, user: string, text = 'start url shortener') {
    const response = await postSlashCommand(url, SECRET, { text, team_id: TEAM, channel_id: channel, user_id: user, response_url: slack.responseUrl(`${channel}-${user}`) });
    expect(response.status).toBe(200);
    await until(() => roots(channel).length === 1 && slack.messagesInThread(channel, roots(channel)[0]!.args.ts as string ?? '').length >= 0, 5_000, 'root posted');
    const rootTs = (slack.callsOf('chat.postMessage').find((c) => c.args.channel === channel && !c.args.thread_ts)!.args.ts as string | undefined) ?? slack.messagesInChannel(channel)[0]!.ts;
    await until(() => thread(channel, rootTs).length >= 1, 5_000, 'opening question');
    return rootTs;
  }
  async function answer(channel: string, rootTs: string, user: string, text: string, extra: { eventId?: string; retryNum?: number; ts?: string } = {}) {
    const event = messageEvent({ channel, user, text, thread_ts: rootTs, ...(extra.ts ? { ts: extra.ts } : {}) });
    const response = await postEvent(url, SECRET, event, { eventId: extra.eventId, retryNum: extra.retryNum, teamId: TEAM });
    expect(response.status).toBe(200);
    return event;
  }
  const sessionIdIn = (channel: string) => {
    const blocks = JSON.stringify(slack.messagesInChannel(channel)[0]!.blocks);
    return /"value":"([0-9a-f-]{36})"/.exec(blocks)![1]!;
  };

  it('runs a whole interview: start, turns, pause and resume, end, evaluation, history', async () => {
    const channel = freshChannel();
    const root = await startInterview(channel, 'U1');
    const rootMessage = slack.messagesInChannel(channel)[0]!;
    expect(rootMessage.text).toMatch(/U1|URL shortener/);
    expect(JSON.stringify(rootMessage.blocks)).toContain('URL shortener');
    expect(JSON.stringify(rootMessage.blocks)).toContain('session_pause');
    expect(texts(channel, root)[0]).toContain('URL shortening service');

    const answers = [
      'Users shorten long URLs and get redirected fast; links expire after five years. Redirects must be highly available with low latency.',
      'About 100 million new links a day is roughly 1,200 writes per second, and with a 100:1 read ratio about 120k reads per second.',
      'POST /urls returns the short code; GET /{code} answers with a 302 so we can count clicks. The table is keyed by short_code.',
    ];
    for (const [i, text] of answers.entries()) {
      await answer(channel, root, 'U1', text);
      await until(() => thread(channel, root).filter((m) => m.bot_id && !String(m.text).includes('Thinking')).length >= 2 + i, 5_000, `reply ${i + 1}`);
    }
    expect(texts(channel, root).filter((t) => t.includes('Thinking'))).toEqual([]);

    const sessionId = sessionIdIn(channel);
    await postInteraction(url, SECRET, blockActionsPayload({ actionId: 'session_pause', value: sessionId, userId: 'U1', channelId: channel, messageTs: root, teamId: TEAM, responseUrl: slack.responseUrl(`${channel}-pause`) }));
    await until(() => texts(channel, root).some((t) => t.includes('paused the interview')), 5_000, 'pause notice');
    await answer(channel, root, 'U1', 'Are we still going?');
    await until(() => slack.ephemerals.some((e) => e.channel === channel && String(e.text).includes('paused')), 5_000, 'paused ephemeral');

    await postSlashCommand(url, SECRET, { text: 'resume', team_id: TEAM, channel_id: channel, user_id: 'U1', response_url: slack.responseUrl() });
    await until(() => texts(channel, root).some((t) => t.includes('resumed the interview')), 5_000, 'resume notice');
    await postSlashCommand(url, SECRET, { text: 'end', team_id: TEAM, channel_id: channel, user_id: 'U1', response_url: slack.responseUrl() });
    await until(() => texts(channel, root).some((t) => /\d{1,3}\/100/.test(t)), 10_000, 'evaluation card').catch((e: Error) => { throw new Error(e.message + JSON.stringify(slack.responses.slice(-3)) + JSON.stringify(texts(channel, root))); });
    const card = thread(channel, root).find((m) => /\d{1,3}\/100/.test(m.text ?? ''))!;
    expect(JSON.stringify(card.blocks)).toMatch(/\d{1,3}\/100/);

    const historyUrl = slack.responseUrl(`${channel}-history`);
    await postSlashCommand(url, SECRET, { text: 'history', team_id: TEAM, channel_id: channel, user_id: 'U1', response_url: historyUrl });
    await until(() => slack.responses.some((r) => r.id === `${channel}-history`), 5_000, 'history response');
    const history = JSON.stringify(slack.responses.find((r) => r.id === `${channel}-history`)!.body);
    expect(history).toContain('URL shortener');
    expect(history).toContain('ephemeral');
    expect(history).toContain('*#1*');

    // `/interview show 1`: the same card again, ephemeral.
    const showUrl = slack.responseUrl(`${channel}-show`);
    await postSlashCommand(url, SECRET, { text: 'show 1', team_id: TEAM, channel_id: channel, user_id: 'U1', response_url: showUrl });
    await until(() => slack.responses.some((r) => r.id === `${channel}-show`), 5_000, 'show response');
    const shown = JSON.stringify(slack.responses.filter((r) => r.id === `${channel}-show`).map((r) => r.body));
    expect(shown).toMatch(/\d{1,3}\/100/);
    expect(shown).toContain('ephemeral');
    slack.assertNoUnexpected();
  });

  it('rejects bad and stale signatures', async () => {
    const bad = await postSlashCommand(url, SECRET, { text: 'help' }, { tamper: 'signature' });
    const stale = await postSlashCommand(url, SECRET, { text: 'help' }, { tamper: 'stale' });
    const missing = await postSlashCommand(url, SECRET, { text: 'help' }, { tamper: 'missing' });
    expect([bad.status, stale.status, missing.status]).toEqual([401, 401, 401]);
  });

  it('answers a retried event once, and ignores bot messages, edits and other threads', async () => {
    const channel = freshChannel();
    const root = await startInterview(channel, 'U-retry');
    const ts = `${Math.floor(Date.now() / 1000)}.777000`;
    await answer(channel, root, 'U-retry', 'Shorten and redirect.', { eventId: 'Ev-retry-1', ts });
    await answer(channel, root, 'U-retry', 'Shorten and redirect.', { eventId: 'Ev-retry-1', retryNum: 1, ts });
    await until(() => thread(channel, root).filter((m) => m.bot_id).length >= 2, 5_000, 'reply');
    await postEvent(url, SECRET, { ...messageEvent({ channel, user: 'U-retry', text: 'bot talk', thread_ts: root }), bot_id: 'B_OTHER' }, { teamId: TEAM });
    await postEvent(url, SECRET, { ...messageEvent({ channel, user: 'U-retry', text: 'edited', thread_ts: root }), subtype: 'message_changed' }, { teamId: TEAM });
    await postEvent(url, SECRET, messageEvent({ channel, user: 'U-retry', text: 'not in an interview thread', thread_ts: '1111.2222' }), { teamId: TEAM });
    await new Promise((r) => setTimeout(r, 400));
    expect(thread(channel, root).filter((m) => m.bot_id)).toHaveLength(2);
    expect(slack.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === '1111.2222')).toEqual([]);
  });

  it('does not let another user end the session', async () => {
    const channel = freshChannel();
    const root = await startInterview(channel, 'U-owner');
    const responseUrl = slack.responseUrl(`${channel}-intruder`);
    await postInteraction(url, SECRET, blockActionsPayload({ actionId: 'session_end', value: sessionIdIn(channel), userId: 'U2', channelId: channel, messageTs: root, teamId: TEAM, responseUrl }));
    await until(() => slack.responses.some((r) => r.id === `${channel}-intruder`), 5_000, 'refusal');
    expect(JSON.stringify(slack.responses.find((r) => r.id === `${channel}-intruder`)!.body)).toContain('Only the candidate');
    const live = await stack.sessions.getActiveSession({ platform: 'slack', workspaceId: TEAM, userId: 'U-owner' });
    expect(live?.status).toBe('active');
  });

  // Slack's longest message: it truncates at 40,000 characters, and the adapter refuses longer.
  it('handles a 40,000-character message', async () => {
    const channel = freshChannel();
    const root = await startInterview(channel, 'U-big');
    const big = `We cache hot links in Redis and shard by code. ${'More detail about replication and failover. '.repeat(1_200)}`.slice(0, 40_000);
    await answer(channel, root, 'U-big', big);
    await until(() => thread(channel, root).filter((m) => m.bot_id && !String(m.text).includes('Thinking')).length >= 2, 10_000, 'reply to the long message');
    const transcript = await stack.sessions.getTranscript(sessionIdIn(channel), { platform: 'slack', workspaceId: TEAM });
    expect(transcript.find((m) => m.role === 'candidate')!.content).toHaveLength(40_000);
  });

  it('answers 20 concurrent interviews, each in its own thread', async () => {
    const channel = freshChannel();
    const users = Array.from({ length: 20 }, (_, i) => `UC${i}`);
    await Promise.all(users.map((user) => postSlashCommand(url, SECRET, { text: 'start rate limiter', team_id: TEAM, channel_id: channel, user_id: user, response_url: slack.responseUrl() })));
    const live = () => Promise.all(users.map((user) => stack.sessions.getActiveSession({ platform: 'slack', workspaceId: TEAM, userId: user })));
    await until(async () => (await live()).every((s) => s?.status === 'active' && s.threadId && thread(channel, s.threadId).length === 1), 15_000, '20 interviews open');
    expect(roots(channel)).toHaveLength(20);
    const sessions = await live();
    await Promise.all(sessions.map((s, i) => answer(channel, s!.threadId!, users[i]!, `Limit each client ${i} to 100 requests a minute.`)));
    await until(() => sessions.every((s) => thread(channel, s!.threadId!).filter((m) => m.bot_id && !String(m.text).includes('Thinking')).length >= 2), 20_000, 'every thread answered').catch((e: Error) => {
      const bad = sessions.find((s) => thread(channel, s!.threadId!).filter((m) => m.bot_id && !String(m.text).includes('Thinking')).length < 2)!;
      throw new Error(`${e.message}: ${JSON.stringify(slack.messagesInThread(channel, bad.threadId!))} ephemerals ${JSON.stringify(slack.ephemerals.slice(-3))}`);
    });
    for (const s of sessions) {
      const replies = thread(channel, s!.threadId!).filter((m) => m.bot_id);
      expect(replies).toHaveLength(2);
    }
  }, 60_000);

  it('serves /healthz and /metrics on the Bolt port', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/mib_chat_events_total\{kind="command",outcome="received"\} [1-9]/);
    // The whole-interview test ended with a scored evaluation.
    expect(metrics).toMatch(/mib_evaluations_total\{outcome="completed"\} [1-9]/);
    expect(metrics).toContain('mib_interviewer_turn_seconds_count');
  });
});

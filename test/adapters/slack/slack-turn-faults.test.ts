import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackPort, startSlackAdapter, type SlackAdapter } from '../../../adapters/slack/slack-app.js';
import { ChatPorts } from '../../../src/chat/chat-port.js';
import { OfflineInterviewer } from '../../../src/interviewer/offline/offline-interviewer.js';
import { AppMetrics } from '../../../src/observability/metrics.js';
import { messageEvent, postEvent, postSlashCommand } from '../../fakes/slack-signed-request.js';
import { startSlackFake, type SlackFailure } from '../../fakes/slack-web-api-fake.js';
import { buildChatStack } from '../../support/chat-stack.js';
import { StreamingInterviewer } from '../../support/in-test-ports.js';
import { memoryLogger } from '../../support/memory-log.js';
import { until } from '../../support/queue-backends.js';
import { storageBackends } from '../../support/storage-backends.js';

const SECRET = 'test-signing-secret';
const TEAM = 'T_FAULTS';
const CLIENT_TIMEOUT_MS = 800;

const rateLimited: SlackFailure = { error: 'ratelimited', status: 429, retryAfter: 1 };
const serverError: SlackFailure = { error: 'internal_error', status: 500 };
const postedThen500: SlackFailure = { ...serverError, applied: true };
const postedThenTimeout: SlackFailure = { error: 'request_timeout', status: 504, applied: true, delayMs: CLIENT_TIMEOUT_MS + 400 };

type Stack = Awaited<ReturnType<typeof buildChatStack>>;

/**
 * What the candidate sees when Slack fails at each step of a turn: the real Bolt app and Web
 * API client against the Slack fake, faults injected into the call at that step. In every case
 * the interviewer's reply must appear in the thread exactly once, and no "Thinking…" is left.
 */
describe.each(storageBackends)('a turn when Slack fails, on $name', (backend) => {
  const runs: { stop(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const run of runs.reverse()) await run.stop();
  });

  async function bot(options: { streaming: boolean; deliveryAttempts?: number }) {
    const db = await backend.open();
    const slack = await startSlackFake({ teamId: TEAM });
    const logs = memoryLogger();
    const settings = { botToken: 'xoxb-test', signingSecret: SECRET, apiUrl: slack.apiUrl, timeoutMs: CLIENT_TIMEOUT_MS };
    const port = createSlackPort(settings, logs.logger);
    let interviewer: StreamingInterviewer | undefined;
    const slow = options.streaming ? (catalog: ConstructorParameters<typeof OfflineInterviewer>[0]) => (interviewer = new StreamingInterviewer(new OfflineInterviewer(catalog))) : undefined;
    const stack: Stack = await buildChatStack(db.handle, new ChatPorts().register('slack', port), logs.logger, new AppMetrics(), {
      interviewer: slow,
      deliveryAttempts: options.deliveryAttempts ?? 6,
      retryBackoffMs: 50,
    });
    const adapter: SlackAdapter = await startSlackAdapter(settings, { router: stack.router, port, metrics: new AppMetrics(), logger: logs.logger, readiness: { ready: true }, httpPort: 0 });
    const url = `http://127.0.0.1:${adapter.boundPort}/slack/events`;
    runs.push({
      async stop() {
        await adapter.stop();
        await stack.close();
        await slack.close();
        await db.cleanup();
      },
    });
    return { slack, stack, url, logs, interviewer };
  }

  let instant: Awaited<ReturnType<typeof bot>>;
  let streaming: Awaited<ReturnType<typeof bot>>;
  let channels = 0;
  beforeAll(async () => {
    instant = await bot({ streaming: false });
    streaming = await bot({ streaming: true });
  });

  /** Starts an interview in a fresh channel; resolves with its thread once the opening question is there. */
  async function interview(b: typeof instant) {
    // One live interview per person: each case has its own candidate and channel.
    const channel = `CF${process.pid}${++channels}`;
    const user = `U${channels}`;
    await postSlashCommand(b.url, SECRET, { text: 'start url shortener', team_id: TEAM, channel_id: channel, user_id: user, response_url: b.slack.responseUrl() });
    await until(() => b.slack.messagesInChannel(channel).length >= 2, 10_000, 'thread with its opening question');
    const root = b.slack.messagesInChannel(channel)[0]!.ts;
    const session = (await b.stack.sessions.getActiveSession({ platform: 'slack', workspaceId: TEAM, userId: user }))!;
    return { channel, root, session, user };
  }

  /** The candidate answers; resolves with the interviewer's stored reply once it is delivered. */
  async function answer(b: typeof instant, t: Awaited<ReturnType<typeof interview>>, text: string) {
    const response = await postEvent(b.url, SECRET, messageEvent({ channel: t.channel, user: t.user, text, thread_ts: t.root }), { teamId: TEAM });
    expect(response.status).toBe(200);
    const transcript = await b.stack.sessions.getTranscript(t.session.id, { platform: 'slack', workspaceId: TEAM });
    const mine = transcript.filter((m) => m.role === 'candidate').at(-1)!;
    const reply = await b.stack.sessions.awaitReply(t.session.id, { platform: 'slack', workspaceId: TEAM }, mine.seq, 15_000);
    return reply!.content;
  }

  /** The thread as the candidate sees it, after anything in flight has settled. */
  async function expectShownOnce(b: typeof instant, t: Awaited<ReturnType<typeof interview>>, reply: string) {
    const probe = reply.slice(0, 30);
    await until(() => b.slack.messagesInThread(t.channel, t.root).some((m) => (m.text ?? '').includes(probe)), 10_000, 'reply shown');
    await new Promise((r) => setTimeout(r, 300));
    const thread = b.slack.messagesInThread(t.channel, t.root).slice(1);
    expect(thread.filter((m) => (m.text ?? '').includes(probe))).toHaveLength(1);
    expect(thread.filter((m) => (m.text ?? '').includes('Thinking'))).toEqual([]);
    // Every injected fault was met at the step it was meant for.
    expect(b.slack.pendingFailures()).toBe(0);
    b.slack.assertNoUnexpected();
  }

  const instantCases: [string, SlackFailure][] = [
    ['429 Retry-After on the reply post', rateLimited],
    ['500 on the reply post', serverError],
    ['500 after Slack really posted the reply', postedThen500],
    ['a timeout after Slack really posted the reply', postedThenTimeout],
  ];
  for (const [name, failure] of instantCases) {
    it(`instant interviewer (one post, no placeholder): ${name}`, async () => {
      const t = await interview(instant);
      instant.slack.failNext('chat.postMessage', failure);
      const reply = await answer(instant, t, 'Users shorten long URLs; redirects must be fast and highly available.');
      await expectShownOnce(instant, t, reply);
    }, 30_000);
  }

  it('instant interviewer: the reply is one Slack call on the clean path', async () => {
    const t = await interview(instant);
    const before = instant.slack.calls.length;
    const reply = await answer(instant, t, 'Users shorten long URLs and get fast redirects.');
    await expectShownOnce(instant, t, reply);
    expect(instant.slack.calls.slice(before).map((c) => c.method)).toEqual(['chat.postMessage']);
  });

  const streamingCases: [string, [string, SlackFailure | null][]][] = [
    ['429 on the placeholder post', [['chat.postMessage', rateLimited]]],
    ['500 on the placeholder post', [['chat.postMessage', serverError]]],
    ['500 after Slack really posted the placeholder', [['chat.postMessage', postedThen500]]],
    ['429 Retry-After on the final chat.update', [['chat.update', rateLimited]]],
    ['500 on the final chat.update', [['chat.update', serverError]]],
    ['500 after Slack really made the final chat.update', [['chat.update', postedThen500]]],
    ['a timeout after Slack really made the final chat.update', [['chat.update', postedThenTimeout]]],
    [
      // The placeholder post goes through; the edit fails, and so does the first fresh post.
      '500 on the final chat.update, then 429 on the fresh post',
      [
        ['chat.postMessage', null],
        ['chat.update', serverError],
        ['chat.postMessage', rateLimited],
      ],
    ],
  ];
  for (const [name, failures] of streamingCases) {
    it(`streaming interviewer (placeholder, then the reply in it): ${name}`, async () => {
      const t = await interview(streaming);
      for (const [method, failure] of failures) {
        if (failure) streaming.slack.failNext(method, failure);
        else streaming.slack.passNext(method);
      }
      const reply = await answer(streaming, t, 'Users shorten long URLs; redirects must be fast and highly available.');
      await expectShownOnce(streaming, t, reply);
    }, 30_000);
  }

  it('streaming interviewer: a failed streamed edit does not touch the final reply', async () => {
    const t = await interview(streaming);
    streaming.interviewer!.deltas = true;
    try {
      streaming.slack.failNext('chat.update', serverError);
      const reply = await answer(streaming, t, 'About 100M new links a day is roughly 1,200 writes per second.');
      await expectShownOnce(streaming, t, reply);
      // The streamed edit failed; the final one replaced the placeholder anyway.
      expect(streaming.slack.callsOf('chat.update').filter((c) => c.args.channel === t.channel).length).toBeGreaterThanOrEqual(2);
    } finally {
      streaming.interviewer!.deltas = false;
    }
  }, 30_000);

  it('streaming interviewer failing once: the retry reuses the placeholder, no "Still thinking" is left behind', async () => {
    const t = await interview(streaming);
    streaming.interviewer!.failures = 1;
    const reply = await answer(streaming, t, 'Reads dominate: cache the hot links in Redis in front of the store.');
    await expectShownOnce(streaming, t, reply);
    expect(streaming.slack.messagesInThread(t.channel, t.root).filter((m) => /Still thinking/.test(m.text ?? ''))).toEqual([]);
  }, 30_000);

  it('after the last attempt tells the candidate privately, and /interview redeliver posts the reply once', async () => {
    const b = await bot({ streaming: false, deliveryAttempts: 3 });
    const t = await interview(b);
    for (let i = 0; i < 3; i += 1) b.slack.failNext('chat.postMessage', serverError);
    const response = await postEvent(b.url, SECRET, messageEvent({ channel: t.channel, user: t.user, text: 'Shorten and redirect quickly.', thread_ts: t.root }), { teamId: TEAM });
    expect(response.status).toBe(200);
    await until(() => b.slack.ephemerals.some((e) => e.channel === t.channel && String(e.text).includes('/interview redeliver')), 15_000, 'private notice');
    const reply = (await b.stack.sessions.getTranscript(t.session.id, { platform: 'slack', workspaceId: TEAM })).at(-1)!;
    expect(reply.role).toBe('interviewer');
    const probe = reply.content.slice(0, 30);
    expect(b.slack.messagesInThread(t.channel, t.root).filter((m) => (m.text ?? '').includes(probe))).toEqual([]);
    await postSlashCommand(b.url, SECRET, { text: 'redeliver', team_id: TEAM, channel_id: t.channel, user_id: t.user, response_url: b.slack.responseUrl('redeliver') });
    await expectShownOnce(b, t, reply.content);
  }, 40_000);
});

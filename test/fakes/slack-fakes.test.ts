import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel, webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  blockActionsPayload,
  messageEvent,
  postEvent,
  postInteraction,
  postSigned,
  postSlashCommand,
  signSlackRequest,
} from './slack-signed-request.js';
import { startSlackFake, type SlackFake } from './slack-web-api-fake.js';

const { WebClient, ErrorCode } = webApi;

const blocks = [
  { type: 'section', text: { type: 'mrkdwn', text: '*Question 1*: design a URL shortener' } },
  { type: 'actions', elements: [{ type: 'button', action_id: 'hint', text: { type: 'plain_text', text: 'Hint' } }] },
];

describe('slack web api fake (real WebClient)', () => {
  let slack: SlackFake;
  const client = (opts: { rejectRateLimitedCalls?: boolean } = {}) =>
    new WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, logLevel: webApi.LogLevel.ERROR, ...opts });

  beforeEach(async () => {
    slack = await startSlackFake();
  });
  afterEach(async () => {
    await slack.close();
  });

  it('answers auth.test with the configured identity and records the token', async () => {
    await slack.close();
    slack = await startSlackFake({ teamId: 'T_X', botUserId: 'U_X', botId: 'B_X' });
    const res = await client().auth.test();
    expect(res).toMatchObject({ ok: true, team_id: 'T_X', user_id: 'U_X', bot_id: 'B_X' });
    expect(slack.calls).toEqual([{ method: 'auth.test', args: {}, token: 'xoxb-test' }]);
    slack.assertNoUnexpected();
  });

  it('opens a direct message with one person (the same channel again), and refuses what it does not fake', async () => {
    const web = client();
    const first = await web.conversations.open({ users: 'U123' });
    expect(first).toMatchObject({ ok: true, channel: { id: 'D123' } });
    expect(await web.conversations.open({ users: 'U123' })).toMatchObject({ channel: { id: 'D123' }, already_open: true });
    await expect(web.conversations.open({ users: 'U_BOT' })).rejects.toMatchObject({ data: { error: 'cannot_dm_bot' } });
    slack.assertNoUnexpected();
    await expect(web.conversations.open({ users: 'U1,U2' })).rejects.toMatchObject({ data: { error: 'invalid_arguments' } });
    expect(slack.unexpected).toEqual(['conversations.open: only one user is faked (got 2 users)']);
  });

  it('posts, updates and replays thread messages with blocks parsed', async () => {
    const web = client();
    const parent = await web.chat.postMessage({ channel: 'C1', text: 'Interview started', blocks });
    const reply = await web.chat.postMessage({ channel: 'C1', thread_ts: parent.ts!, text: 'First question' });
    expect(parent.ts).toBe('1700000000.000100');
    expect(parent).toMatchObject({ ok: true, channel: 'C1', message: { text: 'Interview started', blocks } });
    expect(reply.ts! > parent.ts!).toBe(true);

    const [call] = slack.callsOf('chat.postMessage');
    expect(call?.args.blocks).toEqual(blocks);
    expect(call?.token).toBe('xoxb-test');

    const upd = await web.chat.update({ channel: 'C1', ts: reply.ts!, text: 'First question (edited)' });
    expect(upd).toMatchObject({ ok: true, channel: 'C1', ts: reply.ts, text: 'First question (edited)' });

    const thread = slack.messagesInThread('C1', parent.ts!);
    expect(thread.map((m) => m.text)).toEqual(['Interview started', 'First question (edited)']);
    expect(thread[0]?.blocks).toEqual(blocks);

    const replies = await web.conversations.replies({ channel: 'C1', ts: parent.ts! });
    expect(replies.messages?.map((m) => m.text)).toEqual(['Interview started', 'First question (edited)']);

    await expect(web.chat.update({ channel: 'C1', ts: '1.000000', text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { error: 'message_not_found' },
    });
    slack.assertNoUnexpected();
  });

  it('records ephemerals, users.info and setStatus', async () => {
    const web = client();
    slack.setUser({ id: 'U_ADMIN', name: 'alice', isAdmin: true });

    const eph = await web.chat.postEphemeral({ channel: 'C1', user: 'U2', text: 'only you', thread_ts: '1700000000.000100' });
    expect(eph.ok).toBe(true);
    expect(slack.ephemerals).toEqual([
      { channel: 'C1', user: 'U2', text: 'only you', thread_ts: '1700000000.000100', message_ts: eph.message_ts },
    ]);

    const admin = await web.users.info({ user: 'U_ADMIN' });
    expect(admin.user).toMatchObject({ id: 'U_ADMIN', name: 'alice', is_admin: true, profile: { display_name: 'alice' } });
    const other = await web.users.info({ user: 'U_OTHER' });
    expect(other.user).toMatchObject({ id: 'U_OTHER', is_admin: false, is_owner: false, real_name: 'U_OTHER' });

    await web.assistant.threads.setStatus({ channel_id: 'C1', thread_ts: '1700000000.000100', status: 'is thinking…' });
    expect(slack.callsOf('assistant.threads.setStatus')[0]?.args).toMatchObject({ status: 'is thinking…' });
    slack.assertNoUnexpected();
  });

  it('supports files.uploadV2 (get URL, upload, complete)', async () => {
    const web = client();
    const parent = await web.chat.postMessage({ channel: 'C1', text: 'thread' });
    const res = await web.files.uploadV2({
      channel_id: 'C1',
      thread_ts: parent.ts!,
      filename: 'transcript.md',
      title: 'Transcript',
      content: '# Transcript\nQ: hi\nA: hello ✓',
    });
    expect(res.ok).toBe(true);
    expect(slack.files).toHaveLength(1);
    expect(slack.files[0]).toMatchObject({
      filename: 'transcript.md',
      title: 'Transcript',
      channel_id: 'C1',
      thread_ts: parent.ts,
      content: '# Transcript\nQ: hi\nA: hello ✓',
    });
    expect(slack.messagesInThread('C1', parent.ts!).at(-1)?.files).toEqual([
      { id: slack.files[0]!.id, name: 'transcript.md', title: 'Transcript' },
    ]);
    slack.assertNoUnexpected();
  });

  it('injects failures once: ratelimited (429) and platform errors', async () => {
    slack.failNext('chat.postMessage', { error: 'ratelimited', status: 429, retryAfter: 1 });
    const web = client({ rejectRateLimitedCalls: true });
    await expect(web.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.RateLimitedError,
      retryAfter: 1,
    });
    await expect(web.chat.postMessage({ channel: 'C1', text: 'x' })).resolves.toMatchObject({ ok: true });

    slack.failNext('chat.postMessage', { error: 'channel_not_found' });
    await expect(web.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { ok: false, error: 'channel_not_found' },
    });
    expect(slack.callsOf('chat.postMessage').map((c) => c.error)).toEqual(['ratelimited', undefined, 'channel_not_found']);
    expect(slack.messagesInChannel('C1')).toHaveLength(1);
    slack.assertNoUnexpected();
  });

  it('applies latency', async () => {
    slack.setLatency(60);
    const started = Date.now();
    await client().auth.test();
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
  });

  it('fails loudly on unknown methods, missing tokens and garbage', async () => {
    await expect(client().apiCall('made.up', { x: 1 })).rejects.toMatchObject({ data: { error: 'unknown_method' } });

    const noToken = new WebClient(undefined, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, logLevel: webApi.LogLevel.ERROR });
    await expect(noToken.auth.test()).rejects.toMatchObject({ data: { error: 'not_authed' } });

    const garbage = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer xoxb-test' },
      body: '{not json',
    });
    expect(garbage.status).toBe(400);
    const wrongPath = await fetch(`${slack.baseUrl}/nope`, { method: 'POST' });
    expect(wrongPath.status).toBe(404);

    expect(slack.unexpected).toHaveLength(4);
    expect(slack.unexpected[0]).toContain('unknown method made.up');
    expect(() => slack.assertNoUnexpected()).toThrow(/4 unexpected/);
    slack.clearUnexpected();
  });

  it('accepts JSON bodies and the token as a form field', async () => {
    const json = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: 'Bearer xoxb-json' },
      body: JSON.stringify({ channel: 'C9', text: 'hi', blocks }),
    });
    expect(await json.json()).toMatchObject({ ok: true, channel: 'C9' });
    const form = await fetch(`${slack.apiUrl}auth.test`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=xoxb-form',
    });
    expect(await form.json()).toMatchObject({ ok: true });
    expect(slack.calls.map((c) => c.token)).toEqual(['xoxb-json', 'xoxb-form']);
    expect(slack.calls[0]?.args.blocks).toEqual(blocks);
    expect(slack.calls[1]?.args).toEqual({});
    slack.assertNoUnexpected();
  });
});

describe('signed requests into a real Bolt App (HTTPReceiver)', () => {
  const secret = 'test-signing-secret';
  let slack: SlackFake;
  let app: App;
  let url: string;

  beforeEach(async () => {
    slack = await startSlackFake();
    const receiver = new HTTPReceiver({ signingSecret: secret, logLevel: LogLevel.ERROR });
    app = new App({
      token: 'xoxb-test',
      receiver,
      clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } },
      logLevel: LogLevel.ERROR,
      deferInitialization: true,
    });
    await app.init(); // runs auth.test against the fake, so nothing is in flight at teardown
    const server = await app.start({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterEach(async () => {
    await app.stop();
    await slack.close();
  });

  it('signs like Slack (the example from Slack\'s "verifying requests" docs)', () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
      '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
      '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
      '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', body, 1531420618)).toEqual({
      'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
      'x-slack-request-timestamp': '1531420618',
    });
  });

  it('delivers a signed slash command, which can ack and respond()', async () => {
    const seen: Record<string, string>[] = [];
    app.command('/interview', async ({ command, ack, respond }) => {
      seen.push({ ...command });
      await ack();
      await respond({ text: 'Starting your interview', response_type: 'ephemeral' });
    });
    const res = await postSlashCommand(url, secret, { text: 'start system-design', response_url: slack.responseUrl('cmd1') });
    expect(res.status).toBe(200);
    expect(seen[0]).toMatchObject({ command: '/interview', text: 'start system-design', user_id: 'U_USER', channel_id: 'C_FAKE' });
    await expect.poll(() => slack.responses).toEqual([
      { id: 'cmd1', body: { text: 'Starting your interview', response_type: 'ephemeral' } },
    ]);
    expect(slack.callsOf('auth.test')).toHaveLength(1);
    slack.assertNoUnexpected();
  });

  it('rejects a tampered signature, a stale timestamp and missing headers with 401', async () => {
    let called = 0;
    app.command('/interview', async ({ ack }) => {
      called += 1;
      await ack();
    });
    expect((await postSlashCommand(url, secret, {}, { tamper: 'signature' })).status).toBe(401);
    expect((await postSlashCommand(url, secret, {}, { tamper: 'stale' })).status).toBe(401);
    expect((await postSlashCommand(url, secret, {}, { tamper: 'missing' })).status).toBe(401);
    expect((await postSigned(url, 'other-secret', 'command=%2Finterview', 'application/x-www-form-urlencoded')).status).toBe(401);
    expect(called).toBe(0);
  });

  it('delivers an event to app.event("message"), with retry headers, and say() reaches the fake', async () => {
    const got = new Promise<{ text: unknown; retryNum: unknown }>((resolve) => {
      app.event('message', async ({ event, say, context }) => {
        const e = event as unknown as Record<string, unknown>;
        await say({ text: `echo: ${String(e.text)}`, thread_ts: String(e.ts) });
        resolve({ text: e.text, retryNum: context.retryNum });
      });
    });
    const evt = messageEvent({ channel: 'C1', user: 'U_USER', text: 'my answer' });
    const res = await postEvent(url, secret, evt, { retryNum: 1 });
    expect(res.status).toBe(200);
    await expect(got).resolves.toEqual({ text: 'my answer', retryNum: 1 });
    const post = slack.callsOf('chat.postMessage')[0];
    expect(post).toMatchObject({ token: 'xoxb-test', args: { channel: 'C1', text: 'echo: my answer', thread_ts: evt.ts } });
    slack.assertNoUnexpected();
  });

  it('delivers a block_actions interaction', async () => {
    const got = new Promise<string | undefined>((resolve) => {
      app.action('hint', async ({ ack, action }) => {
        await ack();
        resolve('value' in action ? action.value : undefined);
      });
    });
    const res = await postInteraction(url, secret, blockActionsPayload({ actionId: 'hint', value: 'q1', channelId: 'C1' }));
    expect(res.status).toBe(200);
    await expect(got).resolves.toBe('q1');
  });
});

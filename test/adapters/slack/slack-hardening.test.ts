import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSlackPort, startSlackAdapter, type SlackAdapter } from '../../../adapters/slack/slack-app.js';
import { ChatPorts } from '../../../src/chat/chat-port.js';
import { TURN_JOB } from '../../../src/domain/ports.js';
import { AppMetrics } from '../../../src/observability/metrics.js';
import { openDatabase, type DatabaseHandle } from '../../../src/storage/database.js';
import { migrateToLatest } from '../../../src/storage/migrate.js';
import { blockActionsPayload, eventEnvelope, messageEvent, postEvent, postInteraction, postSigned, postSlashCommand, SLASH_COMMAND_DEFAULTS, userMessageTs } from '../../fakes/slack-signed-request.js';
import { startSocketModeFake, type SocketModeFake } from '../../fakes/slack-socket-mode-fake.js';
import { startSlackFake, type SlackFake } from '../../fakes/slack-web-api-fake.js';
import { buildChatStack } from '../../support/chat-stack.js';
import { EchoInterviewer } from '../../support/in-test-ports.js';
import { memoryLogger } from '../../support/memory-log.js';
import { until } from '../../support/queue-backends.js';
import { storageBackends, type TestDatabase } from '../../support/storage-backends.js';

const SECRET = 'hardening-signing-secret';
const TEAM = 'T0HARDEN1';
const MB = 1024 * 1024;
const FORM = 'application/x-www-form-urlencoded';
const nowSec = () => Math.floor(Date.now() / 1000);

// A JSON document whose fields the tests set freely (documentation samples).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;

/** A documentation sample from test/fixtures/slack-payloads, its envelope ready to be adjusted. */
function fixture(name: string): Doc {
  const file = JSON.parse(readFileSync(new URL(`../../fixtures/slack-payloads/${name}.json`, import.meta.url), 'utf8')) as { body: Doc };
  return file.body;
}

const CHUNK = Buffer.alloc(64 * 1024, 0x61);

/**
 * A POST whose body is `bytes` long, streamed in 64 kB chunks as fast as the server takes them,
 * with or without `Content-Length` (without, it is chunked). Resolves once the connection is over:
 * the status heard (null if none) and how many body bytes the client got to hand over.
 */
function streamPost(url: string, bytes: number, options: { declareLength: boolean; headers?: Record<string, string> }): Promise<{ status: number | null; written: number; ms: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    let status: number | null = null;
    let written = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve({ status, written, ms: performance.now() - started });
    };
    const headers = { 'content-type': 'application/json', ...(options.declareLength ? { 'content-length': String(bytes) } : {}), ...options.headers };
    const req = request(url, { method: 'POST', agent: false, headers }, (res) => {
      status = res.statusCode ?? null;
      res.resume();
    });
    req.on('error', finish);
    req.on('close', finish);
    const pump = () => {
      while (written < bytes && !req.destroyed) {
        const n = Math.min(CHUNK.length, bytes - written);
        written += n;
        if (!req.write(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n))) {
          req.once('drain', pump);
          return;
        }
      }
      if (!req.destroyed) req.end();
    };
    pump();
  });
}

describe.each(storageBackends)('Slack hardening through Bolt on $name', (backend) => {
  let db: TestDatabase;
  let slack: SlackFake;
  let adapter: SlackAdapter;
  let stack: Awaited<ReturnType<typeof buildChatStack>>;
  const logs = memoryLogger();
  const metrics = new AppMetrics();
  const settings = () => ({ botToken: 'xoxb-test', signingSecret: SECRET, apiUrl: slack.apiUrl });
  let base: string;
  let url: string;
  let channels = 0;
  const extra: SlackAdapter[] = [];

  beforeAll(async () => {
    db = await backend.open();
    slack = await startSlackFake({ teamId: TEAM });
    const port = createSlackPort(settings(), logs.logger);
    stack = await buildChatStack(db.handle, new ChatPorts().register('slack', port), logs.logger, metrics, { interviewer: () => new EchoInterviewer() });
    adapter = await startSlackAdapter(settings(), { router: stack.router, port, metrics, logger: logs.logger, readiness: { ready: true }, httpPort: 0 });
    base = `http://127.0.0.1:${adapter.boundPort}`;
    url = `${base}/slack/events`;
  });
  afterAll(async () => {
    for (const other of extra) await other.stop();
    await adapter.stop();
    await stack.close();
    await slack.close();
    await db.cleanup();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const scope = { platform: 'slack' as const, workspaceId: TEAM };
  const freshChannel = () => `C${process.pid}H${++channels}`;
  const replies = (channel: string, root: string) => slack.messagesInThread(channel, root).slice(1).filter((m) => m.bot_id);
  const live = (user: string) => stack.sessions.getActiveSession({ ...scope, userId: user });
  const answers = async (sessionId: string) => (await stack.sessions.getTranscript(sessionId, scope)).filter((m) => m.role === 'candidate');
  const logLinesSince = (mark: number) => logs.lines().slice(mark);
  const errorsSince = (mark: number) => logLinesSince(mark).filter((line) => line.level === 'ERROR' || line.level === 'FATAL');

  /** `/interview start` for a fresh candidate in a fresh channel; resolves once the opening question is posted. */
  async function interview(user: string) {
    const channel = freshChannel();
    const response = await postSlashCommand(url, SECRET, { text: 'start url shortener', team_id: TEAM, channel_id: channel, user_id: user, response_url: slack.responseUrl() });
    expect(response.status).toBe(200);
    await until(() => slack.messagesInChannel(channel).length >= 2, 10_000, 'thread with its opening question');
    const root = slack.messagesInChannel(channel)[0]!.ts;
    const session = (await live(user))!;
    return { channel, root, user, sessionId: session.id };
  }

  /** A documentation sample moved into this interview: the test's team, channel, user and thread. */
  function inThread(name: string, t: { channel: string; root: string; user: string }): Doc {
    const body = fixture(name);
    body.team_id = TEAM;
    body.event_id = `Ev${process.pid}${++channels}X`;
    for (const auth of body.authorizations ?? []) auth.team_id = TEAM;
    body.event.channel = t.channel;
    if (body.event.message) {
      body.event.message.user = t.user;
      body.event.message.thread_ts = t.root;
    } else {
      body.event.user = t.user;
      body.event.thread_ts = t.root;
      body.event.ts = body.event.event_ts = userMessageTs();
    }
    return body;
  }
  const postBody = (body: unknown) => postSigned(url, SECRET, JSON.stringify(body), 'application/json');

  describe('the request gate', () => {
    it('answers 413 to an unsigned 2 MB body and closes the connection without reading it', async () => {
      const result = await streamPost(url, 2 * MB, { declareLength: true });
      expect(result.status).toBe(413);
      expect(result.ms).toBeLessThan(2_000);
      // Declared 64 MB: refused on the header, and the body is not drained either.
      const huge = await streamPost(url, 64 * MB, { declareLength: true });
      expect(huge.status).toBe(413);
      expect(huge.written).toBeLessThan(24 * MB);
    });

    it('cuts a streamed body (no Content-Length) as soon as it passes 1 MB: 413, and most of 64 MB never sent', async () => {
      const result = await streamPost(url, 64 * MB, { declareLength: false, headers: { 'x-slack-request-timestamp': String(nowSec()), 'x-slack-signature': 'v0=00' } });
      expect(result.status).toBe(413);
      // 1 MB read, then the kernel's socket buffers at most: the connection is closed long before the end.
      expect(result.written).toBeLessThan(24 * MB);
    });

    it('keeps resident memory flat through twenty 8 MB unsigned POSTs at once', async () => {
      // Warm up the paths first, so what is measured is growth, not first use.
      await Promise.all([streamPost(url, 8 * MB, { declareLength: true }), streamPost(url, 8 * MB, { declareLength: false })]);
      const before = process.memoryUsage().rss;
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => streamPost(url, 8 * MB, { declareLength: i % 2 === 0 })));
      const grown = process.memoryUsage().rss - before;
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(413));
      // Buffering the bodies would add 160 MB; the bound leaves room for the sending side (in this
      // process too) and, on PGlite, for WebAssembly code compiled on first use by background work.
      expect(grown, `rss grew by ${(grown / MB).toFixed(1)} MB`).toBeLessThan(40 * MB);
    });

    it('refuses forged, stale (6 min old), future (6 min ahead) and unsigned requests with 401, and runs none of them', async () => {
      const channel = freshChannel();
      const start = { text: 'start url shortener', team_id: TEAM, channel_id: channel, user_id: 'U0FORGED', response_url: slack.responseUrl() };
      const forged = await postSlashCommand(url, SECRET, start, { tamper: 'signature' });
      const stale = await postSlashCommand(url, SECRET, start, { timestamp: nowSec() - 6 * 60 });
      const future = await postSlashCommand(url, SECRET, start, { timestamp: nowSec() + 6 * 60 });
      const unsigned = await postSlashCommand(url, SECRET, start, { tamper: 'missing' });
      const garbled = await postSlashCommand(url, SECRET, start, { headers: { 'x-slack-request-timestamp': 'soon' } });
      expect([forged.status, stale.status, future.status, unsigned.status, garbled.status]).toEqual([401, 401, 401, 401, 401]);
      await new Promise((r) => setTimeout(r, 300));
      expect(await live('U0FORGED')).toBeNull();
      expect(slack.messagesInChannel(channel)).toEqual([]);
      // Within the window either way is fine: 4 minutes ahead is a clock slightly off, not an attack.
      const ahead = await postSlashCommand(url, SECRET, { ...start, user_id: 'U0AHEAD' }, { timestamp: nowSec() + 4 * 60 });
      expect(ahead.status).toBe(200);
      await until(async () => (await live('U0AHEAD')) !== null, 5_000, 'the interview started');
    });

    it('runs a replayed slash command once: a replayed pause does not pause a resumed interview', async () => {
      const t = await interview('U0REPLAY1');
      const pause = new URLSearchParams({ ...SLASH_COMMAND_DEFAULTS, text: 'pause', team_id: TEAM, channel_id: t.channel, user_id: t.user, response_url: slack.responseUrl() }).toString();
      const signedAt = nowSec();
      const send = () => postSigned(url, SECRET, pause, FORM, { timestamp: signedAt });
      expect((await send()).status).toBe(200);
      await until(async () => (await live(t.user))?.status === 'paused', 5_000, 'paused');
      await postSlashCommand(url, SECRET, { text: 'resume', team_id: TEAM, channel_id: t.channel, user_id: t.user, response_url: slack.responseUrl() });
      await until(async () => (await live(t.user))?.status === 'active', 5_000, 'resumed');

      const replay = await send();
      expect(replay.status).toBe(200);
      expect(replay.body).toBe('');
      await new Promise((r) => setTimeout(r, 400));
      expect((await live(t.user))?.status).toBe('active');
      const transitions = await stack.sessions.getTransitions(t.sessionId, scope);
      expect(transitions.map((x) => `${x.fromStatus}->${x.toStatus}`).filter((x) => x.endsWith('paused'))).toEqual(['active->paused']);
      expect(transitions.filter((x) => x.toStatus === 'active')).toHaveLength(2);
    });

    it('runs a replayed button press once', async () => {
      const t = await interview('U0REPLAY2');
      const payload = blockActionsPayload({ actionId: 'session_pause', value: t.sessionId, userId: t.user, channelId: t.channel, messageTs: t.root, teamId: TEAM, responseUrl: slack.responseUrl() });
      const signedAt = nowSec();
      const press = () => postInteraction(url, SECRET, payload, { timestamp: signedAt });
      expect((await press()).status).toBe(200);
      await until(async () => (await live(t.user))?.status === 'paused', 5_000, 'paused');
      await postSlashCommand(url, SECRET, { text: 'resume', team_id: TEAM, channel_id: t.channel, user_id: t.user, response_url: slack.responseUrl() });
      await until(async () => (await live(t.user))?.status === 'active', 5_000, 'resumed');
      expect((await press()).status).toBe(200);
      await new Promise((r) => setTimeout(r, 400));
      expect((await live(t.user))?.status).toBe('active');
      expect((await stack.sessions.getTransitions(t.sessionId, scope)).filter((x) => x.toStatus === 'paused')).toHaveLength(1);
    });

    it('refuses a replay that reaches another bot process when the processes share processed_events', async () => {
      // Two more bot processes' adapters on the same core and database, each with its own memory.
      const [b, c] = await Promise.all(
        [0, 1].map(async () => {
          const port = createSlackPort(settings(), logs.logger);
          const other = await startSlackAdapter(settings(), { router: stack.router, port, metrics, logger: logs.logger, readiness: { ready: true }, httpPort: 0, sharedReplays: stack.store.processedEvents });
          extra.push(other);
          return `http://127.0.0.1:${other.boundPort}/slack/events`;
        }),
      );
      const t = await interview('U0REPLAY3');
      const pause = new URLSearchParams({ ...SLASH_COMMAND_DEFAULTS, text: 'pause', team_id: TEAM, channel_id: t.channel, user_id: t.user, response_url: slack.responseUrl() }).toString();
      const signedAt = nowSec();
      expect((await postSigned(b!, SECRET, pause, FORM, { timestamp: signedAt })).status).toBe(200);
      await until(async () => (await live(t.user))?.status === 'paused', 5_000, 'paused');
      await postSlashCommand(b!, SECRET, { text: 'resume', team_id: TEAM, channel_id: t.channel, user_id: t.user, response_url: slack.responseUrl() });
      await until(async () => (await live(t.user))?.status === 'active', 5_000, 'resumed');
      expect((await postSigned(c!, SECRET, pause, FORM, { timestamp: signedAt })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 400));
      expect((await live(t.user))?.status).toBe('active');
      expect((await stack.sessions.getTransitions(t.sessionId, scope)).filter((x) => x.toStatus === 'paused')).toHaveLength(1);
    });

    it('answers a signed body of null, an array, an empty object or a bad payload with 400 within a second', async () => {
      const bodies: [string, string][] = [
        ['null', 'application/json'],
        ['[]', 'application/json'],
        ['[{"type":"event_callback"}]', 'application/json'],
        ['{}', 'application/json'],
        ['"text"', 'application/json'],
        ['{"type":"event_callback",', 'application/json'],
        ['payload=null', FORM],
        ['payload=%5B%5D', FORM],
        ['payload=a&payload=b', FORM],
      ];
      for (const [body, type] of bodies) {
        const started = performance.now();
        const response = await postSigned(url, SECRET, body, type);
        expect({ body, status: response.status }).toEqual({ body, status: 400 });
        expect(performance.now() - started).toBeLessThan(1_000);
      }
    });

    it('still serves /healthz and /metrics, and 404 elsewhere, through the gate', async () => {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const scraped = await (await fetch(`${base}/metrics`)).text();
      expect(scraped).toMatch(/mib_chat_events_total\{kind="http_request",outcome="too_large"\} [1-9]/);
      expect(scraped).toMatch(/mib_chat_events_total\{kind="http_request",outcome="replay"\} [1-9]/);
      expect((await fetch(`${base}/nowhere`)).status).toBe(404);
      expect((await fetch(url)).status).toBe(404);
    });
  });

  describe('payload validation', () => {
    it('refuses NUL bytes and malformed ids in commands, events and actions without touching the core, logging one warning each and no text', async () => {
      const t = await interview('U0VALID1');
      const mark = logs.lines().length;
      const command = vi.spyOn(stack.router, 'handleCommand');
      const message = vi.spyOn(stack.router, 'handleThreadMessage');
      const action = vi.spyOn(stack.router, 'handleAction');
      const secret = 'PRIVATE-ANSWER-TEXT';

      const commandCases: [Record<string, string>, string][] = [
        [{ user_id: 'U0\u0000X' }, 'That command could not be read: your user id is not a Slack id.'],
        [{ team_id: 'T0\u0000X' }, 'That command could not be read: the workspace id is not a Slack id.'],
        [{ channel_id: `${'C'.repeat(40)}` }, 'That command could not be read: the channel id is not a Slack id.'],
        [{ text: `start ${secret}\u0000` }, 'That command could not be read: the text contains a NUL character.'],
        [{ text: `start ${'x'.repeat(4_001)}` }, 'That command could not be read: the text is longer than 4,000 characters.'],
      ];
      for (const [fields, reply] of commandCases) {
        const response = await postSlashCommand(url, SECRET, { text: 'status', team_id: TEAM, channel_id: t.channel, user_id: t.user, response_url: slack.responseUrl(), ...fields });
        expect(response.status).toBe(200);
        expect(response.json).toEqual({ response_type: 'ephemeral', text: reply });
      }

      const answer = (fields: Record<string, unknown>, envelope: { teamId?: string; eventId?: string } = {}) =>
        postEvent(url, SECRET, { ...messageEvent({ channel: t.channel, user: t.user, text: secret, thread_ts: t.root }), ...fields }, { teamId: TEAM, ...envelope });
      const eventCases = [
        answer({ user: 'U0\u0000X' }),
        answer({ thread_ts: `${t.root}\u0000` }),
        answer({ channel: 'C0\u0000X' }),
        answer({ text: `${secret}\u0000` }),
        answer({ text: 12345 }),
        answer({ text: 'x'.repeat(40_001) }),
        answer({}, { teamId: 'T0\u0000X' }),
        answer({}, { eventId: 'Ev0\u0000X' }),
      ];
      for (const response of await Promise.all(eventCases)) expect([response.status, response.body]).toEqual([200, '']);

      const press = (fields: Partial<Parameters<typeof blockActionsPayload>[0]>) =>
        postInteraction(url, SECRET, blockActionsPayload({ actionId: 'session_end', value: t.sessionId, userId: t.user, channelId: t.channel, messageTs: t.root, teamId: TEAM, ...fields }));
      const actionCases = [press({ userId: 'U0\u0000X' }), press({ teamId: 'T0\u0000X' }), press({ threadTs: '17000\u0000.1' }), press({ value: 'v'.repeat(2_001) })];
      for (const response of await Promise.all(actionCases)) expect([response.status, response.body]).toEqual([200, '']);

      await new Promise((r) => setTimeout(r, 400));
      expect([command.mock.calls.length, message.mock.calls.length, action.mock.calls.length]).toEqual([0, 0, 0]);
      expect(await answers(t.sessionId)).toEqual([]);
      expect((await live(t.user))?.status).toBe('active');
      expect(errorsSince(mark)).toEqual([]);
      const warnings = logLinesSince(mark).filter((line) => line.operation === 'validate_payload');
      expect(warnings.map((w) => w.level)).toEqual(Array(commandCases.length + eventCases.length + actionCases.length).fill('WARN'));
      expect(JSON.stringify(logLinesSince(mark))).not.toContain(secret);
      expect(JSON.stringify(warnings.map((w) => (w.metadata as { problems: string[] }).problems))).toContain('event.thread_ts is not a Slack timestamp');
    });
  });

  describe('real message shapes, replayed from Slack documentation samples', () => {
    it('takes a plain thread reply (message) as an answer', async () => {
      const t = await interview('U0SHAPE1');
      expect((await postBody(inThread('message', t))).status).toBe(200);
      await until(() => replies(t.channel, t.root).length >= 2, 5_000, 'the reply');
      expect((await answers(t.sessionId)).map((m) => m.content)).toEqual(['Live long and prospect.']);
      expect(replies(t.channel, t.root)[1]!.text).toBe('re:Live long and prospect.');
    });

    it('takes a reply also sent to the channel (thread_broadcast) as an answer', async () => {
      const t = await interview('U0SHAPE2');
      const body = inThread('thread_broadcast', t);
      body.event.root.ts = body.event.root.thread_ts = t.root;
      expect((await postBody(body)).status).toBe(200);
      await until(() => replies(t.channel, t.root).length >= 2, 5_000, 'the reply');
      expect((await answers(t.sessionId)).map((m) => m.content)).toEqual(['broadcasting this reply']);
      expect(replies(t.channel, t.root)[1]!.text).toBe('re:broadcasting this reply');
    });

    it('takes a message with an image (file_share) as a whiteboard answer: the image by reference, its text as the caption', async () => {
      const t = await interview('U0SHAPE3');
      const bare = inThread('file_share', t);
      bare.event.text = '';
      expect((await postBody(bare)).status).toBe(200);
      await until(() => replies(t.channel, t.root).length >= 2, 5_000, 'the first reply');
      expect((await postBody(inThread('file_share', t))).status).toBe(200);
      await until(() => replies(t.channel, t.root).length >= 3, 5_000, 'the second reply');
      const image = '[whiteboard image: ghostrap.png (image/png, 192 KB)]';
      const stored = await answers(t.sessionId);
      expect(stored.map((m) => m.content)).toEqual([image, `We got one!\n${image}`]);
      expect(stored.map((m) => m.mode)).toEqual(['whiteboard', 'whiteboard']);
      expect(stored[0]!.metadata.attachments).toEqual([expect.objectContaining({ kind: 'image', id: 'F0RDC39U1', contentType: 'image/png', size: 196920 })]);
    });

    it('ignores message_replied, the thread bookkeeping Slack sends with or without its subtype', async () => {
      const t = await interview('U0SHAPE4');
      const replied = inThread('message_replied', t);
      replied.event.message.ts = t.root;
      const withoutSubtype = structuredClone(replied);
      delete withoutSubtype.event.subtype;
      expect((await postBody(replied)).status).toBe(200);
      expect((await postBody(withoutSubtype)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
      expect(await answers(t.sessionId)).toEqual([]);
      expect(replies(t.channel, t.root)).toHaveLength(1);
    });

    it('replaces an answer edited before the interviewer started on it (message_changed)', async () => {
      const t = await interview('U0EDIT1');
      // The answer's turn is held back (as when every turn worker is busy), so nobody has started on it.
      const enqueue = stack.queue.enqueueMany.bind(stack.queue);
      const held: Parameters<typeof enqueue>[0] = [];
      vi.spyOn(stack.queue, 'enqueueMany').mockImplementation(async (jobs) => {
        held.push(...jobs.filter((job) => job.name === TURN_JOB));
        await enqueue(jobs.filter((job) => job.name !== TURN_JOB));
      });
      const answer = inThread('message', t);
      answer.event.text = 'Hello, wrld';
      expect((await postBody(answer)).status).toBe(200);
      await until(() => held.length === 1, 5_000, 'the turn handed to the queue');
      const edit = inThread('message_changed', t);
      edit.event.message.ts = answer.event.ts;
      edit.event.previous_message = { type: 'message', user: t.user, text: 'Hello, wrld', ts: answer.event.ts };
      expect((await postBody(edit)).status).toBe(200);
      expect((await answers(t.sessionId)).map((m) => [m.content, m.platformMessageId])).toEqual([['Hello, world!', answer.event.ts]]);

      vi.restoreAllMocks();
      await enqueue(held);
      await until(() => replies(t.channel, t.root).length >= 2, 5_000, 'the reply');
      expect(replies(t.channel, t.root).map((m) => m.text).slice(1)).toEqual(['re:Hello, world!']);
      expect(slack.ephemerals.filter((e) => e.channel === t.channel)).toEqual([]);
    });

    it('tells the author privately that an edit after the reply is not re-read, and keeps the answer', async () => {
      const t = await interview('U0EDIT2');
      const answer = inThread('message', t);
      await postBody(answer);
      await until(() => replies(t.channel, t.root).length >= 2, 5_000, 'the reply');
      const edit = inThread('message_changed', t);
      edit.event.message.ts = answer.event.ts;
      expect((await postBody(edit)).status).toBe(200);
      await until(() => slack.ephemerals.some((e) => e.channel === t.channel), 5_000, 'the private note');
      const notes = slack.ephemerals.filter((e) => e.channel === t.channel);
      expect(notes.map((e) => ({ user: e.user, thread_ts: e.thread_ts }))).toEqual([{ user: t.user, thread_ts: t.root }]);
      expect(notes[0]!.text).toContain('Edits after the interviewer has started on an answer are not re-read');
      expect((await answers(t.sessionId)).map((m) => m.content)).toEqual(['Live long and prospect.']);
      expect(replies(t.channel, t.root)).toHaveLength(2);
    });

    it("ignores Slack's own updates (an unfurl: no `edited`) and edits of the bot's messages", async () => {
      const t = await interview('U0EDIT3');
      const answer = inThread('message', t);
      await postBody(answer);
      await until(() => replies(t.channel, t.root).length >= 2, 5_000, 'the reply');
      const unfurl = inThread('message_changed', t);
      unfurl.event.message.ts = answer.event.ts;
      unfurl.event.message.text = 'Live long and prospect.';
      delete unfurl.event.message.edited;
      const botEdit = inThread('message_changed', t);
      botEdit.event.message.ts = replies(t.channel, t.root)[0]!.ts;
      botEdit.event.message.user = 'U_BOT';
      botEdit.event.message.bot_id = 'B_BOT';
      expect((await postBody(unfurl)).status).toBe(200);
      expect((await postBody(botEdit)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
      expect(slack.ephemerals.filter((e) => e.channel === t.channel)).toEqual([]);
      expect((await answers(t.sessionId)).map((m) => m.content)).toEqual(['Live long and prospect.']);
    });
  });
});

describe('payload validation in Socket Mode (no HTTP gate)', () => {
  let handle: DatabaseHandle;
  let slack: SlackFake;
  let socket: SocketModeFake;
  let adapter: SlackAdapter;
  let stack: Awaited<ReturnType<typeof buildChatStack>>;
  const logs = memoryLogger();

  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(handle.db);
    slack = await startSlackFake();
    socket = await startSocketModeFake(slack);
    const settings = { botToken: 'xoxb-test', appToken: 'xapp-test', apiUrl: slack.apiUrl };
    const port = createSlackPort(settings, logs.logger);
    stack = await buildChatStack(handle, new ChatPorts().register('slack', port), logs.logger);
    adapter = await startSlackAdapter(settings, { router: stack.router, port, metrics: new AppMetrics(), logger: logs.logger, readiness: { ready: true }, httpPort: 0 });
    await until(() => socket.connections() === 1, 5_000, 'socket connected');
  });
  afterAll(async () => {
    await adapter.stop();
    await stack.close();
    await socket.close();
    await slack.close();
    await handle.close();
  });

  it('answers an unreadable command privately in its ack and drops an unreadable event, never reaching the core', async () => {
    const command = vi.spyOn(stack.router, 'handleCommand');
    const message = vi.spyOn(stack.router, 'handleThreadMessage');
    const mark = logs.lines().length;
    const ack = await socket.send('slash_commands', { command: '/interview', text: 'start url shortener', team_id: 'T_FAKE', channel_id: 'C_SOCK', user_id: 'U\u0000SOCK', response_url: slack.responseUrl('sock') });
    expect(ack).toEqual({ response_type: 'ephemeral', text: 'That command could not be read: your user id is not a Slack id.' });
    await socket.send('events_api', eventEnvelope(messageEvent({ channel: 'C_SOCK', user: 'U_SOCK', text: 'hello\u0000', thread_ts: '1700000000.000100' })));
    await new Promise((r) => setTimeout(r, 300));
    expect([command.mock.calls.length, message.mock.calls.length]).toEqual([0, 0]);
    expect(logs.lines().slice(mark).filter((l) => l.level === 'ERROR')).toEqual([]);
    expect(logs.lines().slice(mark).filter((l) => l.operation === 'validate_payload').map((l) => l.level)).toEqual(['WARN', 'WARN']);
    vi.restoreAllMocks();
  });
});

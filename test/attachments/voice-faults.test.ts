import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_TRANSCRIBED } from '../../src/attachments/voice-turn.js';
import { startOpenAiFake, type FakeTranscriptionReply, type OpenAiFake } from '../fakes/openai-fake-server.js';
import { messageEvent, postEvent, postSlashCommand } from '../fakes/slack-signed-request.js';
import { type SlackFake } from '../fakes/slack-web-api-fake.js';
import { memoryLogger } from '../support/memory-log.js';
import { until } from '../support/queue-backends.js';
import { startSlackWithOpenAi, type SlackWithOpenAi } from '../support/slack-with-openai.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

// Issue 15 leftovers: what the candidate sees when the transcription endpoint or Slack's file
// host fails (429 with Retry-After, 500, a held answer past the timeout), through the real
// openai client and Slack SDK against the fakes. The turn job retries (3 attempts here, as in
// production); a transcription that still fails on the last attempt leaves a private notice and
// a message marked as not transcribed, which the interviewer and the evaluator never read.

const SECRET = 'test-signing-secret';
const TEAM = 'T_FAKE';
const VOICE = Buffer.alloc(4_096, 7);
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const TIMEOUT_MS = 1_000;
const REPLY = 'Good. Which component would you scale first, and why?';

describe.each(storageBackends)('Voice and vision failures through the fakes on $name', (backend) => {
  let db: TestDatabase;
  let slack: SlackFake;
  let openai: OpenAiFake;
  let stack: SlackWithOpenAi;
  let core: SlackWithOpenAi['core'];
  let url: string;
  const logs = memoryLogger();
  let counter = 0;

  beforeAll(async () => {
    db = await backend.open();
    openai = await startOpenAiFake();
    openai.setResponder((req) => (req.body.response_format ? { kind: 'json', value: {} } : { kind: 'content', content: REPLY }));
    stack = await startSlackWithOpenAi(db.handle, {
      teamId: TEAM,
      secret: SECRET,
      logger: logs.logger,
      openai: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl, OPENAI_VISION_MODEL: 'fake-vision', OPENAI_MAX_RETRIES: '0', OPENAI_TIMEOUT_MS: String(TIMEOUT_MS) },
      // Production's attempts, a shorter backoff: a Retry-After still sets the wait.
      retry: { turn: { attempts: 3, backoffMs: 100 } },
    });
    ({ slack, core, url } = stack);
  });
  afterAll(async () => {
    await stack.close();
    await openai.close();
    await db.cleanup();
  });

  const thread = (channel: string, ts: string) => slack.messagesInThread(channel, ts).slice(1).map((m) => m.text ?? '');
  const privately = (channel: string, user: string) => slack.ephemerals.filter((e) => e.channel === channel && e.user === user).map((e) => String(e.text ?? ''));
  async function start(user: string) {
    const channel = `CVF${process.pid}${++counter}`;
    await postSlashCommand(url, SECRET, { text: 'start url shortener', team_id: TEAM, channel_id: channel, user_id: user, response_url: slack.responseUrl(`${channel}-${user}`) });
    await until(() => slack.messagesInChannel(channel).length >= 1, 5_000, 'root posted');
    const root = slack.messagesInChannel(channel)[0]!.ts;
    await until(() => thread(channel, root).length >= 1, 10_000, 'opening question');
    return { channel, root };
  }
  const share = (channel: string, root: string, user: string, file: Record<string, unknown>) =>
    postEvent(url, SECRET, messageEvent({ channel, user, text: '', thread_ts: root, subtype: 'file_share', files: [file] }), { teamId: TEAM });
  const say = (channel: string, root: string, user: string, text: string) => postEvent(url, SECRET, messageEvent({ channel, user, text, thread_ts: root }), { teamId: TEAM });
  const answersOf = async (user: string) => {
    const session = await core.sessions.getActiveSession({ platform: 'slack', workspaceId: TEAM, userId: user });
    return (await core.sessions.getTranscript(session!.id, { platform: 'slack', workspaceId: TEAM })).filter((m) => m.role === 'candidate');
  };
  /** A voice clip shared in the thread (its bytes on the fake's `url_private`). */
  function clip(id: string) {
    const urlPrivate = slack.addPrivateFile({ id, name: `${id}.webm`, mimetype: 'audio/webm', bytes: VOICE });
    return { id, name: `${id}.webm`, mimetype: 'audio/webm', size: VOICE.length, url_private: urlPrivate, subtype: 'slack_audio', duration_ms: 12_000 };
  }
  const transcriptionsOf = (id: string) => openai.transcriptions.filter((t) => t.fileName === `${id}.webm`).length;

  async function voiceRecovers(user: string, id: string, failures: FakeTranscriptionReply[], downloadFailure?: { status?: number; retryAfter?: number; delayMs?: number }) {
    const { channel, root } = await start(user);
    const text = `Transcript of ${id}: I would put a cache in front of the database.`;
    openai.enqueueTranscription(...failures, { kind: 'text', text });
    if (downloadFailure) slack.failNextDownload(id, downloadFailure);
    const sent = Date.now();
    expect((await share(channel, root, user, clip(id))).status).toBe(200);
    await until(() => thread(channel, root).some((t) => t.includes(text)), 15_000, 'transcript shown');
    const posted = thread(channel, root);
    // The opening question, then one reply: the transcript quoted, then the question; nothing
    // is posted for the failed attempts (no "thinking" placeholder left behind).
    expect(posted).toHaveLength(2);
    expect(posted[1]).toContain('Transcript of your voice message');
    expect(posted[1]).toContain(REPLY);
    const [answer] = await answersOf(user);
    expect(answer).toMatchObject({ mode: 'audio', content: text });
    expect(privately(channel, user)).toEqual([]);
    return { elapsed: Date.now() - sent };
  }

  it('transcription answering 429 with Retry-After: the turn waits for it, retries, and the transcript arrives', async () => {
    const { elapsed } = await voiceRecovers('UV429', 'FV429', [{ kind: 'status', status: 429, headers: { 'retry-after': '2' } }]);
    expect(transcriptionsOf('FV429')).toBe(2);
    // Retry-After (2 s), not the 100 ms backoff.
    expect(elapsed).toBeGreaterThanOrEqual(1_900);
    openai.assertNoUnexpected();
  });

  it('transcription answering 500, then timing out: retried, the transcript arrives', async () => {
    await voiceRecovers('UV500', 'FV500', [{ kind: 'status', status: 500 }, { kind: 'hang' }]);
    expect(transcriptionsOf('FV500')).toBe(3);
    openai.assertNoUnexpected();
  });

  it('the Slack file download failing with 429, 500 or a timeout: retried, the transcript arrives', async () => {
    await voiceRecovers('UD429', 'FD429', [], { status: 429, retryAfter: 1 });
    await voiceRecovers('UD500', 'FD500', [], { status: 500 });
    await voiceRecovers('UDTIME', 'FDTIME', [], { delayMs: TIMEOUT_MS * 3 });
    for (const id of ['FD429', 'FD500', 'FDTIME']) {
      // Two reads of the file, both with the bot token; one transcription (after the good read).
      expect(slack.fileDownloads.filter((d) => d.id === id)).toEqual([{ id, authorization: 'Bearer xoxb-test' }, { id, authorization: 'Bearer xoxb-test' }]);
      expect(transcriptionsOf(id)).toBe(1);
    }
    openai.assertNoUnexpected();
  });

  it('a transcription failing on every attempt: the candidate is told privately, and the placeholder is not an answer', async () => {
    const user = 'UVFAIL';
    const { channel, root } = await start(user);
    openai.enqueueTranscription({ kind: 'status', status: 500 }, { kind: 'status', status: 429, headers: { 'retry-after': '0' } }, { kind: 'hang' });
    expect((await share(channel, root, user, clip('FVFAIL'))).status).toBe(200);
    await until(() => privately(channel, user).some((t) => t.includes(NOT_TRANSCRIBED)), 15_000, 'private notice');
    expect(NOT_TRANSCRIBED).toMatch(/could not be transcribed/);
    expect(NOT_TRANSCRIBED).toMatch(/Send it again, or type your answer/);
    expect(transcriptionsOf('FVFAIL')).toBe(3);
    // Only this notice, nothing in the thread but the opening question.
    expect(privately(channel, user)).toHaveLength(1);
    expect(privately(channel, user)[0]).toContain(NOT_TRANSCRIBED);
    expect(thread(channel, root)).toHaveLength(1);
    const [answer] = await answersOf(user);
    expect(answer!.content).not.toContain('not transcribed yet');
    expect(answer!.content).toContain('could not be transcribed');
    expect(answer!.metadata).toMatchObject({ transcriptionFailed: true });
    expect(answer!.metadata.transcript).toBeUndefined();

    // The candidate types the answer: the interviewer reads it, and never the failed voice message.
    const chatsBefore = openai.requests.filter((r) => r.path === '/v1/chat/completions').length;
    await say(channel, root, user, 'Typed instead: a cache in front of Postgres, keyed by short code.');
    await until(() => thread(channel, root)[1] === REPLY, 10_000, 'reply to the typed answer');
    expect(thread(channel, root)[1]).toBe(REPLY);
    const chats = openai.requests.filter((r) => r.path === '/v1/chat/completions').slice(chatsBefore);
    expect(chats.length).toBeGreaterThan(0);
    for (const c of chats) {
      expect(c.rawBody).toContain('Typed instead');
      expect(c.rawBody).not.toContain('voice message');
    }

    expect(logs.raw()).not.toContain('xoxb-test');
  });

  it('a whiteboard image whose download fails with 429, 500 or a timeout: the reply says plainly it could not be fetched', async () => {
    const failures = [{ status: 429, retryAfter: 1 }, { status: 500 }, { delayMs: TIMEOUT_MS * 3 }];
    for (const [i, failure] of failures.entries()) {
      const user = `UIMGF${i}`;
      const { channel, root } = await start(user);
      const id = `FIMGF${i}`;
      const urlPrivate = slack.addPrivateFile({ id, name: 'board.png', mimetype: 'image/png', bytes: PNG });
      slack.failNextDownload(id, failure);
      const visionsBefore = openai.visions.length;
      await share(channel, root, user, { id, name: 'board.png', mimetype: 'image/png', size: PNG.length, url_private: urlPrivate });
      await until(() => thread(channel, root).length >= 2 && !thread(channel, root)[1]!.includes('Thinking'), 10_000, 'reply to the image');
      expect(thread(channel, root)[1]).toContain('I could not fetch the image just now');
      expect(thread(channel, root)[1]).not.toContain(REPLY);
      // The vision model was not asked without the image.
      expect(openai.visions.length).toBe(visionsBefore);
      expect(privately(channel, user)).toEqual([]);
    }
    expect(logs.raw()).not.toContain('xoxb-test');
  });
});

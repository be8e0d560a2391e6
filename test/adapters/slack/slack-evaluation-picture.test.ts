import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageEvent, postEvent, postSlashCommand } from '../../fakes/slack-signed-request.js';
import type { SlackFake } from '../../fakes/slack-web-api-fake.js';
import { memoryLogger } from '../../support/memory-log.js';
import { decodePng, pngSize } from '../../support/png.js';
import { until } from '../../support/queue-backends.js';
import { startSlackOverBolt, type SlackOverBolt } from '../../support/slack-over-bolt.js';
import { storageBackends, type TestDatabase } from '../../support/storage-backends.js';

const SECRET = 'test-signing-secret';
const TEAM = 'T_FAKE';
const TOKEN = 'xoxb-picture-test-token';
const ANSWERS = [
  'Users shorten long URLs and get redirected fast; links expire after five years. Redirects must be highly available with low latency.',
  'About 100 million new links a day is roughly 1,200 writes per second, and with a 100:1 read ratio about 120k reads per second.',
  'POST /urls returns the short code; GET /{code} answers with a 302 so we can count clicks. The table is keyed by short_code.',
];

describe.each(storageBackends)('Slack: the evaluation card and its picture on $name', (backend) => {
  let db: TestDatabase;
  let bolt: SlackOverBolt;
  let slack: SlackFake;
  let url: string;
  let channelCounter = 0;
  const logs = memoryLogger();

  beforeAll(async () => {
    db = await backend.open();
    bolt = await startSlackOverBolt(db.handle, { teamId: TEAM, secret: SECRET, botToken: TOKEN, logger: logs.logger, stack: { retryBackoffMs: 50 } });
    ({ slack, url } = bolt);
  });
  afterAll(async () => {
    await bolt.close();
    await db.cleanup();
  });

  const thread = (channel: string, ts: string) => slack.messagesInThread(channel, ts).slice(1);
  const cards = (channel: string, ts: string) => thread(channel, ts).filter((m) => /\d{1,3}\/100/.test(m.text ?? ''));
  const pictures = (channel: string, ts: string) => thread(channel, ts).filter((m) => m.files?.some((f) => f.name.endsWith('-dimensions.png')));
  const filesIn = (channel: string, ts: string) => slack.files.filter((f) => f.channel_id === channel && f.thread_ts === ts);

  /** A scored interview in a fresh channel, ended: returns the channel and thread. */
  async function interviewEnded(user: string): Promise<{ channel: string; root: string }> {
    const channel = `CPIC${process.pid}${++channelCounter}`;
    await postSlashCommand(url, SECRET, { text: 'start url shortener', team_id: TEAM, channel_id: channel, user_id: user, response_url: slack.responseUrl() });
    await until(() => slack.messagesInChannel(channel).length >= 2, 5_000, 'root and opening question');
    const root = slack.messagesInChannel(channel)[0]!.ts;
    for (const [i, text] of ANSWERS.entries()) {
      await postEvent(url, SECRET, messageEvent({ channel, user, text, thread_ts: root }), { teamId: TEAM });
      await until(() => thread(channel, root).filter((m) => m.bot_id).length >= 2 + i, 5_000, `reply ${i + 1}`);
    }
    await postSlashCommand(url, SECRET, { text: 'end', team_id: TEAM, channel_id: channel, user_id: user, response_url: slack.responseUrl() });
    return { channel, root };
  }

  it('uploads the dimension chart into the thread once, after the card, through the external upload flow', async () => {
    const calls = { url: slack.callsOf('files.getUploadURLExternal').length, complete: slack.callsOf('files.completeUploadExternal').length };
    const { channel, root } = await interviewEnded('U-pic-1');
    await until(() => pictures(channel, root).length === 1, 10_000, 'picture in the thread');
    expect(cards(channel, root)).toHaveLength(1);
    // The card, then its picture.
    const order = thread(channel, root).map((m) => (m.files ? 'picture' : /\d{1,3}\/100/.test(m.text ?? '') ? 'card' : 'other'));
    expect(order.slice(-2)).toEqual(['card', 'picture']);
    const [file] = filesIn(channel, root);
    expect(file!.filename).toMatch(/^[0-9a-f-]{36}-dimensions\.png$/);
    expect(file!.title).toBe('Scores by dimension: URL shortener');
    expect(pngSize(file!.bytes)).toEqual({ width: 1200, height: 693 });
    const img = decodePng(file!.bytes);
    expect(new Set(Array.from({ length: 200 }, (_, i) => img.pixel(200 + i * 4, 200 + (i % 7) * 60).join())).size).toBeGreaterThan(3);
    const getUrl = slack.callsOf('files.getUploadURLExternal').slice(calls.url);
    expect(getUrl.map((c) => c.args.filename)).toEqual([file!.filename]);
    const complete = slack.callsOf('files.completeUploadExternal').slice(calls.complete);
    expect(complete).toHaveLength(1);
    expect(complete[0]!.args).toMatchObject({ channel_id: channel, thread_ts: root });
    await new Promise((r) => setTimeout(r, 200));
    expect(filesIn(channel, root)).toHaveLength(1);
    slack.assertNoUnexpected();
  });

  it('after a 500 on the upload that Slack carried out, the retried delivery finds the picture and posts neither again', async () => {
    slack.failNext('files.completeUploadExternal', { error: 'internal_error', status: 500, applied: true });
    const { channel, root } = await interviewEnded('U-pic-500a');
    await until(() => pictures(channel, root).length === 1, 10_000, 'picture in the thread');
    // The retry looked in the thread (conversations.replies) and found both the card and the file.
    await until(() => slack.callsOf('conversations.replies').some((c) => c.args.channel === channel), 10_000, 'reconcile');
    await new Promise((r) => setTimeout(r, 300));
    expect(cards(channel, root)).toHaveLength(1);
    expect(pictures(channel, root)).toHaveLength(1);
    expect(filesIn(channel, root)).toHaveLength(1);
    expect(slack.callsOf('files.getUploadURLExternal').filter((c) => String(c.args.filename).endsWith('-dimensions.png') && c.error === undefined).length).toBeGreaterThan(0);
    expect(logs.lines().some((l) => l.message === 'Delivery attempt failed; will retry' && (l.session_id as string) !== undefined)).toBe(true);
    slack.assertNoUnexpected();
  });

  it('after a 500 on the upload that did not happen, the retry uploads it (once) and the card is not posted again', async () => {
    slack.failNext('files.getUploadURLExternal', { error: 'internal_error', status: 500 });
    const { channel, root } = await interviewEnded('U-pic-500b');
    await until(() => pictures(channel, root).length === 1, 10_000, 'picture in the thread');
    await new Promise((r) => setTimeout(r, 300));
    expect(cards(channel, root)).toHaveLength(1);
    expect(filesIn(channel, root)).toHaveLength(1);
    slack.assertNoUnexpected();
  });

  it('honours Retry-After on a rate-limited upload', async () => {
    slack.failNext('files.getUploadURLExternal', { error: 'ratelimited', retryAfter: 1 });
    const { channel, root } = await interviewEnded('U-pic-429');
    await until(() => cards(channel, root).length === 1, 10_000, 'card');
    const cardAt = Date.now();
    await until(() => pictures(channel, root).length === 1, 10_000, 'picture after the wait');
    expect(Date.now() - cardAt).toBeGreaterThan(700);
    expect(cards(channel, root)).toHaveLength(1);
    expect(filesIn(channel, root)).toHaveLength(1);
  });

  it.each(['missing_scope', 'not_allowed_token_type'])('without the upload permission (%s) the card posts without the picture, once, and a warning says why', async (code) => {
    slack.failNext('files.getUploadURLExternal', { error: code });
    const before = slack.callsOf('files.getUploadURLExternal').length;
    const { channel, root } = await interviewEnded(`U-pic-${code}`);
    await until(() => cards(channel, root).length === 1, 10_000, 'card');
    await until(() => logs.lines().some((l) => (l.metadata as { code?: string } | undefined)?.code === code), 5_000, 'warning');
    await new Promise((r) => setTimeout(r, 400));
    expect(pictures(channel, root)).toEqual([]);
    expect(cards(channel, root)).toHaveLength(1);
    // Not retried: one refused call, nothing completed.
    expect(slack.callsOf('files.getUploadURLExternal').length - before).toBe(1);
    const warning = logs.lines().find((l) => (l.metadata as { code?: string } | undefined)?.code === code)!;
    expect(warning.level).toBe('WARN');
    expect(String(warning.message)).toContain('files:write');
    expect(String(warning.message)).toContain(code);
    expect(logs.raw()).not.toContain(TOKEN);
    // The card counts as delivered: the candidate is not told anything failed.
    expect(slack.ephemerals.filter((e) => e.channel === channel)).toEqual([]);
  });
});

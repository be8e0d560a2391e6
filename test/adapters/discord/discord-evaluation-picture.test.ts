import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordErrors, type DiscordFake } from '../../fakes/discord-fake.js';
import { startDiscordOverFake, type DiscordOverFake } from '../../support/discord-over-fake.js';
import { memoryLogger } from '../../support/memory-log.js';
import { decodePng, pngSize } from '../../support/png.js';
import { until } from '../../support/queue-backends.js';
import { storageBackends, type TestDatabase } from '../../support/storage-backends.js';

type Attachment = { filename: string; content_type?: string };
type Message = { id: string; content?: string; embeds?: unknown[]; attachments?: Attachment[] };

const ANSWERS = [
  'Users shorten long URLs and get redirected fast; links expire after five years. Redirects must be highly available with low latency.',
  'About 100 million new links a day is roughly 1,200 writes per second, and with a 100:1 read ratio about 120k reads per second.',
  'POST /urls returns the short code; GET /{code} answers with a 302 so we can count clicks. The table is keyed by short_code.',
];

describe.each(storageBackends)('Discord: the evaluation card and its picture on $name', (backend) => {
  let db: TestDatabase;
  let discord: DiscordOverFake;
  let fake: DiscordFake;
  const logs = memoryLogger();

  beforeAll(async () => {
    db = await backend.open();
    discord = await startDiscordOverFake(db.handle, { logger: logs.logger, stack: { retryBackoffMs: 50 } });
    ({ fake } = discord);
  });
  afterAll(async () => {
    await discord.close();
    await db.cleanup();
  });

  const messages = (threadId: string) => fake.botMessagesIn(threadId) as unknown as Message[];
  const cards = (threadId: string) => messages(threadId).filter((m) => /\d{1,3}\/100/.test(`${m.content ?? ''} ${JSON.stringify(m.embeds ?? [])}`));
  const pictures = (threadId: string) => messages(threadId).filter((m) => m.attachments?.some((a) => a.filename.endsWith('-dimensions.png')));
  const uploads = (threadId: string) => fake.rest.filter((r) => r.method === 'POST' && r.path === `/channels/${threadId}/messages` && r.files.length > 0);

  /** A scored interview, ended: returns its thread. */
  async function interviewEnded(name: string): Promise<string> {
    const candidate = fake.addMember({ username: name });
    const before = fake.threads.length;
    fake.sendCommand({ subcommand: 'start', options: [{ name: 'topic', value: 'URL shortener' }, { name: 'minutes', value: 30 }], userId: candidate.id, channelId: fake.textChannelId });
    await until(() => fake.threads.length > before && messages(fake.threads.at(-1)!.id).length >= 1, 10_000, 'thread with opening question');
    const threadId = fake.threads.at(-1)!.id;
    for (const [i, content] of ANSWERS.entries()) {
      fake.sendMessage({ channelId: threadId, authorId: candidate.id, content });
      await until(() => messages(threadId).length >= 2 + i, 10_000, `reply ${i + 1}`);
    }
    fake.sendCommand({ subcommand: 'end', userId: candidate.id, channelId: threadId });
    return threadId;
  }

  it('attaches the dimension chart in a message after the card, once', async () => {
    const threadId = await interviewEnded('pic-ok');
    await until(() => pictures(threadId).length === 1, 10_000, 'picture').catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(messages(threadId).slice(-3)).slice(0, 3000)} ${JSON.stringify(logs.lines().filter((l) => l.level !== 'DEBUG' && l.level !== 'INFO').slice(-5)).slice(0, 3000)}`);
    });
    const all = messages(threadId);
    expect(all.indexOf(pictures(threadId)[0]!)).toBe(all.indexOf(cards(threadId)[0]!) + 1);
    const [upload] = uploads(threadId);
    expect(upload!.files).toHaveLength(1);
    expect(upload!.files[0]!.name).toMatch(/^[0-9a-f-]{36}-dimensions\.png$/);
    expect(upload!.files[0]!.contentType).toBe('image/png');
    expect(pngSize(upload!.files[0]!.data)).toEqual({ width: 1200, height: 693 });
    expect(decodePng(upload!.files[0]!.data).width).toBe(1200);
    expect(upload!.body).toMatchObject({ allowed_mentions: { parse: [] }, enforce_nonce: true });
    await new Promise((r) => setTimeout(r, 200));
    expect(pictures(threadId)).toHaveLength(1);
    expect(cards(threadId)).toHaveLength(1);
    fake.assertNoUnexpected();
  });

  it('after 500s on the upload (discord.js retries used up, Discord had posted), the retried delivery posts neither card nor picture again', async () => {
    // Every thread's next upload fails four times (discord.js's own retries included), each carried out by Discord.
    fake.failNext('POST', /^\/channels\/\d+\/messages$/, { status: 500, times: 4, applied: true, withFiles: true });
    const threadId = await interviewEnded('pic-500');
    await until(() => pictures(threadId).length === 1 && uploads(threadId).length >= 5, 15_000, 'picture after the retry');
    await new Promise((r) => setTimeout(r, 300));
    expect(cards(threadId)).toHaveLength(1);
    expect(pictures(threadId)).toHaveLength(1);
    expect(logs.lines().some((l) => l.message === 'Delivery attempt failed; will retry')).toBe(true);
  });

  it('without Attach Files (403 Missing Permissions) the card posts without the picture, once, and a warning says why', async () => {
    fake.failNext('POST', /^\/channels\/\d+\/messages$/, { ...DiscordErrors.missingPermissions, withFiles: true });
    const threadId = await interviewEnded('pic-403');
    await until(() => cards(threadId).length === 1, 10_000, 'card');
    await until(() => logs.lines().some((l) => (l.metadata as { code?: string } | undefined)?.code === '50013'), 5_000, 'warning');
    await new Promise((r) => setTimeout(r, 400));
    expect(pictures(threadId)).toEqual([]);
    expect(uploads(threadId)).toHaveLength(1);
    const warning = logs.lines().find((l) => (l.metadata as { code?: string } | undefined)?.code === '50013')!;
    expect(warning.level).toBe('WARN');
    expect(String(warning.message)).toContain('Attach Files');
    expect(logs.raw()).not.toContain(fake.token);
  });
});

import { readFileSync } from 'node:fs';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordPort, startDiscordAdapter, type DiscordAdapter } from '../../../adapters/discord/discord-app.js';
import type { DiscordChatPort } from '../../../adapters/discord/discord-chat-port.js';
import { createCore } from '../../../src/app/composition-root.js';
import { ChatPorts } from '../../../src/chat/chat-port.js';
import { DELIVERY_JOB, TURN_JOB, type AiInterviewer, type InterviewContext, type InterviewTurn, type JobHandler, type ReplyOptions } from '../../../src/domain/ports.js';
import { OfflineScorer } from '../../../src/evaluation/offline/offline-scorer.js';
import { TopicCatalog } from '../../../src/interviewer/catalog/topic-catalog.js';
import { OfflineInterviewer } from '../../../src/interviewer/offline/offline-interviewer.js';
import type { Logger } from '../../../src/logging/logger.js';
import { AppMetrics } from '../../../src/observability/metrics.js';
import { InProcessJobQueue } from '../../../src/queue/in-process-job-queue.js';
import { DataStore } from '../../../src/storage/data-store.js';
import { UNREADABLE_MESSAGE } from '../../../src/chat/chat-router.js';
import { snowflake, startDiscordFake, type DiscordFake, type RestRecord } from '../../fakes/discord-fake.js';
import { memoryLogger } from '../../support/memory-log.js';
import { until } from '../../support/queue-backends.js';
import { storageBackends, type TestDatabase } from '../../support/storage-backends.js';

// Hostile and real-world Discord input through the real discord.js client and the local fake
// (issue 12, points 2, 3 and 7): payload samples from Discord's documentation replayed through
// the gateway, edits, system messages, input that must be refused before the core (counted: not
// one database statement), and `allowed_mentions` on everything the bot writes.

type Json = Record<string, unknown>;
const fixture = (name: string): Json => JSON.parse(readFileSync(new URL(`../../fixtures/discord-payloads/${name}`, import.meta.url), 'utf8')) as Json;

/** The ids in Discord's samples: the slash-command example's guild, channel and user, the message example's author. */
const DOC_GUILD = '290926798626357999';
const DOC_CHANNEL = '645027906669510667';
const COMMAND_AUTHOR = '53908232506183680';
const MESSAGE_AUTHOR = '53908099506183680';
const NO_MENTIONS = { parse: [] };
/** What discord.js itself adds to every message body it sends. */
const DISCORD_JS = { tts: false, enforce_nonce: false };

/** Counts every statement the core sends to the database (through Kysely, so on PGlite and Postgres alike). */
class StatementCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count += 1;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** The in-process queue, except that turns can be held before they start (before the turn lease is taken). */
class HoldingQueue extends InProcessJobQueue {
  private gate: Promise<void> = Promise.resolve();
  private open: () => void = () => undefined;
  holdTurns(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  releaseTurns(): void {
    this.open();
  }
  override process<T>(name: string, handler: JobHandler<T>): void {
    const gated: JobHandler<T> = async (data, meta) => {
      await this.gate;
      await handler(data, meta);
    };
    super.process(name, name === TURN_JOB ? gated : handler);
  }
}

/** The offline interviewer, writing like an LLM that mentions people: every question ends with a ping attempt. */
class MentioningInterviewer implements AiInterviewer {
  readonly streams = false;
  constructor(
    private readonly inner: OfflineInterviewer,
    readonly ping: string,
  ) {}
  get recentMessages(): number {
    return this.inner.recentMessages;
  }
  initialize(context: InterviewContext): Promise<void> {
    return this.inner.initialize(context);
  }
  async openingQuestion(context: InterviewContext) {
    const reply = await this.inner.openingQuestion(context);
    return { ...reply, content: `${reply.content}\n\n${this.ping}` };
  }
  async reply(context: InterviewContext, turn: InterviewTurn, options?: ReplyOptions) {
    const reply = await this.inner.reply(context, turn, options);
    return { ...reply, content: `${reply.content}\n\n${this.ping}` };
  }
}

async function buildStack(db: TestDatabase, chat: ChatPorts, logger: Logger, ping: string) {
  const counter = new StatementCounter();
  const store = new DataStore(db.handle.db.withPlugin(counter));
  const catalog = new TopicCatalog();
  const queue = new HoldingQueue(logger, { concurrency: { [TURN_JOB]: 4, [DELIVERY_JOB]: 4 } });
  const interviewer = new MentioningInterviewer(new OfflineInterviewer(catalog), ping);
  const core = await createCore(
    { store, queue, queueKind: 'in-process', ai: { kind: 'offline', model: 'offline', interviewer, scorer: new OfflineScorer(catalog) }, catalog, chat, logger },
    { role: 'all', defaultDurationMinutes: 45, maxMessageChars: 60_000, turnLeaseMs: 5_000, timerMinuteMs: 60_000, sweepIntervalMs: 60_000, deliveryAttempts: 5 },
  );
  return {
    ...core,
    counter,
    queue,
    async close() {
      await core.close();
      await queue.close(3_000);
    },
  };
}

/** A REST call that creates or edits a message, and the allowed_mentions it carried. */
interface MessageWrite {
  what: 'message' | 'edit' | 'forum post' | 'interaction response' | 'reply edit' | 'follow-up';
  path: string;
  allowed: unknown;
  content: unknown;
}

function messageWrites(records: readonly RestRecord[]): MessageWrite[] {
  const writes: MessageWrite[] = [];
  for (const r of records) {
    const body = (r.body ?? {}) as Json;
    const write = (what: MessageWrite['what'], part: Json) => writes.push({ what, path: r.path, allowed: part.allowed_mentions, content: part.content });
    if (r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path)) write('message', body);
    else if (r.method === 'PATCH' && /^\/channels\/\d+\/messages\/\d+$/.test(r.path)) write('edit', body);
    else if (r.method === 'POST' && /^\/channels\/\d+\/threads$/.test(r.path) && body.message) write('forum post', body.message as Json);
    else if (r.method === 'POST' && /^\/interactions\/[^/]+\/[^/]+\/callback$/.test(r.path) && (body.type === 4 || body.type === 7)) write('interaction response', (body.data ?? {}) as Json);
    else if (r.method === 'PATCH' && /^\/webhooks\/\d+\/[^/]+\/messages\/[^/]+$/.test(r.path)) write('reply edit', body);
    else if (r.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(r.path)) write('follow-up', body);
  }
  return writes;
}

describe.each(storageBackends)('Discord hardening through discord.js on $name', (backend) => {
  let db: TestDatabase;
  let fake: DiscordFake;
  let adapter: DiscordAdapter;
  let port: DiscordChatPort;
  let stack: Awaited<ReturnType<typeof buildStack>>;
  const logs = memoryLogger();

  beforeAll(async () => {
    db = await backend.open();
    // The fake's guild and text channel carry the ids of Discord's samples, so those replay as documented.
    fake = await startDiscordFake({
      heartbeatIntervalMs: 1_000,
      guilds: [{ id: DOC_GUILD, channels: [{ id: DOC_CHANNEL, name: 'general' }, { name: 'interviews', type: 15 }] }],
    });
    fake.addMember({ id: COMMAND_AUTHOR, username: 'Mason' });
    fake.addMember({ id: MESSAGE_AUTHOR, username: 'Mason' });
    const settings = { token: fake.token, apiUrl: fake.apiUrl };
    port = createDiscordPort(settings);
    const chat = new ChatPorts().register('discord', port);
    stack = await buildStack(db, chat, logs.logger, `Ping <@${fake.admin.id}>, @everyone and @here.`);
    adapter = await startDiscordAdapter(settings, { router: stack.router, metrics: new AppMetrics(), logger: logs.logger });
  });
  afterAll(async () => {
    await adapter.stop();
    await stack.close();
    await fake.close();
    await db.cleanup();
  });

  const scope = () => ({ platform: 'discord' as const, workspaceId: DOC_GUILD });
  const botIn = (channelId: string) => fake.botMessagesIn(channelId);
  const member = (name: string) => fake.addMember({ username: name });
  const sessionOf = async (userId: string) => (await stack.sessions.getActiveSession({ ...scope(), userId }))!;
  const transcript = async (userId: string) => stack.sessions.getTranscript((await sessionOf(userId)).id, scope());
  const candidateLines = async (userId: string) => (await transcript(userId)).filter((m) => m.role !== 'interviewer').map((m) => ({ role: m.role, content: m.content, platformMessageId: m.platformMessageId }));
  const warnings = (operation: string) => logs.lines().filter((l) => l.level === 'WARN' && l.operation === operation);
  const dmChannelOf = (userId: string) => [...fake.channels.values()].find((c) => c.type === 1 && (c.recipients as Array<{ id: string }>)[0]?.id === userId);
  const dmsTo = (userId: string) => {
    const dm = dmChannelOf(userId);
    return dm ? botIn(dm.id).map((m) => m.content) : [];
  };

  /** Waits until the core has sent no statement for 300 ms (turns, posts and sweeps done). */
  async function quiet(): Promise<number> {
    let last = -1;
    await until(async () => {
      const now = stack.counter.count;
      const still = now === last;
      last = now;
      if (!still) await new Promise((r) => setTimeout(r, 300));
      return still;
    }, 10_000, 'database quiet');
    return stack.counter.count;
  }

  async function start(userId: string, topic = 'url shortener') {
    const before = fake.threads.length;
    fake.sendCommand({ subcommand: 'start', options: [{ name: 'topic', value: topic }], userId, channelId: DOC_CHANNEL });
    await until(() => fake.threads.length > before && botIn(fake.threads.at(-1)!.id).length >= 1, 10_000, 'thread with opening question');
    return fake.threads.at(-1)!.id;
  }

  it("replays Discord's documented slash-command interaction: deferred privately, a thread opened, replies that ping no one", async () => {
    const sample = fixture('interaction-application-command.json');
    const restFrom = fake.rest.length;
    const before = fake.threads.length;
    // The fields the docs' Interaction Structure lists as always sent but the example predates (see the fixtures' README),
    // and /interview start instead of the example's `cardsearch`.
    fake.sendInteractionPayload({
      ...sample,
      application_id: fake.applicationId,
      channel: { id: sample.channel_id, type: 0, guild_id: sample.guild_id, name: 'general' },
      entitlements: [],
      authorizing_integration_owners: { '0': sample.guild_id },
      data: { ...(sample.data as Json), name: 'interview', options: [{ type: 1, name: 'start', options: [{ type: 3, name: 'topic', value: 'url shortener' }] }] },
    });
    await until(() => fake.threads.length > before && botIn(fake.threads.at(-1)!.id).length >= 1, 10_000, 'thread with opening question');
    const threadId = fake.threads.at(-1)!.id;

    expect(fake.responsesFor(String(sample.id))).toMatchObject([{ type: 5, ephemeral: true }]);
    await until(() => fake.webhookCalls.some((c) => c.interactionId === sample.id && c.kind === 'editMessage'), 5_000, 'private reply');
    expect(fake.webhookCalls.filter((c) => c.interactionId === sample.id).map((c) => [c.kind, c.body])).toEqual([
      ['editMessage', { content: `ℹ️ Your URL shortener interview has started in a new thread. Reply there to answer. <#${threadId}>`, allowed_mentions: NO_MENTIONS, ...DISCORD_JS }],
    ]);
    expect(await sessionOf(COMMAND_AUTHOR)).toMatchObject({ ownerUserId: COMMAND_AUTHOR, ownerDisplayName: 'Mason', topic: 'URL shortener', channelId: DOC_CHANNEL, threadId, status: 'active' });

    // The root card and the opening question; the interviewer wrote a mention, @everyone and @here into the question.
    const posts = messageWrites(fake.rest.slice(restFrom)).filter((w) => w.what === 'message');
    expect(posts.map((p) => [p.path, p.allowed])).toEqual([
      [`/channels/${DOC_CHANNEL}/messages`, NO_MENTIONS],
      [`/channels/${threadId}/messages`, NO_MENTIONS],
    ]);
    expect(posts[1]!.content).toEqual(expect.stringContaining(`Ping <@${fake.admin.id}>, @\u200beveryone and @\u200bhere.`));
  });

  it("replays the documented message as MESSAGE_CREATE in the thread, and its MESSAGE_UPDATE, before the interviewer starts, replaces the stored answer", async () => {
    const example = fixture('message-example.json');
    const created = fixture('gateway-message-create.json');
    const updated = fixture('gateway-message-update.json');
    // The dispatch is the documented message object plus the documented extra fields.
    expect(created.d).toMatchObject(example);
    const threadId = await start(MESSAGE_AUTHOR);

    stack.queue.holdTurns();
    fake.dispatch(String(created.t), { ...(created.d as Json), channel_id: threadId });
    await until(async () => (await candidateLines(MESSAGE_AUTHOR)).length === 1, 5_000, 'answer stored');
    expect(await candidateLines(MESSAGE_AUTHOR)).toEqual([{ role: 'candidate', content: 'Supa Hot', platformMessageId: '334385199974967042' }]);

    const edited = String((updated.d as Json).content);
    fake.dispatch(String(updated.t), { ...(updated.d as Json), channel_id: threadId });
    await until(async () => (await candidateLines(MESSAGE_AUTHOR))[0]?.content === edited, 5_000, 'edit stored');
    stack.queue.releaseTurns();

    await until(() => botIn(threadId).length >= 2, 10_000, 'the reply');
    expect(await candidateLines(MESSAGE_AUTHOR)).toEqual([{ role: 'candidate', content: edited, platformMessageId: '334385199974967042' }]);
    const interviewer = (await transcript(MESSAGE_AUTHOR)).filter((m) => m.role === 'interviewer');
    expect(interviewer.map((m) => m.replyToSeq)).toEqual([null, (await transcript(MESSAGE_AUTHOR)).find((m) => m.role === 'candidate')!.seq]);
    // An edit that replaced the answer says nothing privately.
    expect(dmsTo(MESSAGE_AUTHOR)).toEqual([]);
  });

  it('takes a Reply (type 19) with an image as a whiteboard answer (its text the caption); a link preview is no edit; an edit after the reply gets one private note that pings no one', async () => {
    const candidate = member('replier');
    const threadId = await start(candidate.id, 'rate limiter');
    const opening = botIn(threadId)[0]!;
    const text = 'A token bucket per user in Redis, refilled lazily on each request.';
    const attachment = { id: snowflake(), filename: 'bucket.png', size: 2048, url: 'https://cdn.example/bucket.png', proxy_url: 'https://cdn.example/bucket.png', content_type: 'image/png' };
    const id = fake.sendMessage({ channelId: threadId, authorId: candidate.id, content: text, replyTo: opening.id, attachments: [attachment] });
    expect(fake.messages.get(id)!.message.type).toBe(19);
    await until(() => botIn(threadId).length >= 2, 10_000, 'the reply');
    expect(await candidateLines(candidate.id)).toEqual([{ role: 'candidate', content: `${text}\n[whiteboard image: bucket.png (image/png, 2 KB)]`, platformMessageId: id }]);

    // Discord sends MESSAGE_UPDATE when it unfurls a link, without an edit time: not an edit.
    const stored = fake.messages.get(id)!;
    stored.message.embeds = [{ type: 'link', url: 'https://redis.io', title: 'Redis' }];
    fake.dispatchMessage('MESSAGE_UPDATE', stored, true);
    fake.editUserMessage(id, 'A token bucket per user in Redis, refilled lazily; 429 with Retry-After when empty.');
    await until(() => dmsTo(candidate.id).length > 0, 5_000, 'private note');
    // An edit with a NUL byte is ignored with a warning, not re-read and not answered.
    fake.editUserMessage(id, 'A token bucket\u0000');
    await until(() => warnings('thread_message_edit').length === 1, 5_000, 'warning for the NUL edit');
    await new Promise((r) => setTimeout(r, 300));

    expect(dmsTo(candidate.id)).toEqual(['ℹ️ Edits after the interviewer has started on an answer are not re-read; send a new message to add to it.']);
    const dm = dmChannelOf(candidate.id)!;
    expect(messageWrites(fake.rest).filter((w) => w.path === `/channels/${dm.id}/messages`).map((w) => w.allowed)).toEqual([NO_MENTIONS]);
    expect(await candidateLines(candidate.id)).toEqual([{ role: 'candidate', content: `${text}\n[whiteboard image: bucket.png (image/png, 2 KB)]`, platformMessageId: id }]);
    expect(botIn(threadId)).toHaveLength(2);
    expect(warnings('thread_message_edit')[0]).toMatchObject({ message: 'Ignored a Discord thread message that did not validate', metadata: { issues: [{ path: 'content', code: 'custom' }] } });
    expect(logs.raw()).not.toContain('A token bucket\\u0000');
  });

  it("reads an edit of a message no longer in the client's cache (as after a restart), fetching it when the update carries no content", async () => {
    const candidate = member('restarted');
    const threadId = await start(candidate.id, 'key-value store');
    const thread = adapter.client.channels.cache.get(threadId);
    if (!thread?.isThread()) throw new Error('the interview thread is not cached');

    stack.queue.holdTurns();
    const id = fake.sendMessage({ channelId: threadId, authorId: candidate.id, content: 'Get and put by key.' });
    await until(async () => (await candidateLines(candidate.id)).length === 1, 5_000, 'answer stored');
    thread.messages.cache.clear();
    fake.editUserMessage(id, 'Get and put by key, with tunable consistency.');
    await until(async () => (await candidateLines(candidate.id))[0]?.content === 'Get and put by key, with tunable consistency.', 5_000, 'edit of an uncached message stored');

    // An update with no content (only ids and the edit time): the adapter fetches the message.
    thread.messages.cache.clear();
    const stored = fake.messages.get(id)!;
    stored.message.content = 'Get and put by key, tunable consistency, and available when a node fails.';
    stored.message.edited_timestamp = new Date().toISOString();
    const restFrom = fake.rest.length;
    fake.dispatch('MESSAGE_UPDATE', { id, channel_id: threadId, guild_id: DOC_GUILD, edited_timestamp: stored.message.edited_timestamp });
    await until(async () => (await candidateLines(candidate.id))[0]?.content === stored.message.content, 5_000, 'fetched edit stored');
    expect(fake.rest.slice(restFrom).filter((r) => r.method === 'GET').map((r) => r.path)).toEqual([`/channels/${threadId}/messages/${id}`]);
    stack.queue.releaseTurns();

    await until(() => botIn(threadId).length >= 2, 10_000, 'the reply');
    expect(await candidateLines(candidate.id)).toEqual([{ role: 'candidate', content: 'Get and put by key, tunable consistency, and available when a node fails.', platformMessageId: id }]);
    expect(dmsTo(candidate.id)).toEqual([]);
  });

  it('ignores system messages on purpose (members added, renames, pins, joins, thread starters, poll results): none is an answer', async () => {
    const candidate = member('sysmsg');
    const threadId = await start(candidate.id, 'news feed');
    for (const type of [1, 2, 4, 6, 7, 18, 21, 46]) fake.sendMessage({ channelId: threadId, authorId: candidate.id, content: `system message of type ${type}`, type });
    // Then an answer: once it is answered, everything before it has been handled.
    const id = fake.sendMessage({ channelId: threadId, authorId: candidate.id, content: 'Fan-out on write for most users, on read for celebrities.' });
    await until(() => botIn(threadId).length >= 2, 10_000, 'the reply');
    expect(await candidateLines(candidate.id)).toEqual([{ role: 'candidate', content: 'Fan-out on write for most users, on read for celebrities.', platformMessageId: id }]);
    expect(warnings('thread_message')).toEqual([]);
  });

  it('refuses a 10,000-character topic privately, without a database statement', async () => {
    const candidate = member('longtopic');
    const before = await quiet();
    const sent = fake.sendCommand({ subcommand: 'start', options: [{ name: 'topic', value: 'design '.repeat(1_500).slice(0, 10_000) }], userId: candidate.id, channelId: DOC_CHANNEL });
    await until(() => fake.responsesFor(sent.id).length > 0, 5_000, 'refusal');
    expect(fake.responsesFor(sent.id).map((r) => [r.type, r.ephemeral, r.data])).toEqual([
      [4, true, { content: '⚠️ The topic can be at most 200 characters. Nothing was changed.', flags: 64, allowed_mentions: NO_MENTIONS, ...DISCORD_JS }],
    ]);
    expect(stack.counter.count).toBe(before);
    expect(await stack.sessions.getActiveSession({ ...scope(), userId: candidate.id })).toBeNull();
  });

  it('refuses ids that are not snowflakes, out-of-range numbers and forged buttons privately; long autocomplete text gets no suggestions; no database statement', async () => {
    const candidate = member('prober');
    const nul = fake.addMember({ id: `${snowflake()}\u0000`, username: 'nul' });
    const short = fake.addMember({ id: '42', username: 'short' });
    const refusals = () => [...warnings('command'), ...warnings('action')].filter((l) => l.message === 'Refused a Discord interaction that did not validate');
    const warnedBefore = refusals().length;
    const before = await quiet();
    const cases = [
      { sent: fake.sendCommand({ subcommand: 'status', userId: nul.id, channelId: DOC_CHANNEL }), says: "⚠️ I couldn't read where or from whom that came, so I ignored it. Nothing was changed." },
      { sent: fake.sendCommand({ subcommand: 'status', userId: short.id, channelId: DOC_CHANNEL }), says: "⚠️ I couldn't read where or from whom that came, so I ignored it. Nothing was changed." },
      { sent: fake.sendCommand({ subcommand: 'history', options: [{ name: 'page', value: 1e20 }], userId: candidate.id }), says: '⚠️ `page` must be a whole number from 1 to 999999. Nothing was changed.' },
      { sent: fake.sendCommand({ subcommand: 'show', options: [{ name: 'which', value: '0' }], userId: candidate.id }), says: '⚠️ `which` is the number `/interview history` gives an interview (1 to 999999) or an interview id. Nothing was changed.' },
      { sent: fake.sendCommand({ subcommand: 'start', options: [{ name: 'topic', value: 'url\u0000shortener' }], userId: candidate.id }), says: '⚠️ The topic contains a NUL byte; type it again as plain text. Nothing was changed.' },
      { sent: fake.sendCommand({ subcommand: 'drop-tables', userId: candidate.id }), says: "⚠️ I couldn't read that command, so I ignored it. Nothing was changed; `/interview help` lists what works." },
      { sent: fake.sendButton({ customId: "session.end:1'; drop table sessions; --", userId: candidate.id }), says: '⚠️ That button is out of date. `/interview status` shows your interview with fresh buttons.' },
    ];
    const typing = fake.sendAutocomplete({ subcommand: 'start', options: [{ name: 'topic', value: 'u'.repeat(10_000), focused: true }], userId: candidate.id });
    await until(() => [...cases.map((c) => c.sent), typing].every((s) => fake.responsesFor(s.id).length > 0), 5_000, 'every interaction answered');

    for (const { sent, says } of cases) {
      expect(fake.responsesFor(sent.id).map((r) => [r.type, r.ephemeral, r.data])).toEqual([[4, true, { content: says, flags: 64, allowed_mentions: NO_MENTIONS, ...DISCORD_JS }]]);
    }
    expect(fake.responsesFor(typing.id).map((r) => [r.type, r.data])).toEqual([[8, { choices: [] }]]);
    expect(stack.counter.count).toBe(before);
    // One warning per refusal, naming the fields, never the values.
    expect(refusals().length - warnedBefore).toBe(cases.length);
    expect(refusals().slice(warnedBefore, warnedBefore + 2).map((l) => (l.metadata as { issues: unknown }).issues)).toEqual([
      [{ path: 'userId', code: 'invalid_format' }],
      [{ path: 'userId', code: 'invalid_format' }],
    ]);
    expect(logs.raw()).not.toContain('drop table');
  });

  it('refuses thread messages with a NUL byte, an id that is not a snowflake or over 4,000 characters: one warning each, without the text; the author told privately it was not saved; nothing stored', async () => {
    const candidate = member('hostile');
    const threadId = await start(candidate.id, 'web crawler');
    const before = await quiet();
    fake.sendMessage({ channelId: threadId, authorId: candidate.id, content: 'SECRET-ONE \u0000 binary' });
    fake.sendMessage({ channelId: threadId, authorId: candidate.id, content: `SECRET-TWO ${'y'.repeat(4_000)}` });
    const forged = fake.buildMessage({ id: '42', channelId: threadId, author: fake.users.get(candidate.id)!, content: 'SECRET-THREE' });
    const { user: _user, ...memberFields } = fake.memberJson(DOC_GUILD, candidate.id);
    fake.dispatch('MESSAGE_CREATE', { ...forged, guild_id: DOC_GUILD, member: memberFields });
    await until(() => warnings('thread_message').length === 3, 5_000, 'three warnings');
    await new Promise((r) => setTimeout(r, 200));

    expect(warnings('thread_message').map((l) => [l.message, (l.metadata as { issues: unknown }).issues])).toEqual([
      ['Ignored a Discord thread message that did not validate', [{ path: 'content', code: 'custom' }]],
      ['Ignored a Discord thread message that did not validate', [{ path: 'content', code: 'custom' }]],
      ['Ignored a Discord thread message that did not validate', [{ path: 'messageId', code: 'invalid_format' }]],
    ]);
    expect(logs.raw()).not.toContain('SECRET');
    // Each told privately (the thread is a live interview's).
    await until(() => dmsTo(candidate.id).length === 3, 5_000, 'three private notes');
    expect(dmsTo(candidate.id)).toEqual(Array(3).fill(`❌ ${UNREADABLE_MESSAGE}`));
    expect(await candidateLines(candidate.id)).toEqual([]);
    // Only the thread's session looked up for each (its row and the people in it), nothing written.
    expect(stack.counter.count - before).toBeLessThanOrEqual(6);
    expect(botIn(threadId)).toHaveLength(1);
  });

  it('says nothing about an unreadable message in a thread that is no interview', async () => {
    const someone = member('elsewhere');
    const threadId = await start(someone.id, 'chat system');
    await stack.sessions.endSession((await sessionOf(someone.id)).id, { platform: 'discord', workspaceId: DOC_GUILD, userId: someone.id, kind: 'system' });
    await quiet();
    const warned = warnings('thread_message').length;
    fake.sendMessage({ channelId: threadId, authorId: someone.id, content: 'after the end \u0000' });
    await until(() => warnings('thread_message').length === warned + 1, 5_000, 'warning');
    await new Promise((r) => setTimeout(r, 300));
    expect(dmsTo(someone.id).filter((t) => t?.includes('could not be read'))).toEqual([]);
  });

  it('DiscordChatPort sets allowed_mentions on every post and edit; a private notice that falls back into the thread pings only its addressee', async () => {
    const candidate = member('porttest');
    const hostile = `<@${fake.admin.id}> look, @everyone and @here`;
    const restFrom = fake.rest.length;
    const opened = await port.openThread({ platform: 'discord', workspaceId: DOC_GUILD, channelId: DOC_CHANNEL }, { kind: 'question', text: hostile }, 'Port test');
    const target = { platform: 'discord' as const, workspaceId: DOC_GUILD, channelId: DOC_CHANNEL, threadId: opened.threadId };
    const posted = await port.postInThread(target, { kind: 'text', text: hostile }, { idempotencyKey: 'hardening-1' });
    await port.update(target, posted.messageId, { kind: 'text', text: `${hostile} (edited)` });
    await port.uploadFile(target, { name: 'transcript.txt', content: hostile });
    await port.openThread({ platform: 'discord', workspaceId: DOC_GUILD, channelId: fake.forumChannelId! }, { kind: 'question', text: hostile }, 'Forum port test');
    await port.notifyPrivately(target, candidate.id, { kind: 'notice', tone: 'info', text: 'Sent by DM.' });
    const dm = dmChannelOf(candidate.id)!;
    // Discord refuses a DM when the member has them closed (50007): the notice goes into the thread, addressed.
    fake.failNext('POST', `/channels/${dm.id}/messages`, { status: 403, body: { code: 50007, message: 'Cannot send messages to this user' } });
    await port.notifyPrivately(target, candidate.id, { kind: 'notice', tone: 'info', text: 'DMs are closed.' });

    const writes = messageWrites(fake.rest.slice(restFrom)).filter((w) => w.what !== 'message' || !w.path.startsWith(`/channels/${dm.id}/`) || w.allowed);
    expect(writes.map((w) => [w.what, w.path, w.allowed])).toEqual([
      ['message', `/channels/${DOC_CHANNEL}/messages`, NO_MENTIONS],
      ['message', `/channels/${opened.threadId}/messages`, NO_MENTIONS],
      ['edit', `/channels/${opened.threadId}/messages/${posted.messageId}`, NO_MENTIONS],
      ['message', `/channels/${opened.threadId}/messages`, NO_MENTIONS],
      ['forum post', `/channels/${fake.forumChannelId}/threads`, NO_MENTIONS],
      ['message', `/channels/${dm.id}/messages`, NO_MENTIONS],
      ['message', `/channels/${dm.id}/messages`, NO_MENTIONS],
      ['message', `/channels/${opened.threadId}/messages`, { parse: [], users: [candidate.id] }],
    ]);
    expect(writes.at(-1)!.content).toBe(`<@${candidate.id}> ℹ️ DMs are closed.`);
    expect(writes[3]!.path).toBe(`/channels/${opened.threadId}/messages`);
    expect(fake.rest.slice(restFrom).find((r) => r.files.length > 0)!.body).toEqual({ attachments: [{ id: 0, filename: 'transcript.txt' }], allowed_mentions: NO_MENTIONS });
    expect(botIn(opened.threadId).at(-1)!.content).toBe(`<@${candidate.id}> ℹ️ DMs are closed.`);
  });

  it('sets allowed_mentions on interaction follow-ups (a refusal from the core after a deferred button press)', async () => {
    const owner = member('owner');
    const other = member('other');
    const threadId = await start(owner.id, 'chat system');
    const session = await sessionOf(owner.id);
    const press = fake.sendButton({ customId: `session.end:${session.id}`, userId: other.id, channelId: threadId });
    await until(() => fake.webhookCalls.some((c) => c.interactionId === press.id && c.kind === 'followUp'), 5_000, 'follow-up');
    expect(fake.responsesFor(press.id).map((r) => r.type)).toEqual([6]);
    const followUp = fake.webhookCalls.find((c) => c.interactionId === press.id && c.kind === 'followUp')!;
    expect(followUp.body).toMatchObject({ flags: 64, allowed_mentions: NO_MENTIONS, content: expect.stringContaining('Only the candidate') });
  });

  it('set allowed_mentions on every message it wrote in this file: none parsed, except the one notice addressed to its reader', async () => {
    const writes = messageWrites(fake.rest);
    expect(new Set(writes.map((w) => w.what))).toEqual(new Set(['message', 'edit', 'forum post', 'interaction response', 'reply edit', 'follow-up']));
    expect(writes.filter((w) => w.allowed === undefined)).toEqual([]);
    const addressed = writes.filter((w) => JSON.stringify(w.allowed) !== JSON.stringify(NO_MENTIONS));
    expect(addressed).toHaveLength(1);
    expect(addressed[0]!.allowed).toEqual({ parse: [], users: [String(addressed[0]!.content).slice(2, String(addressed[0]!.content).indexOf('>'))] });
    fake.assertNoUnexpected();
  });
});

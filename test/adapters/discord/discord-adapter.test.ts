import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordAdapter } from '../../../adapters/discord/discord-app.js';
import { commandText } from '../../../adapters/discord/interview-command.js';
import { registerCommands } from '../../../adapters/discord/register-commands.js';
import { AppMetrics } from '../../../src/observability/metrics.js';
import { DiscordErrors, startDiscordFake, type DiscordFake } from '../../fakes/discord-fake.js';
import { buildChatStack } from '../../support/chat-stack.js';
import { startDiscordOverFake, type DiscordOverFake } from '../../support/discord-over-fake.js';
import { memoryLogger } from '../../support/memory-log.js';
import { until } from '../../support/queue-backends.js';
import { storageBackends, type TestDatabase } from '../../support/storage-backends.js';

type Embed = { title?: string; description?: string; fields?: { name: string; value: string }[]; footer?: { text: string } };

describe.each(storageBackends)('Discord adapter through discord.js on $name', (backend) => {
  let db: TestDatabase;
  let discord: DiscordOverFake;
  let fake: DiscordFake;
  let stack: Awaited<ReturnType<typeof buildChatStack>>;
  const logs = memoryLogger();

  beforeAll(async () => {
    db = await backend.open();
    const logger = logs.logger;
    discord = await startDiscordOverFake(db.handle, { logger: logger });
    ({ fake, stack } = discord);
  });
  afterAll(async () => {
    await discord.close();
    await db.cleanup();
  });

  const text = (m: { content?: string; embeds?: Embed[] }) => `${m.content ?? ''} ${JSON.stringify(m.embeds ?? [])}`;
  const botIn = (channelId: string) => fake.botMessagesIn(channelId).map((m) => text(m as never));
  const edits = (interactionId: string) => fake.webhookCalls.filter((c) => c.interactionId === interactionId).map((c) => JSON.stringify(c.body));
  const member = (name: string) => fake.addMember({ username: name });

  async function start(userId: string, topic = 'URL shortener', minutes = 30) {
    const before = fake.threads.length;
    const sent = fake.sendCommand({ subcommand: 'start', options: [{ name: 'topic', value: topic }, { name: 'minutes', value: minutes }], userId, channelId: fake.textChannelId });
    await until(() => fake.threads.length > before && botIn(fake.threads.at(-1)!.id).length >= 1, 10_000, 'thread with opening question');
    return { threadId: fake.threads.at(-1)!.id, interaction: sent };
  }
  async function say(threadId: string, authorId: string, content: string, expectReplies: number) {
    fake.sendMessage({ channelId: threadId, authorId, content });
    await until(() => botIn(threadId).length >= expectReplies, 10_000, `reply ${expectReplies}`);
  }

  it('runs a whole interview: deferred start, thread, turns, pause and resume, end, evaluation embed, history', async () => {
    const candidate = member('ada');
    const { threadId, interaction } = await start(candidate.id);
    const [deferred] = fake.responsesFor(interaction.id);
    expect(deferred).toMatchObject({ type: 5, ephemeral: true });
    await until(() => edits(interaction.id).some((e) => e.includes(`<#${threadId}>`)), 5_000, 'reply links to the thread');
    const root = fake.botMessagesIn(fake.textChannelId).at(-1)!;
    expect(text(root as never)).toContain('URL shortener');
    expect(JSON.stringify(root)).toContain('session.pause');
    expect(botIn(threadId)[0]).toContain('URL shortening');

    await say(threadId, candidate.id, 'Users shorten long URLs and get fast redirects; links live five years and must be highly available.', 2);
    await say(threadId, candidate.id, 'About 100 million new links a day, so 1,200 writes and 120k reads per second.', 3);
    await say(threadId, candidate.id, 'POST /urls returns a code, GET /{code} redirects with a 302; a table keyed by short_code.', 4);
    await say(threadId, candidate.id, 'Base62 codes come from a counter handed out in blocks; hot links are cached in Redis, and the store is sharded with replicas for failover.', 5);

    fake.sendCommand({ subcommand: 'pause', userId: candidate.id, channelId: threadId });
    await until(() => botIn(threadId).some((t) => t.includes('paused the interview')), 5_000, 'pause notice');
    fake.sendCommand({ subcommand: 'resume', userId: candidate.id, channelId: threadId });
    await until(() => botIn(threadId).some((t) => t.includes('resumed the interview')), 5_000, 'resume notice');
    fake.sendCommand({ subcommand: 'end', userId: candidate.id, channelId: threadId });
    await until(() => botIn(threadId).some((t) => /\d{1,3}\/100/.test(t)), 10_000, 'evaluation embed').catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(botIn(threadId).slice(-3))} ${JSON.stringify(logs.lines().filter((l) => l.level !== 'DEBUG' && l.level !== 'INFO').slice(-5))}`);
    });
    const card = fake.botMessagesIn(threadId).find((m) => /\d{1,3}\/100/.test(text(m as never)))!;
    expect((card as { embeds: Embed[] }).embeds.length).toBeGreaterThan(0);

    const history = fake.sendCommand({ subcommand: 'history', userId: candidate.id, channelId: fake.textChannelId });
    await until(() => edits(history.id).some((e) => e.includes('URL shortener')), 5_000, 'history embed');
    expect(edits(history.id).join('\n')).toContain('#1');
    // `/interview show which:1` shows the same card again, in the (ephemeral) interaction reply.
    const show = fake.sendCommand({ subcommand: 'show', options: [{ name: 'which', value: '1' }], userId: candidate.id, channelId: fake.textChannelId });
    await until(() => edits(show.id).some((e) => /\d{1,3}\/100/.test(e)), 5_000, 'evaluation shown again');
    expect(fake.responsesFor(show.id)[0]).toMatchObject({ type: 5, ephemeral: true });
    fake.assertNoUnexpected();
  });

  it('does not let another member end the session', async () => {
    const owner = member('owner');
    const other = member('other');
    const { threadId } = await start(owner.id, 'rate limiter');
    const session = await stack.sessions.getActiveSession({ platform: 'discord', workspaceId: fake.guildId, userId: owner.id });
    const press = fake.sendButton({ customId: `session.end:${session!.id}`, userId: other.id, channelId: threadId });
    await until(() => fake.webhookCalls.some((c) => c.interactionId === press.id && JSON.stringify(c.body).includes('Only the candidate')), 5_000, 'private refusal');
    expect(fake.webhookCalls.find((c) => c.interactionId === press.id)!.kind).toBe('followUp');
    expect((await stack.sessions.getSession(session!.id, { platform: 'discord', workspaceId: fake.guildId })).status).toBe('active');
  });

  it('answers topic autocomplete from the catalog', async () => {
    const sent = fake.sendAutocomplete({ subcommand: 'start', options: [{ name: 'topic', value: 'url sh', focused: true }] });
    await until(() => fake.responsesFor(sent.id).length > 0, 5_000, 'autocomplete');
    const [response] = fake.responsesFor(sent.id);
    expect(response!.type).toBe(8);
    expect(JSON.stringify(response!.data)).toContain('URL shortener');
  });

  it('handles a message of 4,000 characters, the most Discord allows', async () => {
    const candidate = member('longwriter');
    const { threadId } = await start(candidate.id, 'chat system');
    const long = `We use WebSockets and store messages in Cassandra. ${'More about fan-out and presence. '.repeat(130)}`.slice(0, 4_000);
    await say(threadId, candidate.id, long, 2);
    const session = await stack.sessions.getActiveSession({ platform: 'discord', workspaceId: fake.guildId, userId: candidate.id });
    const transcript = await stack.sessions.getTranscript(session!.id, { platform: 'discord', workspaceId: fake.guildId });
    expect(transcript.find((m) => m.role === 'candidate')!.content).toHaveLength(4_000);
  });

  it('does not reply twice after a gateway reconnect or a replayed message', async () => {
    const candidate = member('reconnector');
    const { threadId } = await start(candidate.id, 'news feed');
    fake.dropConnections();
    await until(() => fake.resumes.length > 0 && fake.connectedSessions > 0, 10_000, 'resumed');
    const id = fake.sendMessage({ channelId: threadId, authorId: candidate.id, content: 'Fan-out on write for most users, on read for celebrities.' });
    await until(() => botIn(threadId).length >= 2, 10_000, 'reply after reconnect');
    // The same message delivered again (as after a resume replay) is answered once.
    const original = fake.messagesIn(threadId).find((m) => m.id === id)!;
    fake.dispatch('MESSAGE_CREATE', { ...original, guild_id: fake.guildId, member: { roles: [], joined_at: new Date().toISOString() } });
    await new Promise((r) => setTimeout(r, 500));
    expect(botIn(threadId)).toHaveLength(2);
  });

  it('tells the user privately when it cannot create threads, and frees their slot', async () => {
    const candidate = member('blocked');
    fake.failNext('POST', /\/channels\/\d+\/messages\/\d+\/threads$/, { ...DiscordErrors.missingPermissions, times: 1 });
    const sent = fake.sendCommand({ subcommand: 'start', options: [{ name: 'topic', value: 'web crawler' }], userId: candidate.id, channelId: fake.textChannelId });
    await until(() => edits(sent.id).some((e) => e.includes('permission')), 10_000, 'permission message');
    expect(await stack.sessions.getActiveSession({ platform: 'discord', workspaceId: fake.guildId, userId: candidate.id })).toBeNull();
  });

  it('opens a forum post in a forum channel and answers there, without a typing call for an instant interviewer', async () => {
    const candidate = member('forumite');
    const before = fake.threads.length;
    fake.sendCommand({ subcommand: 'start', options: [{ name: 'topic', value: 'key-value store' }], userId: candidate.id, channelId: fake.forumChannelId! });
    // A forum post's first message is the root card; the opening question follows it.
    await until(() => fake.threads.length > before && botIn(fake.threads.at(-1)!.id).length >= 2, 10_000, 'forum post with opening question');
    const post = fake.threads.at(-1)!;
    expect(post.parent_id).toBe(fake.forumChannelId);
    const since = Date.now();
    await say(post.id, candidate.id, 'Get and put by key, tunable consistency, and it must stay available when a node fails.', 3);
    // The offline interviewer answers at once: one post, no typing indicator first.
    expect(fake.rest.some((r) => r.method === 'POST' && r.path === `/channels/${post.id}/typing` && r.at >= since)).toBe(false);
  });

  it('keeps the session when its thread is deleted, and logs an expired interaction clearly', async () => {
    const candidate = member('unlucky');
    const { threadId } = await start(candidate.id, 'payment system');
    await fetch(`${fake.apiUrl}/v10/channels/${threadId}`, { method: 'DELETE', headers: { authorization: `Bot ${fake.token}` } });
    const status = fake.sendCommand({ subcommand: 'status', userId: candidate.id, channelId: fake.textChannelId });
    await until(() => edits(status.id).some((e) => e.includes('Payment system')), 5_000, 'status from the channel');
    const ended = fake.sendCommand({ subcommand: 'end', userId: candidate.id, channelId: fake.textChannelId });
    await until(() => edits(ended.id).length > 0, 5_000, 'end answered');
    const sessions = await stack.sessions.listSessions({ owner: { platform: 'discord', workspaceId: fake.guildId, userId: candidate.id } });
    expect(sessions.items[0]).toMatchObject({ status: 'completed', topic: 'Payment system' });

    const expired = fake.sendCommand({ subcommand: 'help', userId: candidate.id, channelId: fake.textChannelId });
    fake.expireInteraction(expired.id);
    await until(() => logs.lines().some((l) => l.operation === 'interaction' && (l.metadata as { expired?: boolean })?.expired === true), 5_000, 'expired interaction logged');
    expect(edits(expired.id)).toEqual([]);
  });

  it('registers /interview idempotently, in one guild', async () => {
    for (let i = 0; i < 2; i += 1) await registerCommands({ token: fake.token, applicationId: fake.applicationId, guildId: fake.guildId, apiUrl: fake.apiUrl });
    const commands = fake.currentCommands(fake.guildId);
    expect(commands.map((c) => c.name)).toEqual(['interview']);
    const subcommands = (commands[0] as { options?: { name: string }[] }).options!.map((o) => o.name);
    expect(subcommands).toEqual(['start', 'pause', 'resume', 'end', 'status', 'history', 'show', 'export', 'replay', 'share', 'topics', 'stats', 'leaderboard', 'help', 'retry-evaluation', 'redeliver', 'profile', 'forget-me', 'channel', 'template', 'schedule']);
    const show = (commands[0] as { options: { name: string; options?: { name: string; type: number; required?: boolean }[] }[] }).options.find((o) => o.name === 'show')!;
    expect(show.options).toMatchObject([{ name: 'which', type: 3 }]);
    expect(show.options![0]!.required ?? false).toBe(false);
    expect(commandText('show', { which: '2' })).toBe('show 2');
    expect(commandText('show', { which: null })).toBe('show');
  });
});

describe('Discord start-up errors', () => {
  it('says clearly when the token is rejected', async () => {
    const fake = await startDiscordFake();
    try {
      const logger = memoryLogger().logger;
      const stack = { router: undefined as never, metrics: new AppMetrics(), logger };
      await expect(startDiscordAdapter({ token: 'wrong-token', apiUrl: fake.apiUrl }, stack)).rejects.toMatchObject({
        code: 'CONFIG_INVALID',
        message: expect.stringContaining('DISCORD_TOKEN was rejected'),
      });
    } finally {
      await fake.close();
    }
  });

  it('says clearly when the Message Content intent is not enabled', async () => {
    const fake = await startDiscordFake({ privilegedIntents: false });
    try {
      const deps = { router: undefined as never, metrics: new AppMetrics(), logger: memoryLogger().logger };
      await expect(startDiscordAdapter({ token: fake.token, apiUrl: fake.apiUrl }, deps)).rejects.toMatchObject({
        code: 'CONFIG_INVALID',
        message: expect.stringContaining('Message Content Intent'),
      });
    } finally {
      await fake.close();
    }
  });
});

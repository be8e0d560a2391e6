import { once } from 'node:events';
import {
  ChannelType,
  Client,
  DiscordAPIError,
  Events,
  ForumChannel,
  GatewayDispatchEvents,
  GatewayIntentBits,
  MessageFlags,
  Routes,
  TextChannel,
  type BaseInteraction,
  type Message,
} from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiscordErrors, Intent, startDiscordFake, type DiscordFake } from './discord-fake.js';

const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent];

describe('discord fake (real discord.js client over loopback)', () => {
  let fake: DiscordFake;
  let client: Client | undefined;
  /** Errors thrown inside interaction handlers (they would otherwise be swallowed). */
  let handlerErrors: unknown[];

  beforeEach(async () => {
    fake = await startDiscordFake({ heartbeatIntervalMs: 1000 });
    handlerErrors = [];
  });

  afterEach(async () => {
    await client?.destroy();
    client = undefined;
    await fake.close();
  });

  async function login(intents: number[] = INTENTS): Promise<Client<true>> {
    const c = new Client({ intents, ...fake.clientOptions() });
    client = c;
    const ready = once(c, Events.ClientReady);
    await c.login(fake.token);
    await ready;
    return c as Client<true>;
  }

  function onInteraction(c: Client, handler: (i: BaseInteraction) => Promise<void>): void {
    c.on(Events.InteractionCreate, (i) => {
      handler(i).catch((err: unknown) => handlerErrors.push(err));
    });
  }

  const textChannel = (c: Client) => c.channels.cache.get(fake.textChannelId) as TextChannel;

  it('logs in, becomes ready and caches the guild, its channels and the bot member', async () => {
    const c = await login();

    expect(c.user.id).toBe(fake.botUser.id);
    expect(c.user.bot).toBe(true);
    expect(c.application.id).toBe(fake.applicationId);
    const guild = c.guilds.cache.get(fake.guildId);
    expect(guild?.name).toBe('Fake Guild');
    expect(guild?.members.me?.id).toBe(fake.botUser.id);
    expect(textChannel(c)).toBeInstanceOf(TextChannel);
    expect(textChannel(c).name).toBe('general');
    expect(c.channels.cache.get(fake.forumChannelId!)).toBeInstanceOf(ForumChannel);
    expect(guild?.members.me?.permissionsIn(textChannel(c)).has('SendMessages')).toBe(true);

    expect(fake.identifies).toHaveLength(1);
    expect(fake.identifies[0]).toMatchObject({ token: fake.token, shard: [0, 1], compress: false });
    expect(fake.intents).toBe(Intent.Guilds | Intent.GuildMessages | Intent.MessageContent);
    expect(fake.rest.map((r) => `${r.method} ${r.path}`)).toContain('GET /gateway/bot');

    // Heartbeats (interval 1000 ms) are acknowledged.
    await fake.waitFor(() => fake.gatewayReceived.some((p) => p.op === 1), 2500, 'a heartbeat');
    await fake.waitFor(() => c.ws.ping >= 0, 1000, 'a heartbeat ack');
    fake.assertNoUnexpected();
  });

  it('delivers a user message as messageCreate with its content', async () => {
    const c = await login();
    const received = once(c, Events.MessageCreate) as Promise<[Message]>;

    const id = fake.sendMessage({ content: 'hello bot' });

    const [message] = await received;
    expect(message.id).toBe(id);
    expect(message.content).toBe('hello bot');
    expect(message.author.id).toBe(fake.candidate.id);
    expect(message.author.bot).toBe(false);
    expect(message.channelId).toBe(fake.textChannelId);
    expect(message.member?.id).toBe(fake.candidate.id);
    expect(fake.messagesIn(fake.textChannelId).map((m) => m.content)).toEqual(['hello bot']);
    fake.assertNoUnexpected();
  });

  it('blanks message content when the MessageContent intent is missing (unless the bot is mentioned)', async () => {
    const c = await login([GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages]);
    const seen: string[] = [];
    c.on(Events.MessageCreate, (m) => seen.push(m.content));

    fake.sendMessage({ content: 'secret' });
    fake.sendMessage({ content: `<@${fake.botUser.id}> hi`, mentions: [fake.botUser.id] });

    await fake.waitFor(() => seen.length === 2);
    expect(seen).toEqual(['', `<@${fake.botUser.id}> hi`]);
  });

  it('replies to a slash command ephemerally and records the callback', async () => {
    const c = await login();
    const seen: Record<string, unknown> = {};
    onInteraction(c, async (i) => {
      if (!i.isChatInputCommand()) return;
      seen.command = i.commandName;
      seen.sub = i.options.getSubcommand();
      seen.topic = i.options.getString('topic');
      seen.admin = i.memberPermissions?.has('Administrator');
      await i.reply({ content: 'Starting your interview', flags: MessageFlags.Ephemeral });
    });

    const { id, token } = fake.sendCommand({ subcommand: 'start', options: [{ name: 'topic', value: 'url shortener' }] });

    const [response] = await fake.waitFor(() => fake.responsesFor(id).length && fake.responsesFor(id));
    expect(response).toMatchObject({ type: 4, ephemeral: true, flags: MessageFlags.Ephemeral, token, withResponse: false });
    expect(response!.data).toMatchObject({ content: 'Starting your interview' });
    expect(seen).toEqual({ command: 'interview', sub: 'start', topic: 'url shortener', admin: false });
    expect(fake.originalMessage(id)).toMatchObject({ content: 'Starting your interview', flags: MessageFlags.Ephemeral });
    expect(handlerErrors).toEqual([]);
    fake.assertNoUnexpected();
  });

  it('supports deferReply then editReply, and admin member permissions', async () => {
    const admin = fake.addMember({ username: 'lead', admin: true });
    const c = await login();
    let isAdmin: boolean | undefined;
    onInteraction(c, async (i) => {
      if (!i.isChatInputCommand()) return;
      isAdmin = i.memberPermissions?.has('Administrator');
      await i.deferReply();
      await i.editReply({ content: 'Here is your first question' });
      await i.followUp({ content: 'psst', flags: MessageFlags.Ephemeral });
    });

    const { id } = fake.sendCommand({ userId: admin.id, subcommand: 'start' });

    await fake.waitFor(() => fake.webhookCalls.some((w) => w.kind === 'followUp'));
    expect(fake.responsesFor(id).map((r) => r.type)).toEqual([5]);
    expect(fake.webhookCalls.map((w) => [w.kind, w.original])).toEqual([
      ['editMessage', true],
      ['followUp', false],
    ]);
    const original = fake.originalMessage(id)!;
    expect(original.content).toBe('Here is your first question');
    expect(original.flags & MessageFlags.Loading).toBe(0);
    expect(fake.botMessagesIn(fake.textChannelId).map((m) => m.content)).toEqual(['Here is your first question', 'psst']);
    expect(isAdmin).toBe(true);
    expect(handlerErrors).toEqual([]);
    fake.assertNoUnexpected();
  });

  it('sends a channel message, starts threads and posts in them', async () => {
    const c = await login();
    const channel = textChannel(c);
    const threadEvents: string[] = [];
    c.on(Events.ThreadCreate, (t) => threadEvents.push(t.id));

    const sent = await channel.send('Interview starting');
    const thread = await channel.threads.create({ name: 'Interview #1' });
    const inThread = await thread.send('Question 1: design a URL shortener');
    const fromMessage = await sent.startThread({ name: 'Follow-up' });
    await c.channels.fetch(thread.id, { force: true });

    expect(sent.author.id).toBe(fake.botUser.id);
    expect(thread.parentId).toBe(fake.textChannelId);
    expect(thread.type).toBe(ChannelType.PublicThread);
    expect(inThread.channelId).toBe(thread.id);
    expect(fromMessage.id).toBe(sent.id);
    expect(fake.threads.map((t) => [t.name, t.type, t.parent_id, t.owner_id])).toEqual([
      ['Interview #1', 11, fake.textChannelId, fake.botUser.id],
      ['Follow-up', 11, fake.textChannelId, fake.botUser.id],
    ]);
    expect(fake.threads[0]!.message_count).toBe(1);
    expect(fake.messagesIn(thread.id).map((m) => m.content)).toEqual(['Question 1: design a URL shortener']);
    expect(fake.messagesIn(fake.textChannelId).map((m) => m.content)).toEqual(['Interview starting']);
    await fake.waitFor(() => threadEvents.length === 2, 1000, 'threadCreate events');

    // A user reply inside the thread reaches the bot.
    const reply = once(c, Events.MessageCreate) as Promise<[Message]>;
    let userMessage: Message | undefined;
    c.on(Events.MessageCreate, (m) => {
      if (!m.author.bot) userMessage = m;
    });
    fake.sendMessage({ channelId: thread.id, content: 'I would start with the API' });
    await reply;
    await fake.waitFor(() => userMessage);
    expect(userMessage!.channel.isThread()).toBe(true);

    // Forum post: thread + first message.
    const forum = c.channels.cache.get(fake.forumChannelId!) as ForumChannel;
    const post = await forum.threads.create({ name: 'System design: chat app', message: { content: 'Welcome!' } });
    expect(fake.messagesIn(post.id).map((m) => m.content)).toEqual(['Welcome!']);
    expect(fake.threads.at(-1)).toMatchObject({ parent_id: fake.forumChannelId, name: 'System design: chat app' });
    fake.assertNoUnexpected();
  });

  it('answers autocomplete and updates a message from a button', async () => {
    const c = await login();
    let focused: string | undefined;
    onInteraction(c, async (i) => {
      if (i.isAutocomplete()) {
        focused = i.options.getFocused();
        await i.respond([{ name: 'URL shortener', value: 'url-shortener' }]);
      } else if (i.isButton()) {
        await i.update({ content: `Clicked ${i.customId}`, components: [] });
      }
    });

    const auto = fake.sendAutocomplete({ subcommand: 'start', options: [{ name: 'topic', value: 'url', focused: true }] });
    const button = fake.sendButton({ customId: 'interview:end' });

    await fake.waitFor(() => fake.responsesFor(auto.id).length && fake.responsesFor(button.id).length);
    expect(focused).toBe('url');
    expect(fake.responsesFor(auto.id)[0]).toMatchObject({ type: 8, data: { choices: [{ name: 'URL shortener', value: 'url-shortener' }] } });
    expect(fake.responsesFor(button.id)[0]).toMatchObject({ type: 7 });
    const updated = fake.originalMessage(button.id)!;
    expect(updated).toMatchObject({ content: 'Clicked interview:end', components: [] });
    expect(updated.edited_timestamp).not.toBeNull();
    expect(handlerErrors).toEqual([]);
    fake.assertNoUnexpected();
  });

  it('handles withResponse, modals, selects, file uploads and reply deletion', async () => {
    const c = await login();
    const callbackMessageIds: Array<string | undefined> = [];
    const modalValues: string[] = [];
    onInteraction(c, async (i) => {
      if (i.isChatInputCommand()) {
        const res = await i.reply({ content: 'with response', withResponse: true });
        callbackMessageIds.push(res.resource?.message?.id);
        await i.deleteReply();
      } else if (i.isStringSelectMenu()) {
        await i.showModal({
          customId: 'answer',
          title: 'Your answer',
          components: [{ type: 1, components: [{ type: 4, customId: 'text', label: 'Answer', style: 2 }] }],
        });
      } else if (i.isModalSubmit()) {
        modalValues.push(i.fields.getTextInputValue('text'));
        await i.reply({ content: 'Saved', files: [{ attachment: Buffer.from('transcript'), name: 'transcript.txt' }] });
      }
    });

    const cmd = fake.sendCommand({ subcommand: 'start' });
    const select = fake.sendSelect({ customId: 'difficulty', values: ['hard'] });
    await fake.waitFor(() => fake.webhookCalls.some((w) => w.kind === 'deleteMessage') && fake.responsesFor(select.id).length);
    const modal = fake.sendModalSubmit({ customId: 'answer', fields: { text: 'Use consistent hashing' } });
    await fake.waitFor(() => fake.responsesFor(modal.id).length);

    expect(fake.responsesFor(cmd.id)[0]).toMatchObject({ type: 4, withResponse: true });
    expect(callbackMessageIds).toEqual([fake.interactions.get(cmd.id)!.originalMessageId]);
    expect(fake.messages.get(callbackMessageIds[0]!)?.deleted).toBe(true);
    expect(fake.responsesFor(select.id)[0]).toMatchObject({ type: 9, data: { custom_id: 'answer', title: 'Your answer' } });
    expect(modalValues).toEqual(['Use consistent hashing']);
    const upload = fake.rest.find((r) => r.path === `/interactions/${modal.id}/${modal.token}/callback`)!;
    expect(upload.files.map((f) => [f.name, f.data.toString()])).toEqual([['transcript.txt', 'transcript']]);
    expect(fake.originalMessage(modal.id)?.attachments).toEqual([expect.objectContaining({ filename: 'transcript.txt', size: 10 })]);
    expect(handlerErrors).toEqual([]);
    fake.assertNoUnexpected();
  });

  it('records commands registered through the application manager and raw REST', async () => {
    const c = await login();
    const definition = {
      name: 'interview',
      description: 'Mock system-design interview',
      options: [
        {
          type: 1,
          name: 'start',
          description: 'Start an interview',
          options: [{ type: 3, name: 'topic', description: 'Topic', required: true, autocomplete: true }],
        },
      ],
    };

    const global = await c.application.commands.set([definition]);
    await c.rest.put(Routes.applicationGuildCommands(fake.applicationId, fake.guildId), { body: [definition] });

    expect([...global.values()].map((cmd) => cmd.name)).toEqual(['interview']);
    expect(fake.registeredCommands.map((r) => [r.guildId, r.method, r.commands.map((cmd) => cmd.name)])).toEqual([
      [null, 'PUT', ['interview']],
      [fake.guildId, 'PUT', ['interview']],
    ]);
    // A later slash command carries the registered command id.
    const seen: string[] = [];
    onInteraction(c, async (i) => {
      if (i.isChatInputCommand()) seen.push(i.commandId);
    });
    fake.sendCommand({ subcommand: 'start', options: [{ name: 'topic', value: 'x' }] });
    await fake.waitFor(() => seen.length);
    expect(seen).toEqual([fake.currentCommands(fake.guildId)[0]!.id]);

    // Discord-side validation surfaces as a DiscordAPIError.
    await expect(c.application.commands.set([{ name: 'Bad Name', description: 'x' }])).rejects.toMatchObject({ code: 50035, status: 400 });
    fake.assertNoUnexpected();
  });

  it('resumes after dropped connections without losing or duplicating dispatches', async () => {
    const c = await login();
    const rawIds: string[] = [];
    const emitted: string[] = [];
    c.ws.on(GatewayDispatchEvents.MessageCreate, (d: { id: string }) => rawIds.push(d.id));
    c.on(Events.MessageCreate, (m) => emitted.push(m.content));

    const first = fake.sendMessage({ content: 'before drop' });
    await fake.waitFor(() => rawIds.includes(first));

    const resumed = once(c, Events.ShardResume);
    expect(fake.dropConnections()).toBe(1);
    const missed = fake.sendMessage({ content: 'while disconnected' });
    await resumed;
    const after = fake.sendMessage({ content: 'after resume' });
    await fake.waitFor(() => rawIds.includes(after), 2000, 'the post-resume message');

    // Abrupt TCP loss (client sees 1006) resumes too.
    const resumedAgain = once(c, Events.ShardResume);
    fake.dropConnections({ abrupt: true });
    await resumedAgain;
    const last = fake.sendMessage({ content: 'after abrupt drop' });
    await fake.waitFor(() => rawIds.includes(last));

    expect(rawIds).toEqual([first, missed, after, last]);
    expect(emitted).toEqual(['before drop', 'while disconnected', 'after resume', 'after abrupt drop']);
    expect(fake.identifies).toHaveLength(1);
    expect(fake.resumes.map((r) => [r.accepted, r.replayed])).toEqual([
      [true, 1],
      [true, 0],
    ]);
    expect(fake.gatewayConnections).toBe(3);
    fake.assertNoUnexpected();
  });

  it('surfaces injected API errors as DiscordAPIError and validates payloads', async () => {
    const c = await login();
    const channel = textChannel(c);

    fake.failNext('POST', /^\/channels\/\d+\/messages$/, DiscordErrors.missingPermissions);
    const error = await channel.send('nope').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ code: 50013, status: 403, message: 'Missing Permissions' });
    expect(fake.messagesIn(fake.textChannelId)).toEqual([]);

    await expect(channel.send('x'.repeat(2001))).rejects.toMatchObject({ code: 50035 });
    await expect(channel.send('fine')).resolves.toBeDefined();
    expect(fake.rest.filter((r) => r.path.endsWith('/messages')).map((r) => r.status)).toEqual([403, 400, 200]);
    fake.assertNoUnexpected();
  });

  it('answers 10062 for an expired interaction token', async () => {
    const c = await login();
    const pending: BaseInteraction[] = [];
    c.on(Events.InteractionCreate, (i) => pending.push(i));

    const { id } = fake.sendCommand({ subcommand: 'start' });
    await fake.waitFor(() => pending.length);
    fake.expireInteraction(id);

    const interaction = pending[0]!;
    if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
    await expect(interaction.reply('too late')).rejects.toMatchObject({ code: 10062, status: 404 });
    expect(fake.interactionResponses).toEqual([]);
  });

  it('fails loudly on unknown routes', async () => {
    const c = await login();

    await expect(c.rest.get('/oauth2/nothing-here')).rejects.toMatchObject({ status: 404 });

    expect(fake.unexpected).toEqual([expect.stringContaining('GET /api/v10/oauth2/nothing-here: fake: unknown route')]);
    expect(() => fake.assertNoUnexpected()).toThrow(/unknown route/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interviewCommand } from '../../../adapters/discord/interview-command.js';
import { ChatPorts } from '../../../src/chat/chat-port.js';
import { runPracticePrompt } from '../../../src/schedules/practice-prompt-job.js';
import type { DiscordFake } from '../../fakes/discord-fake.js';
import { buildChatStack } from '../../support/chat-stack.js';
import { startDiscordOverFake, type DiscordOverFake } from '../../support/discord-over-fake.js';
import { memoryLogger } from '../../support/memory-log.js';
import { until } from '../../support/queue-backends.js';
import { storageBackends, type TestDatabase } from '../../support/storage-backends.js';

describe.each(storageBackends)('channel settings and scheduled practice through discord.js on $name', (backend) => {
  let db: TestDatabase;
  let discord: DiscordOverFake;
  let fake: DiscordFake;
  let stack: Awaited<ReturnType<typeof buildChatStack>>;
  let chat: ChatPorts;
  const logs = memoryLogger();

  beforeAll(async () => {
    db = await backend.open();
    discord = await startDiscordOverFake(db.handle, { logger: logs.logger });
    ({ fake, stack } = discord);
    chat = discord.chat;
  });
  afterAll(async () => {
    await discord.close();
    await db.cleanup();
  });

  const edits = (interactionId: string) => fake.webhookCalls.filter((c) => c.interactionId === interactionId).map((c) => JSON.stringify(c.body));
  async function run(userId: string, subcommand: 'channel' | 'schedule', args: string): Promise<string> {
    const sent = fake.sendCommand({ subcommand, options: [{ name: 'args', value: args }], userId, channelId: fake.textChannelId });
    await until(() => edits(sent.id).length > 0, 5_000, `reply to ${subcommand} ${args}`);
    return edits(sent.id).join('\n');
  }

  it('registers `channel` and `schedule` with a text option', () => {
    const names = (interviewCommand().options ?? []).map((o) => o.name);
    expect(names).toEqual(expect.arrayContaining(['channel', 'schedule']));
  });

  it('a member cannot change settings; the admin can; a scheduled prompt\'s Start button starts an interview for the presser', async () => {
    const member = fake.addMember({ username: 'bea' });
    const admin = fake.addMember({ username: 'root', admin: true });
    expect(await run(member.id, 'channel', 'template quick')).toContain('Only workspace admins can change channel settings');
    expect(await run(admin.id, 'channel', 'topics fixed rate-limiter')).toContain('only Rate limiter');
    expect(await run(member.id, 'schedule', 'weekdays 10:00 Europe/Berlin')).toContain('Only workspace admins can schedule practice');
    expect(await run(admin.id, 'schedule', 'weekdays 10:00 Europe/Berlin')).toMatch(/Next prompt: .*10:00/);

    const [schedule] = await stack.store.schedules.listActive({ platform: 'discord', workspaceId: fake.guildId, channelId: fake.textChannelId });
    const deps = { store: stack.store, queue: stack.queue, chat, catalog: stack.catalog, clock: { now: () => new Date() }, logger: logs.logger };
    expect(await runPracticePrompt(deps, { scheduleId: schedule!.id }, { jobId: 'j', attempt: 1, maxAttempts: 5, scheduledFor: new Date(Math.floor(Date.now() / 60_000) * 60_000) })).toBe('posted');
    const prompt = fake.botMessagesIn(fake.textChannelId).at(-1)!;
    expect(JSON.stringify(prompt)).toContain('practice.start:rate-limiter');

    const threads = fake.threads.length;
    fake.sendButton({ customId: 'practice.start:rate-limiter', userId: member.id, channelId: fake.textChannelId, messageId: prompt.id });
    await until(() => fake.threads.length > threads + 0 && fake.botMessagesIn(fake.threads.at(-1)!.id).length >= 1, 10_000, 'interview thread');
    const live = () => stack.sessions.getActiveSession({ platform: 'discord', workspaceId: fake.guildId, userId: member.id });
    await until(async () => (await live())?.status === 'active', 5_000, 'interview started');
    const session = await live();
    expect(session).toMatchObject({ ownerUserId: member.id, topic: 'Rate limiter' });
  });

  it('a prompt whose thread Discord created before answering 500 is posted once, its thread kept', async () => {
    const [schedule] = await stack.store.schedules.listActive({ platform: 'discord', workspaceId: fake.guildId, channelId: fake.textChannelId });
    const deps = { store: stack.store, queue: stack.queue, chat, catalog: stack.catalog, clock: { now: () => new Date() }, logger: logs.logger };
    const before = fake.botMessagesIn(fake.textChannelId).length;
    const threads = fake.threads.length;
    // Created, then a 500: discord.js retries, and Discord says the thread exists (160004).
    fake.failNext('POST', /^\/channels\/\d+\/messages\/\d+\/threads$/, { status: 500, applied: true });
    const due = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 60_000);
    expect(await runPracticePrompt(deps, { scheduleId: schedule!.id }, { jobId: 'j3', attempt: 1, maxAttempts: 5, scheduledFor: due })).toBe('posted');
    expect(fake.botMessagesIn(fake.textChannelId)).toHaveLength(before + 1);
    expect(fake.threads).toHaveLength(threads + 1);
    expect(fake.threads.at(-1)!.id).toBe(fake.botMessagesIn(fake.textChannelId).at(-1)!.id);
  });
});

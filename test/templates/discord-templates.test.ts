import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandText, interviewCommand } from '../../adapters/discord/interview-command.js';
import type { DiscordFake } from '../fakes/discord-fake.js';
import { buildChatStack } from '../support/chat-stack.js';
import { startDiscordOverFake, type DiscordOverFake } from '../support/discord-over-fake.js';
import { memoryLogger } from '../support/memory-log.js';
import { until } from '../support/queue-backends.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

/** `/interview template` and the `start template:` autocomplete through discord.js against the fake. */
describe('Discord: custom templates', () => {
  let db: TestDatabase;
  let discord: DiscordOverFake;
  let fake: DiscordFake;
  let stack: Awaited<ReturnType<typeof buildChatStack>>;

  beforeAll(async () => {
    db = await storageBackends[0]!.open();
    discord = await startDiscordOverFake(db.handle, { logger: memoryLogger().logger });
    ({ fake, stack } = discord);
  });
  afterAll(async () => {
    await discord.close();
    await db.cleanup();
  });

  const edits = (interactionId: string) => fake.webhookCalls.filter((c) => c.interactionId === interactionId).map((c) => JSON.stringify(c.body));
  async function run(userId: string, args: string): Promise<string> {
    const sent = fake.sendCommand({ subcommand: 'template', options: [{ name: 'args', value: args }], userId, channelId: fake.textChannelId });
    await until(() => edits(sent.id).length > 0, 5_000, `reply to template ${args}`);
    return edits(sent.id).join('\n');
  }
  async function suggest(value: string): Promise<{ name: string; value: string }[]> {
    const sent = fake.sendAutocomplete({ subcommand: 'start', options: [{ name: 'template', value, focused: true }], channelId: fake.textChannelId });
    await until(() => fake.responsesFor(sent.id).length > 0, 5_000, 'autocomplete');
    return (fake.responsesFor(sent.id)[0]!.data as { choices: { name: string; value: string }[] }).choices;
  }

  it('registers `template` and an autocompleted template option on `start`', () => {
    const subcommands = (interviewCommand().options ?? []) as { name: string; options?: { name: string; autocomplete?: boolean; choices?: unknown }[] }[];
    expect(subcommands.map((s) => s.name)).toContain('template');
    expect(subcommands.find((s) => s.name === 'start')!.options!.find((o) => o.name === 'template')).toMatchObject({ autocomplete: true });
    expect(commandText('template', { args: 'list' })).toBe('template list');
  });

  it('admins add; the template then shows in autocomplete next to the built-in ones and starts an interview', async () => {
    const member = fake.addMember({ username: 'bea' });
    const add = 'add backend-senior duration=50 phases=requirements:20,estimation:10,api:10,design:20,deepdive:30,wrapup:10 strictness=strict';
    expect(await run(member.id, add)).toContain('Only workspace admins can add or remove templates');
    expect((await suggest('')).map((c) => c.value)).toEqual(['standard', 'quick', 'deep-dive']);
    expect(await run(fake.admin.id, add)).toContain('Added the template `backend-senior`');
    expect((await suggest('')).map((c) => c.value)).toEqual(['standard', 'quick', 'deep-dive', 'backend-senior']);
    expect(await suggest('back')).toEqual([{ name: "backend-senior (this workspace's, 50 min, strict)", value: 'backend-senior' }]);
    expect(await run(member.id, 'list')).toContain('backend-senior');

    const sent = fake.sendCommand({ subcommand: 'start', options: [{ name: 'topic', value: 'url shortener' }, { name: 'template', value: 'backend-senior' }], userId: member.id, channelId: fake.textChannelId });
    await until(() => edits(sent.id).some((e) => e.includes('has started')), 10_000, 'start');
    const session = (await stack.sessions.getActiveSession({ platform: 'discord', workspaceId: fake.guildId, userId: member.id }))!;
    expect(session.config).toMatchObject({ durationMinutes: 50, customTemplate: { name: 'backend-senior', strictness: 'strict' } });
  }, 30_000);
});

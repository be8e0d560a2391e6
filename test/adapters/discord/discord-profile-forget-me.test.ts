import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interviewCommand } from '../../../adapters/discord/interview-command.js';
import type { DiscordFake } from '../../fakes/discord-fake.js';
import { buildChatStack } from '../../support/chat-stack.js';
import { startDiscordOverFake, type DiscordOverFake } from '../../support/discord-over-fake.js';
import { memoryLogger } from '../../support/memory-log.js';
import { until } from '../../support/queue-backends.js';
import { storageBackends, type TestDatabase } from '../../support/storage-backends.js';

const PHONE = '+1 555 0199';
const RESUME = `Ada Lovelace\n${PHONE}\n${'Ran the storage team at Initech: sharded Postgres, built a CDC pipeline. '.repeat(70)}`.trim();

describe.each(storageBackends)('profile modal and forget-me through discord.js on $name', (backend) => {
  let db: TestDatabase;
  let discord: DiscordOverFake;
  let fake: DiscordFake;
  let stack: Awaited<ReturnType<typeof buildChatStack>>;
  const logs = memoryLogger();

  beforeAll(async () => {
    db = await backend.open();
    discord = await startDiscordOverFake(db.handle, { logger: logs.logger });
    ({ fake, stack } = discord);
  });
  afterAll(async () => {
    await discord.close();
    await db.cleanup();
  });

  const edits = (interactionId: string) => fake.webhookCalls.filter((c) => c.interactionId === interactionId).map((c) => JSON.stringify(c.body));

  it('registers `profile` (with `show`) and `forget-me`, within Discord\'s 25 subcommands', () => {
    const options = interviewCommand().options ?? [];
    expect(options.length).toBeLessThanOrEqual(25);
    expect(options.map((o) => o.name)).toEqual(expect.arrayContaining(['profile', 'forget-me']));
  });

  it('`profile` answers with a pre-filled modal; its submission is checked, stored and shown privately; the resume is never posted or logged', async () => {
    const member = fake.addMember({ username: 'ada' });
    const person = { platform: 'discord' as const, workspaceId: fake.guildId, userId: member.id };
    const open = fake.sendCommand({ subcommand: 'profile', userId: member.id, channelId: fake.textChannelId });
    await until(() => fake.responsesFor(open.id).length > 0, 5_000, 'modal');
    const modal = fake.responsesFor(open.id)[0]!;
    expect(modal).toMatchObject({ type: 9, data: { custom_id: 'profile.form', title: 'Your interview profile' } });
    const inputs = (modal.data as { components: Array<{ components: Array<{ custom_id: string; label: string; max_length: number }> }> }).components.map((r) => r.components[0]!);
    expect(inputs.map((i) => i.custom_id)).toEqual(['role', 'years', 'focus', 'resume_1', 'resume_2']);
    expect(inputs.every((i) => i.label.length <= 45 && i.max_length <= 4_000)).toBe(true);

    // A bad field: refused privately with the reason, nothing stored.
    const bad = fake.sendModalSubmit({ customId: 'profile.form', userId: member.id, channelId: fake.textChannelId, fields: { role: 'Storage engineer', years: 'ten', focus: '', resume_1: '', resume_2: '' } });
    await until(() => edits(bad.id).length > 0, 5_000, 'refusal');
    expect(edits(bad.id).join()).toContain('whole number from 0 to 60');
    expect(fake.responsesFor(bad.id)[0]).toMatchObject({ type: 5, ephemeral: true });
    expect(await stack.store.profiles.get(person)).toBeNull();

    const good = fake.sendModalSubmit({
      customId: 'profile.form',
      userId: member.id,
      channelId: fake.textChannelId,
      fields: { role: 'Storage engineer', years: '12', focus: 'replication, consistency', resume_1: RESUME.slice(0, 4_000), resume_2: RESUME.slice(4_000) },
    });
    await until(() => edits(good.id).length > 0, 5_000, 'saved');
    expect(edits(good.id).join()).toContain('Profile saved: Storage engineer · 12 years · focus: replication, consistency');
    expect(await stack.store.profiles.get(person)).toMatchObject({ role: 'Storage engineer', years: 12, focusAreas: ['replication', 'consistency'], resumeText: RESUME });

    const show = fake.sendCommand({ subcommand: 'profile', options: [{ name: 'show', value: true }], userId: member.id, channelId: fake.textChannelId });
    await until(() => edits(show.id).length > 0, 5_000, 'profile show');
    expect(fake.responsesFor(show.id)[0]).toMatchObject({ type: 5, ephemeral: true });
    const shown = edits(show.id).join();
    expect(shown).toContain('Storage engineer');
    expect(shown).toContain(`${RESUME.length.toLocaleString('en-US')} characters, starting \\"Ada Lovelace\\"`);
    expect(shown).not.toContain(PHONE);

    // The form opens pre-filled, the resume split over its two inputs.
    const again = fake.sendCommand({ subcommand: 'profile', userId: member.id, channelId: fake.textChannelId });
    await until(() => fake.responsesFor(again.id).length > 0, 5_000, 'modal again');
    const prefilled = (fake.responsesFor(again.id)[0]!.data as { components: Array<{ components: Array<{ value?: string }> }> }).components.map((r) => r.components[0]!.value ?? '');
    expect(prefilled).toEqual(['Storage engineer', '12', 'replication, consistency', RESUME.slice(0, 4_000), RESUME.slice(4_000)]);

    const everything = JSON.stringify([...fake.webhookCalls.filter((c) => c.kind !== 'getMessage').map((c) => c.body), ...fake.botMessagesIn(fake.textChannelId)]);
    expect(everything).not.toContain(PHONE);
    expect(logs.raw()).not.toContain(PHONE);
    expect(logs.raw()).not.toContain('CDC pipeline');
  });

  it('`forget-me` replies privately with a button bound to the asker; another member\'s press is refused; the owner\'s deletes the profile', async () => {
    const owner = fake.addMember({ username: 'olga' });
    const other = fake.addMember({ username: 'otto' });
    const person = { platform: 'discord' as const, workspaceId: fake.guildId, userId: owner.id };
    await stack.store.profiles.save(person, { role: 'Platform engineer', years: 3, focusAreas: [], resumeText: 'private' }, new Date());

    const asked = fake.sendCommand({ subcommand: 'forget-me', userId: owner.id, channelId: fake.textChannelId });
    await until(() => edits(asked.id).length > 0, 5_000, 'confirmation');
    expect(edits(asked.id).join()).toContain(`"custom_id":"privacy.forget:${owner.id}"`);
    const confirmation = fake.webhookCalls.find((c) => c.interactionId === asked.id)!.messageId!;

    const refused = fake.sendButton({ customId: `privacy.forget:${owner.id}`, userId: other.id, channelId: fake.textChannelId, messageId: confirmation });
    await until(() => edits(refused.id).length > 0, 5_000, 'refusal');
    expect(edits(refused.id).join()).toContain('belongs to someone else');
    expect(await stack.store.profiles.get(person)).not.toBeNull();

    const pressed = fake.sendButton({ customId: `privacy.forget:${owner.id}`, userId: owner.id, channelId: fake.textChannelId, messageId: confirmation });
    await until(() => edits(pressed.id).length > 0, 5_000, 'done');
    expect(edits(pressed.id).join()).toContain('Done: your profile');
    expect(await stack.store.profiles.get(person)).toBeNull();

    // A button value that is not a member id is refused before the core.
    const forged = fake.sendButton({ customId: 'privacy.forget:not-an-id', userId: owner.id, channelId: fake.textChannelId, messageId: confirmation });
    await until(() => fake.responsesFor(forged.id).length > 0, 5_000, 'forged refusal');
    expect(JSON.stringify(fake.responsesFor(forged.id)[0])).toContain('out of date');
    fake.assertNoUnexpected();
  });
});

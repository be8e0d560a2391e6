import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandText, interviewCommand } from '../../../adapters/discord/interview-command.js';
import { DiscordErrors, MessageFlag, type DiscordFake } from '../../fakes/discord-fake.js';
import { startDiscordOverFake, type DiscordOverFake } from '../../support/discord-over-fake.js';
import { memoryLogger } from '../../support/memory-log.js';
import { decodePng } from '../../support/png.js';
import { until } from '../../support/queue-backends.js';
import { seedInterviews } from '../../support/seed-progress.js';
import { storageBackends } from '../../support/storage-backends.js';

/** `/interview stats` and `leaderboard` through discord.js against the fake: typed options, private embeds. */
describe('Discord /interview stats and leaderboard', () => {
  const backend = storageBackends[0]!;
  let db: Awaited<ReturnType<typeof backend.open>>;
  let discord: DiscordOverFake;
  let fake: DiscordFake;
  const log = memoryLogger();

  beforeAll(async () => {
    db = await backend.open();
    discord = await startDiscordOverFake(db.handle, { logger: log.logger });
    ({ fake } = discord);
  });
  afterAll(async () => {
    await discord.close();
    await db.cleanup();
  });

  const edits = (interactionId: string) => fake.webhookCalls.filter((c) => c.interactionId === interactionId).map((c) => JSON.stringify(c.body));
  /** The REST calls that answered this interaction (its webhook: edits of the deferred reply, follow-ups). */
  const webhookRequests = (interactionId: string) => {
    const token = fake.interactions.get(interactionId)!.token;
    return fake.rest.filter((r) => r.path.startsWith(`/webhooks/${fake.applicationId}/${token}`));
  };
  const today = () => new Date().toISOString().slice(0, 10);

  it('registers typed options and rebuilds the text form from them', () => {
    const subcommands = (interviewCommand().options ?? []) as { name: string; options?: { name: string; type: number; choices?: { value: string }[] }[] }[];
    expect(subcommands.find((s) => s.name === 'stats')!.options).toMatchObject([{ name: 'user', type: 6 }]);
    expect(subcommands.find((s) => s.name === 'leaderboard')!.options![0]!.choices!.map((c) => c.value)).toEqual(['week', 'month', 'all', 'opt-out', 'opt-in']);
    expect(commandText('stats', { user: '123456789012345678' })).toBe('stats <@123456789012345678>');
    expect(commandText('stats', { user: null })).toBe('stats');
    expect(commandText('leaderboard', { period: 'month' })).toBe('leaderboard month');
  });

  it("answers a member's stats and the channel's leaderboard privately, as embeds, and respects an opt-out", async () => {
    const ada = fake.addMember({ username: 'ada' });
    const bob = fake.addMember({ username: 'bob' });
    const recent = (userId: string, score: number) => ({ userId, endedAt: new Date(Date.now() - 60_000), score, channelId: fake.textChannelId, displayName: userId === ada.id ? 'ada' : 'bob' });
    await seedInterviews(db.handle.db, { platform: 'discord', workspaceId: fake.guildId }, [recent(ada.id, 70), recent(bob.id, 80), recent(bob.id, 90)]);

    const mine = fake.sendCommand({ subcommand: 'stats', userId: ada.id, channelId: fake.textChannelId });
    await until(() => edits(mine.id).some((e) => e.includes('Progress')), 10_000, 'stats embed');
    expect(fake.responsesFor(mine.id)[0]).toMatchObject({ type: 5, ephemeral: true });
    expect(edits(mine.id).join('\n')).toContain('70/100');
    // The ephemeral reply carries the chart of scores over time: one PNG, with its description.
    const withFiles = webhookRequests(mine.id).filter((r) => r.files.length > 0);
    expect(withFiles).toHaveLength(1);
    expect(withFiles[0]!.method).toBe('PATCH');
    expect(withFiles[0]!.files.map((f) => f.name)).toEqual([`stats-${ada.id}-${today()}.png`]);
    expect(JSON.stringify(withFiles[0]!.body)).toContain("Line chart of ada's overall scores out of 100");
    const png = decodePng(withFiles[0]!.files[0]!.data);
    expect([png.width, png.height]).toEqual([1200, 630]);
    const original = fake.interactions.get(mine.id)!.originalMessageId!;
    const shown = fake.messages.get(original)!.message;
    expect(shown.flags & MessageFlag.Ephemeral).toBe(MessageFlag.Ephemeral);
    expect(shown.attachments).toMatchObject([{ filename: `stats-${ada.id}-${today()}.png`, description: expect.stringContaining('Line chart') }]);

    const theirs = fake.sendCommand({ subcommand: 'stats', options: [{ name: 'user', value: bob.id, type: 6 }], userId: ada.id, channelId: fake.textChannelId });
    await until(() => edits(theirs.id).some((e) => e.includes('Progress')), 10_000, 'teammate stats embed');
    expect(edits(theirs.id).join('\n')).toContain('85/100');

    const board = fake.sendCommand({ subcommand: 'leaderboard', options: [{ name: 'period', value: 'all' }], userId: ada.id, channelId: fake.textChannelId });
    await until(() => edits(board.id).some((e) => e.includes('Leaderboard')), 10_000, 'leaderboard embed');
    expect(edits(board.id).join('\n')).toMatch(/1\. bob: 2 interviews.*2\. ada: 1 interview/);

    const out = fake.sendCommand({ subcommand: 'leaderboard', options: [{ name: 'period', value: 'opt-out' }], userId: bob.id, channelId: fake.textChannelId });
    await until(() => edits(out.id).some((e) => e.includes('left out of leaderboards')), 10_000, 'opt-out notice');
    const again = fake.sendCommand({ subcommand: 'stats', options: [{ name: 'user', value: bob.id, type: 6 }], userId: ada.id, channelId: fake.textChannelId });
    await until(() => edits(again.id).some((e) => e.includes('opted out of leaderboards')), 10_000, 'opted-out notice');
    expect(webhookRequests(again.id).filter((r) => r.files.length > 0)).toEqual([]);
  });

  it('no scored interview: stats without a picture', async () => {
    const eve = fake.addMember({ username: 'newcomer' });
    const sent = fake.sendCommand({ subcommand: 'stats', userId: eve.id, channelId: fake.textChannelId });
    await until(() => edits(sent.id).some((e) => e.includes('Progress')), 10_000, 'stats embed');
    expect(webhookRequests(sent.id).filter((r) => r.files.length > 0)).toEqual([]);
  });

  it('Discord refuses the attachment: the stats still arrive, without it, and the log says why', async () => {
    const cleo = fake.addMember({ username: 'cleo' });
    await seedInterviews(db.handle.db, { platform: 'discord', workspaceId: fake.guildId }, [{ userId: cleo.id, endedAt: new Date(Date.now() - 60_000), score: 75, channelId: fake.textChannelId, displayName: 'cleo' }]);
    fake.failNext('PATCH', /^\/webhooks\//, { ...DiscordErrors.missingPermissions, withFiles: true });
    const sent = fake.sendCommand({ subcommand: 'stats', userId: cleo.id, channelId: fake.textChannelId });
    await until(() => edits(sent.id).some((e) => e.includes('75/100')), 10_000, 'stats embed without the chart');
    expect(fake.pendingIntercepts).toBe(0);
    const original = fake.interactions.get(sent.id)!.originalMessageId!;
    expect(fake.messages.get(original)!.message.attachments).toEqual([]);
    const warning = log.lines().find((l) => l.operation === 'stats_chart');
    expect(warning).toMatchObject({ level: 'WARN', metadata: { code: 50013 } });
    expect(JSON.stringify(warning)).not.toContain(fake.token);
  });

  it('refuses a period that is not a choice, privately', async () => {
    const sent = fake.sendCommand({ subcommand: 'leaderboard', options: [{ name: 'period', value: 'year' }], userId: fake.addMember({ username: 'eve' }).id, channelId: fake.textChannelId });
    await until(() => fake.responsesFor(sent.id).length > 0, 10_000, 'refusal');
    expect(JSON.stringify(fake.responsesFor(sent.id)[0])).toContain('`period` is one of');
  });
});

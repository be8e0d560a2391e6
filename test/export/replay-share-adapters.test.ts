import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_SCOPE, runConsole } from '../../adapters/console/console-adapter.js';
import { ConsoleChatPort } from '../../adapters/console/console-chat-port.js';
import { ChatPorts } from '../../src/chat/chat-port.js';
import type { Session } from '../../src/domain/types.js';
import { MessageFlag, type DiscordFake } from '../fakes/discord-fake.js';
import { buildChatStack } from '../support/chat-stack.js';
import { startDiscordOverFake, type DiscordOverFake } from '../support/discord-over-fake.js';
import { finishedInterview, INTERVIEW_ANSWERS } from '../support/finished-interview.js';
import { memoryLogger } from '../support/memory-log.js';
import { until } from '../support/queue-backends.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

/** Every post the session's thread is owed (the card, its picture) is out, so what follows is the command's. */
async function threadSettled(db: TestDatabase, session: Session): Promise<void> {
  await until(async () => {
    const rows = await db.handle.db.selectFrom('deliveries').select('status').where('session_id', '=', session.id).execute();
    return rows.length > 0 && rows.every((r) => r.status === 'posted');
  }, 20_000, 'thread deliveries posted');
}

describe('replay and share through the Discord fake (real discord.js)', () => {
  let db: TestDatabase;
  let discord: DiscordOverFake;
  let fake: DiscordFake;
  let stack: DiscordOverFake['stack'];

  beforeAll(async () => {
    db = await storageBackends[0]!.open();
    discord = await startDiscordOverFake(db.handle, { logger: memoryLogger().logger });
    ({ fake, stack } = discord);
  });
  afterAll(async () => {
    await discord.close();
    await db.cleanup();
  });

  it('a teammate is refused ephemerally with nothing posted; the candidate gets the replay in the thread and the share once at the channel top level, with its thread', async () => {
    const ada = fake.addMember({ username: 'ada' });
    const bob = fake.addMember({ username: 'bob' });
    const session = await finishedInterview(stack, { platform: 'discord', workspaceId: fake.guildId, channelId: fake.textChannelId, userId: ada.id, displayName: 'Ada' });
    await threadSettled(db, session);
    const text = (m: unknown) => JSON.stringify(m);
    /** What the interaction's reply said, once it said something. */
    const answer = async (subcommand: string, userId: string, which?: string): Promise<string> => {
      const sent = fake.sendCommand({ subcommand, userId, channelId: fake.textChannelId, ...(which ? { options: [{ name: 'which', value: which }] } : {}) });
      await until(() => fake.webhookCalls.some((c) => c.interactionId === sent.id && c.body !== undefined) || fake.responsesFor(sent.id).some((r) => r.type === 4), 10_000, `${subcommand} answered`);
      expect(fake.responsesFor(sent.id)[0]).toMatchObject({ ephemeral: true });
      const shown = fake.originalMessage(sent.id);
      if (shown) expect(shown.flags & MessageFlag.Ephemeral).toBe(MessageFlag.Ephemeral);
      return text([...fake.webhookCalls.filter((c) => c.interactionId === sent.id).map((c) => c.body), ...fake.responsesFor(sent.id).map((r) => r.data)]);
    };
    const inThread = () => fake.botMessagesIn(session.threadId!);
    // Interaction replies are messages in the channel too: only what everyone sees counts.
    const inChannel = () => fake.botMessagesIn(fake.textChannelId).filter((m) => (m.flags & MessageFlag.Ephemeral) === 0);
    const threadBefore = inThread().length;
    const channelBefore = inChannel().length;

    expect(await answer('replay', bob.id, session.id)).toContain('not one of your interviews');
    expect(await answer('share', bob.id, session.id)).toContain('not one of your interviews');
    await new Promise((r) => setTimeout(r, 300));
    expect(inThread()).toHaveLength(threadBefore);
    expect(inChannel()).toHaveLength(channelBefore);

    expect(await answer('replay', ada.id)).toContain('being posted in the interview thread');
    await until(() => inThread().some((m) => text(m).includes('Replay: URL shortener interview')), 10_000, 'replay in the thread');
    const replay = inThread().find((m) => text(m).includes('Replay: URL shortener interview'))!;
    expect(text(replay)).toContain('Where the time went');
    expect(text(replay)).toContain('because lookups are by key only');
    expect(inChannel()).toHaveLength(channelBefore);

    expect(await answer('share', ada.id, '1')).toContain('Sharing your score in this channel');
    await until(() => inChannel().length > channelBefore, 10_000, 'share in the channel');
    const shared = inChannel().slice(channelBefore);
    expect(shared).toHaveLength(1);
    const report = (await stack.sessions.getEvaluation(session.id, { platform: 'discord', workspaceId: fake.guildId }))!;
    expect(text(shared[0])).toContain(`Ada** shared their URL shortener mock interview: **${report.overallScore}/100**`);
    expect(text(shared[0])).not.toContain(INTERVIEW_ANSWERS[2]!.slice(0, 40));
    // Teammates reply in the thread opened from it, a new one, not the interview's.
    // (The thread is created just after the message.)
    await until(() => fake.threads.some((t) => t.id === shared[0]!.id), 10_000, "the share's thread");
    expect(shared[0]!.id).not.toBe(session.threadId);

    expect(await answer('share', ada.id)).toContain('You already shared this interview');
    await new Promise((r) => setTimeout(r, 300));
    expect(inChannel()).toHaveLength(channelBefore + 1);
  }, 90_000);
});

describe('replay and share in the terminal', () => {
  let db: TestDatabase;
  afterAll(async () => {
    await db?.cleanup();
  });

  it('prints the replay and the shared summary once; a second share says it was shared', async () => {
    db = await storageBackends[0]!.open();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (c) => (printed += String(c)));
    const port = new ConsoleChatPort(output);
    const stack = await buildChatStack(db.handle, new ChatPorts().register('console', port), memoryLogger().logger);
    try {
      const session = await finishedInterview(stack, { ...CONSOLE_SCOPE, userId: 'tester', displayName: 'Tester' });
      await threadSettled(db, session);
      const report = (await stack.sessions.getEvaluation(session.id, CONSOLE_SCOPE))!;
      printed = '';
      const input = new PassThrough();
      input.end('/interview replay\n/interview share\n/quit\n');
      await runConsole(stack.router, port, stack.sessions, { input, output, interactive: false, userId: 'tester', displayName: 'Tester', evaluationTimeoutMs: 100 });
      await until(() => printed.includes('Replay: URL shortener interview') && printed.includes('shared their URL shortener mock interview'), 10_000, 'replay and share printed');
      // The replay's pointer to the thread is left out in a terminal, which is the thread.
      expect(printed).toContain('Sharing your score in this channel');
      // The phase label is wherever the interviewer was when it was said.
      expect(printed).toMatch(/Key decisions\n- _[a-z-]+_: "I would store the mapping in a key-value store/);
      expect(printed).toContain('Where the time went');
      expect(printed).toContain(`Tester shared their URL shortener mock interview: ${report.overallScore}/100`);

      const again = new PassThrough();
      again.end('/interview share\n/quit\n');
      await runConsole(stack.router, port, stack.sessions, { input: again, output, interactive: false, userId: 'tester', displayName: 'Tester', evaluationTimeoutMs: 100 });
      expect(printed).toContain('You already shared this interview');
      await new Promise((r) => setTimeout(r, 300));
      expect(printed.split('shared their URL shortener mock interview')).toHaveLength(2);
    } finally {
      await stack.close();
    }
  }, 90_000);
});

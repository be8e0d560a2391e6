import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatPorts } from '../../src/chat/chat-port.js';
import type { ChatRouter } from '../../src/chat/chat-router.js';
import type { InboundCommand, InboundMessage } from '../../src/chat/inbound.js';
import type { OutboundMessage } from '../../src/chat/outbound-message.js';
import type { SessionManager } from '../../src/session/session-manager.js';
import { buildChatStack } from '../support/chat-stack.js';
import { memoryLogger } from '../support/memory-log.js';
import { until } from '../support/queue-backends.js';
import { RecordingChatPort } from '../support/recording-chat-port.js';
import { uniqueWorkspace } from '../support/session-harness.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

describe.each(storageBackends)('ChatRouter on $name', (backend) => {
  let db: TestDatabase;
  let router: ChatRouter;
  let sessions: SessionManager;
  let port: RecordingChatPort;
  let stack: Awaited<ReturnType<typeof buildChatStack>>;

  beforeAll(async () => {
    db = await backend.open();
    port = new RecordingChatPort();
    stack = await buildChatStack(db.handle, new ChatPorts().register('slack', port), memoryLogger().logger);
    ({ router, sessions } = stack);
  });
  afterAll(async () => {
    await stack.close();
    await db.cleanup();
  });

  function workspace() {
    const workspaceId = uniqueWorkspace('W');
    const privates: OutboundMessage[] = [];
    const reply = async (m: OutboundMessage) => {
      privates.push(m);
    };
    const command = (text: string, userId = 'U1', extra: Partial<InboundCommand> = {}): InboundCommand => ({
      platform: 'slack', workspaceId, channelId: 'C1', user: { userId, displayName: `Name ${userId}` }, text, ...extra,
    });
    const say = (threadId: string, text: string, userId = 'U1', messageId = `${Math.random()}`, eventId?: string): InboundMessage => ({
      platform: 'slack', workspaceId, channelId: 'C1', threadId, user: { userId }, text, messageId, eventId,
    });
    return { workspaceId, privates, reply, command, say, last: () => privates.at(-1) };
  }
  const threadOf = async (workspaceId: string, userId = 'U1') => (await sessions.getActiveSession({ platform: 'slack', workspaceId, userId }))!;
  const posts = (threadId: string, count: number, what: string) => until(() => port.postsFor(threadId).length >= count, 5_000, what);
  // Long enough for a wrongly queued extra post to show up.
  const settle = () => new Promise((r) => setTimeout(r, 150));
  const texts = (threadId: string) => port.postsFor(threadId).map((p) => ('text' in p.message ? p.message.text : p.message.kind));

  it('answers help, an unknown command and topics privately', async () => {
    const w = workspace();
    await router.handleCommand(w.command(''), w.reply);
    expect(w.last()).toMatchObject({ kind: 'help', text: expect.stringContaining('/interview start') });
    await router.handleCommand(w.command('dance'), w.reply);
    expect(w.last()).toMatchObject({ kind: 'help', text: expect.stringContaining("I don't know `dance`.") });
    await router.handleCommand(w.command('topics'), w.reply);
    expect(w.last()).toMatchObject({ kind: 'topics' });
    expect((w.last() as { topics: unknown[] }).topics.length).toBeGreaterThanOrEqual(12);
  });

  it('starts an interview in a new thread whose root names the candidate and topic', async () => {
    const w = workspace();
    await router.handleCommand(w.command('start url shortner 30'), w.reply);
    const session = await threadOf(w.workspaceId);
    expect(session).toMatchObject({ status: 'active', topic: 'URL shortener', channelId: 'C1', ownerDisplayName: 'Name U1' });
    // The root is posted while the command runs; the opening question is a delivery that follows.
    await posts(session.threadId!, 2, 'opening question');
    const [root, opening] = port.postsFor(session.threadId!);
    expect(root!.message).toMatchObject({ kind: 'session-root', session: { candidate: 'Name U1', topic: 'URL shortener', durationMinutes: 30 } });
    expect((root!.message as { actions: { actionId: string }[] }).actions.map((a) => a.actionId)).toEqual(['session.pause', 'session.end']);
    expect(opening!.message).toMatchObject({ kind: 'question', text: expect.stringContaining('URL shortening') });
    expect(w.last()).toMatchObject({ kind: 'notice', text: expect.stringContaining('started in a new thread') });
  });

  it('lists choices for an unknown topic and refuses a second live interview', async () => {
    const w = workspace();
    await router.handleCommand(w.command('start quantum toaster'), w.reply);
    expect(w.last()).toMatchObject({ kind: 'notice', tone: 'warning', text: expect.stringContaining('Try one of') });
    await router.handleCommand(w.command('start rate limiter'), w.reply);
    await router.handleCommand(w.command('start chat system'), w.reply);
    expect(w.last()).toMatchObject({ kind: 'notice', text: expect.stringContaining('already have an interview in progress') });
  });

  it('answers the candidate in the thread, keeps others as observer notes, ignores other threads', async () => {
    const w = workspace();
    await router.handleCommand(w.command('start'), w.reply);
    const session = await threadOf(w.workspaceId);
    const thread = session.threadId!;
    await router.handleThreadMessage(w.say(thread, 'Users shorten links; redirects must be fast.'), w.reply);
    await posts(thread, 3, 'the reply');
    await router.handleThreadMessage(w.say(thread, 'Nice answer!', 'U-watcher'), w.reply);
    await settle();
    expect(port.postsFor(thread)).toHaveLength(3);
    const transcript = await sessions.getTranscript(session.id, { platform: 'slack', workspaceId: w.workspaceId });
    expect(transcript.at(-1)).toMatchObject({ role: 'observer', authorUserId: 'U-watcher', content: 'Nice answer!' });
    await router.handleThreadMessage(w.say('not-an-interview', 'hello'), w.reply);
    expect(port.postsFor('not-an-interview')).toEqual([]);
    expect(w.privates.filter((p) => p.kind === 'notice' && p.tone !== 'info')).toEqual([]);
  });

  it('answers a redelivered event once', async () => {
    const w = workspace();
    await router.handleCommand(w.command('start'), w.reply);
    const thread = (await threadOf(w.workspaceId)).threadId!;
    const event = w.say(thread, 'Shorten and redirect, 100M a day.', 'U1', 'msg-1', 'Ev1');
    await Promise.all([router.handleThreadMessage(event, w.reply), router.handleThreadMessage(event, w.reply)]);
    await router.handleThreadMessage({ ...event, eventId: 'Ev1-retry-with-new-id' }, w.reply);
    await posts(thread, 3, 'the reply');
    await settle();
    expect(port.postsFor(thread)).toHaveLength(3);
  });

  it('answers a burst of messages in order, none dropped or answered twice', async () => {
    const w = workspace();
    await router.handleCommand(w.command('start'), w.reply);
    const session = await threadOf(w.workspaceId);
    const burst = ['one: shorten links', 'two: redirect fast', 'three: keep five years', 'four: custom aliases', 'five: analytics later'];
    await Promise.all(burst.map((text, i) => router.handleThreadMessage(w.say(session.threadId!, text, 'U1', `b${i}`), w.reply)));
    await posts(session.threadId!, 7, 'five replies');
    await settle();
    const transcript = await sessions.getTranscript(session.id, { platform: 'slack', workspaceId: w.workspaceId });
    expect(transcript.filter((m) => m.role === 'candidate').map((m) => m.content).sort()).toEqual([...burst].sort());
    expect(transcript.filter((m) => m.role === 'interviewer')).toHaveLength(6);
    expect(port.postsFor(session.threadId!)).toHaveLength(7);
  });

  it('lets only the candidate or an admin pause and end; a paused interview says so privately', async () => {
    const w = workspace();
    await router.handleCommand(w.command('start'), w.reply);
    const session = await threadOf(w.workspaceId);
    await router.handleAction({ platform: 'slack', workspaceId: w.workspaceId, channelId: 'C1', user: { userId: 'U2' }, actionId: 'session.end', value: session.id }, w.reply);
    expect(w.last()).toMatchObject({ kind: 'notice', text: expect.stringContaining('Only the candidate') });
    await router.handleCommand(w.command('pause'), w.reply);
    await until(() => texts(session.threadId!).at(-1)?.includes('paused the interview') ?? false, 5_000, 'pause notice');
    await router.handleThreadMessage(w.say(session.threadId!, 'still thinking about sharding'), w.reply);
    expect(w.last()).toMatchObject({ kind: 'notice', text: expect.stringContaining('paused') });
    await router.handleAction({ platform: 'slack', workspaceId: w.workspaceId, channelId: 'C1', user: { userId: 'U-admin', isAdmin: true }, actionId: 'session.resume', value: session.id }, w.reply);
    await until(() => texts(session.threadId!).at(-1)?.includes('An admin resumed') ?? false, 5_000, 'resume notice');
    await router.handleCommand(w.command('status'), w.reply);
    expect(w.last()).toMatchObject({ kind: 'status', status: { topic: session.topic, phase: 'requirements', answers: 0 } });
    await router.handleCommand(w.command('end'), w.reply);
    await until(() => port.postsFor(session.threadId!).some((p) => p.message.kind === 'evaluation'), 5_000, 'evaluation posted');
    await router.handleCommand(w.command('end'), w.reply);
    expect(w.last()).toMatchObject({ kind: 'notice', text: expect.stringContaining('no interview in progress') });
  });

  it('pages history with buttons', async () => {
    const w = workspace();
    for (let i = 0; i < 7; i += 1) {
      await router.handleCommand(w.command('start'), w.reply);
      await router.handleCommand(w.command('end'), w.reply);
    }
    await router.handleCommand(w.command('history'), w.reply);
    const first = w.last() as Extract<OutboundMessage, { kind: 'history' }>;
    expect(first.history.items).toHaveLength(5);
    expect(first.actions).toEqual([{ actionId: 'history.page', label: 'Older', value: '2' }]);
    await router.handleAction({ platform: 'slack', workspaceId: w.workspaceId, channelId: 'C1', user: { userId: 'U1' }, actionId: 'history.page', value: '2' }, w.reply);
    const second = w.last() as Extract<OutboundMessage, { kind: 'history' }>;
    expect(second.history.items).toHaveLength(2);
    expect(second.actions).toEqual([{ actionId: 'history.page', label: 'Newer', value: '1' }]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatPorts } from '../../src/chat/chat-port.js';
import type { ChatRouter } from '../../src/chat/chat-router.js';
import { CONSOLE_HELP_TEXT, HELP_TEXT } from '../../src/chat/command-grammar.js';
import { historyNumber } from '../../src/chat/views.js';
import type { Session } from '../../src/domain/types.js';
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
  const posts = (threadId: string, count: number, what: string) => until(() => port.postsFor(threadId).length >= count, 20_000, what);
  // Long enough for a wrongly queued extra post to show up.
  const settle = () => new Promise((r) => setTimeout(r, 150));
  const texts = (threadId: string) => port.postsFor(threadId).map((p) => ('text' in p.message ? p.message.text : p.message.kind));
  const cardIn = (threadId: string) => port.postsFor(threadId).find((p) => p.message.kind === 'evaluation')?.message;
  /** A whole interview through the router: start, `answers` answers (each waited for), end; with answers, its card posted. */
  async function interview(w: ReturnType<typeof workspace>, answers: number): Promise<Session> {
    await router.handleCommand(w.command('start'), w.reply);
    const session = await threadOf(w.workspaceId);
    const thread = session.threadId!;
    for (let i = 0; i < answers; i += 1) {
      await router.handleThreadMessage(w.say(thread, `Answer ${i + 1}: users shorten links and redirects must be fast.`), w.reply);
      await posts(thread, 3 + i, `reply ${i + 1}`);
    }
    await router.handleCommand(w.command('end'), w.reply);
    if (answers > 0) await until(() => cardIn(thread) !== undefined, 20_000, 'evaluation card');
    return session;
  }

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

  it('answers help for where it was asked: the terminal variant has no threads or buttons', async () => {
    const w = workspace();
    await router.handleCommand(w.command('help'), w.reply);
    expect(w.last()).toEqual({ kind: 'help', text: HELP_TEXT });
    await router.handleCommand(w.command('help', 'U1', { platform: 'discord' }), w.reply);
    expect(w.last()).toEqual({ kind: 'help', text: HELP_TEXT });
    await router.handleCommand(w.command('help', 'U1', { platform: 'console' }), w.reply);
    expect(w.last()).toEqual({ kind: 'help', text: CONSOLE_HELP_TEXT });
    await router.handleCommand(w.command('start url shortener 9999', 'U1', { platform: 'console' }), w.reply);
    // A refusal: the reason and the usage of that command, not the whole help.
    const startLine = CONSOLE_HELP_TEXT.split('\n').find((l) => l.startsWith('- `/interview start'))!;
    expect(w.last()).toEqual({ kind: 'help', text: `An interview lasts 5 to 180 minutes; you asked for 9999.\n\n${startLine}\nType \`/interview help\` for more.` });
    expect(await sessions.getActiveSession({ platform: 'console', workspaceId: w.workspaceId, userId: 'U1' })).toBeNull();
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

  it('tells the candidate privately that an edit after the reply is not re-read, and ignores edits of other messages', async () => {
    const w = workspace();
    await router.handleCommand(w.command('start'), w.reply);
    const thread = (await threadOf(w.workspaceId)).threadId!;
    await router.handleThreadMessage(w.say(thread, 'Users shorten links; redirects must be fast.', 'U1', 'msg-1'), w.reply);
    await posts(thread, 3, 'the reply');
    await router.handleThreadMessageEdit(w.say(thread, 'Users shorten links; redirects must be fast and cheap.', 'U1', 'msg-1'), w.reply);
    expect(w.last()).toMatchObject({ kind: 'notice', text: expect.stringContaining('Edits after the interviewer has started on an answer are not re-read') });
    const before = w.privates.length;
    await router.handleThreadMessageEdit(w.say(thread, 'edited', 'U1', 'never-stored'), w.reply);
    await router.handleThreadMessageEdit(w.say(thread, 'edited', 'U-watcher', 'msg-1'), w.reply);
    expect(w.privates).toHaveLength(before);
    await settle();
    expect(port.postsFor(thread)).toHaveLength(3);
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
    await until(() => texts(session.threadId!).at(-1)?.includes('paused the interview') ?? false, 20_000, 'pause notice');
    await router.handleThreadMessage(w.say(session.threadId!, 'still thinking about sharding'), w.reply);
    expect(w.last()).toMatchObject({ kind: 'notice', text: expect.stringContaining('paused') });
    await router.handleAction({ platform: 'slack', workspaceId: w.workspaceId, channelId: 'C1', user: { userId: 'U-admin', isAdmin: true }, actionId: 'session.resume', value: session.id }, w.reply);
    await until(() => texts(session.threadId!).at(-1)?.includes('An admin resumed') ?? false, 20_000, 'resume notice');
    await router.handleCommand(w.command('status'), w.reply);
    expect(w.last()).toMatchObject({ kind: 'status', status: { topic: session.topic, phase: 'requirements', answers: 0 } });
    await router.handleCommand(w.command('end'), w.reply);
    await until(() => port.postsFor(session.threadId!).some((p) => p.message.kind === 'evaluation'), 20_000, 'evaluation posted');
    await router.handleCommand(w.command('end'), w.reply);
    expect(w.last()).toMatchObject({ kind: 'notice', text: expect.stringContaining('no interview in progress') });
  });

  it('pages history with buttons, numbered as show takes them, never-answered interviews collapsed into one line', async () => {
    const w = workspace();
    const ids: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      ids.unshift((await interview(w, 1)).id);
      // Abandoned interviews, in between: they take no slot and no number.
      if (i === 2 || i === 5) await interview(w, 0);
    }
    await router.handleCommand(w.command('history'), w.reply);
    const first = w.last() as Extract<OutboundMessage, { kind: 'history' }>;
    expect(first.history.items.map((s) => s.id)).toEqual(ids.slice(0, 5));
    expect(first.history.unanswered).toBe(2);
    // Older carries the page number and a keyset cursor; Newer back to page 1 only the number.
    expect(first.actions).toEqual([{ actionId: 'history.page', label: 'Older', value: expect.stringMatching(/^2\.[\w-]{31}$/) }]);
    await router.handleAction({ platform: 'slack', workspaceId: w.workspaceId, channelId: 'C1', user: { userId: 'U1' }, actionId: 'history.page', value: first.actions[0]!.value }, w.reply);
    const second = w.last() as Extract<OutboundMessage, { kind: 'history' }>;
    expect(second.history.items.map((s) => s.id)).toEqual(ids.slice(5));
    expect(second.actions).toEqual([{ actionId: 'history.page', label: 'Newer', value: '1' }]);
    // Row 2 of page 2 is number 7 of the history, and `show 7` is that interview.
    expect(historyNumber(second.history, 1)).toBe(7);
    await router.handleCommand(w.command('show 7'), w.reply);
    expect(w.last()).toMatchObject({ kind: 'evaluation', report: { sessionId: second.history.items[1]!.id } });
    // A mangled or absurd value from a button is refused privately, and never reaches the database as is.
    await router.handleAction({ platform: 'slack', workspaceId: w.workspaceId, channelId: 'C1', user: { userId: 'U1' }, actionId: 'history.page', value: '99999999999999999999' }, w.reply);
    expect(w.last()).toEqual({ kind: 'notice', tone: 'warning', text: 'That history page link is not valid any more; open history again.' });
    await router.handleCommand(w.command('history 99999999999999999999'), w.reply);
    expect(w.last()).toMatchObject({ kind: 'help', text: expect.stringContaining('from 1 to 999999') });
  });

  it('shows a past evaluation again, privately, by history number or by id', async () => {
    const w = workspace();
    const older = await interview(w, 1);
    const abandoned = await interview(w, 0);
    const newer = await interview(w, 2);
    const privatesBefore = port.privates.length;
    const postsBefore = port.posts.length;

    await router.handleCommand(w.command('show 1'), w.reply);
    expect(w.last()).toEqual(cardIn(newer.threadId!));
    await router.handleCommand(w.command('show'), w.reply);
    expect(w.last()).toEqual(cardIn(newer.threadId!));
    // The abandoned interview takes no number: 2 is the older one, as history numbers it.
    await router.handleCommand(w.command('show 2'), w.reply);
    expect(w.last()).toEqual(cardIn(older.threadId!));
    await router.handleCommand(w.command(`show ${older.id}`), w.reply);
    expect(w.last()).toEqual(cardIn(older.threadId!));
    expect(w.last()).toMatchObject({ kind: 'evaluation', report: { sessionId: older.id, status: expect.stringMatching(/completed|insufficient_data/) }, topic: older.topic, candidate: 'Name U1' });

    await router.handleCommand(w.command('show 3'), w.reply);
    expect(w.last()).toEqual({ kind: 'notice', tone: 'warning', text: 'Your history has no interview number 3. `/interview history` numbers them, 1 being the most recent.' });
    await router.handleCommand(w.command(`show ${abandoned.id}`), w.reply);
    expect(w.last()).toMatchObject({ kind: 'notice', text: expect.stringMatching(/^Your .+ interview of \d{4}-\d{2}-\d{2} was never answered, so it has no evaluation\.$/) });
    // Only the person who asked saw any of it: nothing new in a thread, nothing sent through the port.
    expect(port.posts.length).toBe(postsBefore);
    expect(port.privates.length).toBe(privatesBefore);
  });

  it("refuses someone else's interview and another workspace's, and says when there is no evaluation to show", async () => {
    const w = workspace();
    const done = await interview(w, 1);
    const notYours = { kind: 'notice', tone: 'warning', text: 'That is not one of your interviews. `/interview history` lists yours.' };

    await router.handleCommand(w.command(`show ${done.id}`, 'U2'), w.reply);
    expect(w.last()).toEqual(notYours);
    // Not even for an admin: show is about your own interviews.
    await router.handleCommand(w.command(`show ${done.id}`, 'U-admin', { user: { userId: 'U-admin', isAdmin: true } }), w.reply);
    expect(w.last()).toEqual(notYours);
    await router.handleCommand(w.command('show 1', 'U2'), w.reply);
    expect(w.last()).toMatchObject({ kind: 'notice', text: expect.stringContaining('no interview number 1') });
    // The same user id in another workspace, and on another platform, is another person.
    const elsewhere = workspace();
    await router.handleCommand(elsewhere.command(`show ${done.id}`), elsewhere.reply);
    expect(elsewhere.last()).toEqual(notYours);
    await router.handleCommand(w.command(`show ${done.id}`, 'U1', { platform: 'discord' }), w.reply);
    expect(w.last()).toEqual(notYours);
    await router.handleCommand(w.command(`show ${crypto.randomUUID()}`), w.reply);
    expect(w.last()).toEqual(notYours);

    await stack.store.evaluations.markFailed(done.id, 'scorer down', new Date());
    await router.handleCommand(w.command('show 1'), w.reply);
    expect(w.last()).toMatchObject({ kind: 'notice', tone: 'warning', text: expect.stringMatching(/^The evaluation of your .+ failed, so there is nothing to show\. Run `\/interview retry-evaluation` to try again\.$/) });
    await stack.store.evaluations.resetFailed(done.id, new Date());
    await router.handleCommand(w.command(`show ${done.id}`), w.reply);
    expect(w.last()).toMatchObject({ kind: 'notice', tone: 'info', text: expect.stringContaining('has no evaluation yet: it is still being written') });

    // A live interview is listed (as number 1) and has no evaluation until it ends.
    await router.handleCommand(w.command('start'), w.reply);
    const live = await threadOf(w.workspaceId);
    await router.handleCommand(w.command('show 1'), w.reply);
    expect(w.last()).toMatchObject({ kind: 'notice', text: expect.stringContaining('is still going; its evaluation is written when it ends') });
    await router.handleCommand(w.command(`show ${live.id}`), w.reply);
    expect(w.last()).toMatchObject({ kind: 'notice', text: expect.stringContaining('is still going') });
  });
});

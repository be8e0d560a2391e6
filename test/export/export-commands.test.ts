import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatPorts } from '../../src/chat/chat-port.js';
import { parseCommand } from '../../src/chat/command-grammar.js';
import type { InboundCommand } from '../../src/chat/inbound.js';
import type { OutboundMessage } from '../../src/chat/outbound-message.js';
import type { Session } from '../../src/domain/types.js';
import { bandLabel } from '../../src/evaluation/rubric/rubric.js';
import { buildChatStack } from '../support/chat-stack.js';
import { finishedInterview, INTERVIEW_ANSWERS } from '../support/finished-interview.js';
import { memoryLogger } from '../support/memory-log.js';
import { decodePng } from '../support/png.js';
import { until } from '../support/queue-backends.js';
import { RecordingChatPort } from '../support/recording-chat-port.js';
import { uniqueWorkspace } from '../support/session-harness.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

describe('export, replay and share grammar', () => {
  it('takes nothing, a history number or an id, and refuses anything else', () => {
    expect(parseCommand('export')).toEqual({ name: 'export', ref: null });
    expect(parseCommand('replay 2')).toEqual({ name: 'replay', ref: { position: 2 } });
    expect(parseCommand('share 0C8F5A7E-1111-4222-8333-444455556666')).toEqual({ name: 'share', ref: { sessionId: '0c8f5a7e-1111-4222-8333-444455556666' } });
    expect(parseCommand('export 1 2')).toMatchObject({ name: 'help', problem: expect.stringContaining('Extra words') });
    expect(parseCommand('share everyone')).toMatchObject({ name: 'help', problem: expect.stringContaining('neither a history number nor an interview id') });
  });
});

describe.each(storageBackends)('/interview export, replay and share through the router on $name', (backend) => {
  let db: TestDatabase;
  let port: RecordingChatPort;
  let stack: Awaited<ReturnType<typeof buildChatStack>>;
  let workspaceId: string;
  let session: Session;

  beforeAll(async () => {
    db = await backend.open();
    port = new RecordingChatPort();
    stack = await buildChatStack(db.handle, new ChatPorts().register('slack', port), memoryLogger().logger);
    workspaceId = uniqueWorkspace('WX');
    session = await finishedInterview(stack, { platform: 'slack', workspaceId, channelId: 'C1', userId: 'U1' });
  }, 60_000);
  afterAll(async () => {
    await stack.close();
    await db.cleanup();
  });

  const ask = async (text: string, userId = 'U1', extra: Partial<InboundCommand> = {}): Promise<OutboundMessage> => {
    const replies: OutboundMessage[] = [];
    await stack.router.handleCommand({ platform: 'slack', workspaceId, channelId: 'C1', user: { userId, displayName: `Name ${userId}` }, text, ...extra }, async (m) => {
      replies.push(m);
    });
    expect(replies).toHaveLength(1);
    return replies[0]!;
  };
  const scope = () => ({ platform: 'slack' as const, workspaceId });

  it('export: a Markdown file with every stored message word for word under its phase, the evaluation, and the chart beside it', async () => {
    const reply = await ask('export');
    expect(reply).toMatchObject({ kind: 'notice', tone: 'info' });
    const files = (reply as Extract<OutboundMessage, { kind: 'notice' }>).files!;
    expect(files.map((f) => f.name)).toEqual([`${session.id}.md`, `${session.id}-dimensions.png`]);
    expect(decodePng(files[1]!.content as Buffer).width).toBe(1200);
    const markdown = String(files[0]!.content);

    const transcript = await stack.sessions.getTranscript(session.id, scope());
    const report = (await stack.sessions.getEvaluation(session.id, scope()))!;
    // Every stored message, in order, whole, with its time.
    let at = 0;
    for (const message of transcript) {
      const found = markdown.indexOf(message.content, at);
      expect(found, `message ${message.seq} in order`).toBeGreaterThan(at);
      at = found;
      expect(markdown).toContain(message.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    }
    expect(markdown.match(/\*\*You\*\* · /g)).toHaveLength(INTERVIEW_ANSWERS.length);
    expect(markdown).toMatch(/### Phase: requirements \(from 00:00\)/);
    expect(markdown).toContain(`**Score:** ${report.overallScore}/100 · **Band:** ${bandLabel(report.band!)}`);
    for (const s of [...report.strengths, ...report.improvements]) expect(markdown).toContain(`- ${s}`);
    expect(markdown.match(/^\| (?!Dimension|---)/gm)).toHaveLength(report.dimensions.length);
    expect(markdown).toContain(`![Scores by dimension](${session.id}-dimensions.png)`);
    // By number and by id: the same file.
    expect(String(((await ask('export 1')) as Extract<OutboundMessage, { kind: 'notice' }>).files![0]!.content)).toBe(markdown);
    expect(String(((await ask(`export ${session.id}`)) as Extract<OutboundMessage, { kind: 'notice' }>).files![0]!.content)).toBe(markdown);
    // Nothing was posted anywhere for an export.
    expect(port.posts.filter((p) => p.message.kind === 'notice' && p.message.files)).toEqual([]);
  });

  it("only the owner exports, replays or shares: another member, even an admin, is told privately and nothing is posted", async () => {
    const posts = port.posts.length;
    for (const verb of ['export', 'replay', 'share']) {
      expect(await ask(`${verb} ${session.id}`, 'U2')).toMatchObject({ kind: 'notice', tone: 'warning', text: expect.stringContaining('not one of your interviews') });
      expect(await ask(`${verb} ${session.id}`, 'UADMIN', { user: { userId: 'UADMIN', isAdmin: true } })).toMatchObject({ kind: 'notice', text: expect.stringContaining('not one of your interviews') });
      expect(await ask(verb, 'U2')).toMatchObject({ kind: 'notice', text: expect.stringContaining('no finished interview') });
    }
    // Another workspace does not know the id either.
    const elsewhere: OutboundMessage[] = [];
    await stack.router.handleCommand({ platform: 'slack', workspaceId: uniqueWorkspace('WY'), channelId: 'C1', user: { userId: 'U1' }, text: `export ${session.id}` }, async (m) => {
      elsewhere.push(m);
    });
    expect(elsewhere[0]).toMatchObject({ kind: 'notice', text: expect.stringContaining('not one of your interviews') });
    expect(port.posts).toHaveLength(posts);
  });

  it('replay: a condensed timeline posted in the interview thread, with phases, a quoted decision and where the time went', async () => {
    const before = port.postsFor(session.threadId!).length;
    expect(await ask('replay')).toMatchObject({ kind: 'notice', text: expect.stringContaining('interview thread'), threadId: session.threadId });
    await until(() => port.postsFor(session.threadId!).length > before, 10_000, 'replay posted');
    const posted = port.postsFor(session.threadId!).at(-1)!;
    expect(posted.target).toMatchObject({ channelId: 'C1', threadId: session.threadId });
    const text = (posted.message as { text: string }).text;
    expect(text).toContain('**Replay: URL shortener interview**');
    expect(text).toMatch(/- requirements: .+ \(\d+%\), \d answers?/);
    expect(text).toContain('I would store the mapping in a key-value store keyed by the short code, because lookups are by key only');
    expect(text).toContain('**Where the time went**');
    // Recorded as a delivery of the session: durable, posted by the delivery job.
    const deliveries = await db.handle.db.selectFrom('deliveries').select(['kind', 'status']).where('session_id', '=', session.id).execute();
    expect(deliveries.filter((d) => d.kind === 'notice').length).toBeGreaterThan(0);
  });

  it('share: the score, band and top strengths as a top-level message in the channel, not in the thread; once per interview', async () => {
    const report = (await stack.sessions.getEvaluation(session.id, scope()))!;
    const before = port.posts.length;
    expect(await ask('share 1')).toMatchObject({ kind: 'notice', text: expect.stringContaining('Sharing your score in this channel') });
    await until(() => port.posts.length > before, 10_000, 'share posted by its job');
    // Recorded first: the outbox row the share job keeps.
    const rows = await db.handle.db.selectFrom('outbox').select(['kind', 'dedupe_key']).where('session_id', '=', session.id).where('kind', '=', 'share-summary').execute();
    expect(rows).toEqual([{ kind: 'share-summary', dedupe_key: `share-${session.id}-C1` }]);
    // A second share, by number or by id, posts nothing and says where the first one is.
    for (const again of ['share', `share ${session.id}`]) {
      expect(await ask(again)).toMatchObject({ kind: 'notice', text: expect.stringMatching(/^You already shared this interview on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC: it is at the top level of this channel/) });
    }
    await new Promise((r) => setTimeout(r, 200));
    const posted = port.posts.slice(before);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.target.channelId).toBe('C1');
    expect(posted[0]!.target.threadId).not.toBe(session.threadId);
    const text = (posted[0]!.message as { text: string }).text;
    expect(text).toContain(`**Name U1** shared their URL shortener mock interview: **${report.overallScore}/100** (${bandLabel(report.band!)})`);
    for (const s of report.strengths.slice(0, 3)) expect(text).toContain(s);
    expect(text).not.toContain(INTERVIEW_ANSWERS[2]!);
  });

  it('a live interview is not exported, replayed or shared yet', async () => {
    await ask('start rate limiter', 'U3');
    const live = (await stack.sessions.getActiveSession({ ...scope(), userId: 'U3' }))!;
    for (const verb of ['export', 'replay', 'share']) expect(await ask(`${verb} ${live.id}`, 'U3')).toMatchObject({ kind: 'notice', text: expect.stringContaining('still going') });
  });
});

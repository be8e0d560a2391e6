import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleChatPort } from '../../adapters/console/console-chat-port.js';
import { ChatPorts } from '../../src/chat/chat-port.js';
import type { InboundAction, InboundCommand } from '../../src/chat/inbound.js';
import type { OutboundMessage } from '../../src/chat/outbound-message.js';
import type { Platform } from '../../src/domain/types.js';
import type { Database } from '../../src/storage/schema.js';
import { buildChatStack } from '../support/chat-stack.js';
import { memoryLogger } from '../support/memory-log.js';
import { until } from '../support/queue-backends.js';
import { RecordingChatPort } from '../support/recording-chat-port.js';
import { uniqueWorkspace } from '../support/session-harness.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

type Person = { platform: Platform; workspaceId: string; userId: string };

/**
 * Every table, and how a person's rows in it are found. A table added by a migration must be
 * listed here (the first test fails otherwise), so forget-me is never silently incomplete.
 * `null`: the table holds nothing of a person (channel settings and schedules, platform event ids).
 */
const PERSONAL: Record<string, ((db: Kysely<Database>, p: Person) => Promise<number>) | null> = {
  users: (db, p) => count(db.selectFrom('users').where('platform', '=', p.platform).where('workspace_id', '=', p.workspaceId).where('user_id', '=', p.userId)),
  sessions: (db, p) => count(owned(db, p)),
  messages: (db, p) => count(db.selectFrom('messages').where('session_id', 'in', owned(db, p).select('id'))),
  state_transitions: (db, p) => count(db.selectFrom('state_transitions').where('session_id', 'in', owned(db, p).select('id'))),
  evaluations: (db, p) => count(db.selectFrom('evaluations').where('session_id', 'in', owned(db, p).select('id'))),
  deliveries: (db, p) => count(db.selectFrom('deliveries').where('session_id', 'in', owned(db, p).select('id'))),
  outbox: (db, p) => count(db.selectFrom('outbox').where('session_id', 'in', owned(db, p).select('id'))),
  channel_settings: null,
  practice_schedules: null,
  // A workspace's templates (migration 0007): `created_by` is the admin who added one; the template is the workspace's.
  custom_templates: null,
  practice_prompts: null,
  processed_events: null,
};

function owned(db: Kysely<Database>, p: Person) {
  return db.selectFrom('sessions').where('platform', '=', p.platform).where('workspace_id', '=', p.workspaceId).where('owner_user_id', '=', p.userId);
}

async function count(query: { select: (s: (eb: { fn: { countAll: () => unknown } }) => unknown) => unknown }): Promise<number> {
  const q = query as unknown as { select: (f: unknown) => { executeTakeFirstOrThrow: () => Promise<{ n: string | number | bigint }> } };
  const row = await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function countsFor(db: Kysely<Database>, person: Person): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [table, counter] of Object.entries(PERSONAL)) if (counter) out[table] = await counter(db, person);
  return out;
}

const ANSWERS = [
  'Users paste a long URL and get a short code; redirects must take under 50 ms at p99 and the service must stay available.',
  'About 100M new links a day is roughly 1,160 writes per second, and reads are 10x that, so 11,600 redirects per second.',
  'I would store the mapping in a key-value store keyed by the short code, because lookups are by key only; the cost is no range queries.',
];

describe.each(storageBackends)('/interview forget-me on $name', (backend) => {
  let db: TestDatabase;
  let port: RecordingChatPort;
  let consolePort: ConsoleChatPort;
  let filesDir: string;
  let stack: Awaited<ReturnType<typeof buildChatStack>>;

  beforeAll(async () => {
    db = await backend.open();
    port = new RecordingChatPort();
    filesDir = mkdtempSync(join(tmpdir(), 'forget-me-'));
    consolePort = new ConsoleChatPort(new PassThrough(), { filesDir });
    stack = await buildChatStack(db.handle, new ChatPorts().register('slack', port).register('console', consolePort), memoryLogger().logger);
  });
  afterAll(async () => {
    await stack.close();
    await db.cleanup();
  });

  async function ask(person: Person, text: string): Promise<OutboundMessage> {
    const replies: OutboundMessage[] = [];
    const command: InboundCommand = { platform: person.platform, workspaceId: person.workspaceId, channelId: 'C1', user: { userId: person.userId, displayName: `Name ${person.userId}` }, text };
    await stack.router.handleCommand(command, async (m) => {
      replies.push(m);
    });
    return replies[0] ?? { kind: 'text', text: '(no private reply)' };
  }

  async function press(person: Person, value: string): Promise<OutboundMessage> {
    const replies: OutboundMessage[] = [];
    const action: InboundAction = { platform: person.platform, workspaceId: person.workspaceId, channelId: 'C1', user: { userId: person.userId }, actionId: 'privacy.forget', value };
    await stack.router.handleAction(action, async (m) => {
      replies.push(m);
    });
    return replies[0]!;
  }

  /** A whole interview: started, answered three times, ended, its evaluation posted. */
  async function interview(person: Person, posts: { postsFor(threadId: string): { message: OutboundMessage }[] } = port): Promise<string> {
    await ask(person, 'start url shortener');
    const session = (await stack.sessions.getActiveSession(person))!;
    for (const [i, text] of ANSWERS.entries()) {
      await stack.router.handleThreadMessage({ ...person, channelId: 'C1', threadId: session.threadId!, user: { userId: person.userId }, text, messageId: `${session.id}-${i}` }, async () => undefined);
      await stack.sessions.awaitReply(session.id, person, i * 2 + 2, 20_000).catch(() => undefined);
    }
    await ask(person, 'end');
    await until(async () => (await stack.sessions.getEvaluation(session.id, person))?.status === 'completed', 20_000, 'evaluation');
    if (person.platform === 'slack') await until(() => posts.postsFor(session.threadId!).some((p) => p.message.kind === 'evaluation'), 20_000, 'evaluation card');
    return session.id;
  }

  it('knows every table: each is either searched for a person\'s rows or declared to hold none', async () => {
    const { rows } = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%'`.execute(db.handle.db);
    expect(rows.map((r) => r.table_name).sort()).toEqual(Object.keys(PERSONAL).sort());
  });

  it('deletes every row of the person who confirms, and none of anyone else\'s', async () => {
    const ws = uniqueWorkspace('WF');
    const alice: Person = { platform: 'slack', workspaceId: ws, userId: 'U_ALICE' };
    const bob: Person = { platform: 'slack', workspaceId: ws, userId: 'U_BOB' };
    // The same user id in another workspace is another person.
    const aliceElsewhere: Person = { ...alice, workspaceId: uniqueWorkspace('WG') };
    for (const person of [alice, bob, aliceElsewhere]) {
      await interview(person);
      await interview(person);
      await stack.store.users.upsert({ ...person, displayName: `Name ${person.userId}`, resumeText: `Resume of ${person.userId}: ten years of payments` }, new Date());
      await ask(person, 'leaderboard opt-out');
    }
    const before = { alice: await countsFor(db.handle.db, alice), bob: await countsFor(db.handle.db, bob), elsewhere: await countsFor(db.handle.db, aliceElsewhere) };
    for (const [table, n] of Object.entries(before.alice)) expect(n, `alice's ${table} before`).toBeGreaterThan(0);
    expect(before.bob).toEqual(before.alice);

    // The command only asks; the button carries whose it is.
    const confirm = await ask(alice, 'forget-me');
    expect(confirm).toMatchObject({ kind: 'confirm', actions: [{ actionId: 'privacy.forget', value: 'U_ALICE', style: 'danger' }] });
    expect(await countsFor(db.handle.db, alice)).toEqual(before.alice);

    // Bob pressing Alice's button is refused, and deletes nothing of either.
    expect(await press(bob, 'U_ALICE')).toMatchObject({ kind: 'notice', text: expect.stringContaining('belongs to someone else') });
    expect(await countsFor(db.handle.db, alice)).toEqual(before.alice);
    expect(await countsFor(db.handle.db, bob)).toEqual(before.bob);

    expect(await press(alice, 'U_ALICE')).toMatchObject({ kind: 'notice', text: expect.stringContaining('2 interviews') });
    const after = await countsFor(db.handle.db, alice);
    for (const [table, n] of Object.entries(after)) expect(n, `alice's ${table} after`).toBe(0);
    expect(await countsFor(db.handle.db, bob)).toEqual(before.bob);
    expect(await countsFor(db.handle.db, aliceElsewhere)).toEqual(before.elsewhere);
    // What she sees afterwards: nothing.
    expect(await ask(alice, 'history')).toMatchObject({ kind: 'history', history: { items: [] } });
    expect(await ask(bob, 'history')).toMatchObject({ kind: 'history', history: { items: [expect.anything(), expect.anything()] } });
  });

  it('refuses while an interview is running, deleting nothing', async () => {
    const person: Person = { platform: 'slack', workspaceId: uniqueWorkspace('WR'), userId: 'U_LIVE' };
    await ask(person, 'start rate limiter');
    const before = await countsFor(db.handle.db, person);
    expect(await press(person, 'U_LIVE')).toMatchObject({ kind: 'notice', text: expect.stringContaining('End it with `/interview end` first') });
    expect(await countsFor(db.handle.db, person)).toEqual(before);
    await ask(person, 'end');
  });

  it('in the terminal: `forget-me` asks, `forget-me confirm` deletes the rows and the charts saved for that person only', async () => {
    const ws = uniqueWorkspace('WC');
    const me: Person = { platform: 'console', workspaceId: ws, userId: 'me' };
    const other: Person = { platform: 'console', workspaceId: ws, userId: 'other' };
    const mine = await interview(me);
    const theirs = await interview(other);
    for (const name of [`${mine}-dimensions.png`, 'stats-me-2026-11-30.png', `${theirs}-dimensions.png`, 'stats-other-2026-11-30.png', 'stats-meg-2026-11-30.png']) writeFileSync(join(filesDir, name), 'png');
    const otherBefore = await countsFor(db.handle.db, other);

    const asked = await ask(me, 'forget-me');
    expect(asked).toMatchObject({ kind: 'confirm', actions: [] });
    expect((asked as { text: string }).text).toContain('/interview forget-me confirm');
    expect(await ask(me, 'forget-me confirm')).toMatchObject({ kind: 'notice', text: expect.stringContaining('1 interview and 2 saved charts') });
    for (const [table, n] of Object.entries(await countsFor(db.handle.db, me))) expect(n, `${table} after`).toBe(0);
    expect(await countsFor(db.handle.db, other)).toEqual(otherBefore);
    expect(readdirSync(filesDir).sort()).toEqual([`${theirs}-dimensions.png`, 'stats-meg-2026-11-30.png', 'stats-other-2026-11-30.png'].sort());
  });

  it('on Slack and Discord `forget-me confirm` typed is not a confirmation; extra words are refused', async () => {
    const person: Person = { platform: 'slack', workspaceId: uniqueWorkspace('WT'), userId: 'U_T' };
    await interview(person);
    const before = await countsFor(db.handle.db, person);
    expect(await ask(person, 'forget-me confirm')).toMatchObject({ kind: 'notice', text: expect.stringContaining('Delete my data') });
    expect(await ask(person, 'forget-me now please')).toMatchObject({ kind: 'help', text: expect.stringContaining('`forget-me` takes no arguments') });
    expect(await countsFor(db.handle.db, person)).toEqual(before);
  });
});

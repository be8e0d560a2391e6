import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatPorts } from '../../src/chat/chat-port.js';
import type { ChatRouter } from '../../src/chat/chat-router.js';
import type { OutboundMessage } from '../../src/chat/outbound-message.js';
import { HISTORY_PAGE_SIZE, historyNumber } from '../../src/chat/views.js';
import { buildChatStack } from '../support/chat-stack.js';
import { memoryLogger } from '../support/memory-log.js';
import { RecordingChatPort } from '../support/recording-chat-port.js';
import { uniqueWorkspace } from '../support/session-harness.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

type History = Extract<OutboundMessage, { kind: 'history' }>;
const INVALID = { kind: 'notice', tone: 'warning', text: 'That history page link is not valid any more; open history again.' };

/**
 * `/interview history` paged by the Older/Newer buttons' keyset cursors, through the real
 * router: the same rows and numbers as paging by position, never-answered interviews taking no
 * number, and `history N` landing where N-1 presses of Older do. Sessions are stored directly
 * (24 listed, among them a live one not answered yet; 5 never answered; created two at the same
 * instant), so the pages are many without running 30 interviews; the interview flows that set
 * `answered` are tested in chat-router.test.ts and session-history.test.ts.
 */
describe.each(storageBackends)('history paging on $name', (backend) => {
  let db: TestDatabase;
  let router: ChatRouter;
  let stack: Awaited<ReturnType<typeof buildChatStack>>;

  beforeAll(async () => {
    db = await backend.open();
    stack = await buildChatStack(db.handle, new ChatPorts().register('slack', new RecordingChatPort()), memoryLogger().logger);
    ({ router } = stack);
  });
  afterAll(async () => {
    await stack.close();
    await db.cleanup();
  });

  /** A workspace whose user U1 has the history above; `listed` is it newest first, as numbered. */
  async function seeded() {
    const workspaceId = uniqueWorkspace('HP');
    const base = Date.parse('2025-03-01T09:00:00Z');
    const rows = Array.from({ length: 29 }, (_, i) => {
      const hidden = i % 6 === 2;
      const live = i === 13;
      return {
        id: randomUUID(),
        platform: 'slack',
        workspace_id: workspaceId,
        owner_user_id: 'U1',
        // Paused, not active: the stack's timers would end an active one found long overdue.
        status: live ? 'paused' : 'completed',
        topic: `Topic ${i}`,
        config: '{}',
        // Two sessions per minute: the id breaks the tie, in the keyset as in the order.
        created_at: new Date(base + Math.floor(i / 2) * 60_000),
        updated_at: new Date(base + Math.floor(i / 2) * 60_000),
        answered: !hidden && !live,
      };
    });
    await db.handle.db.insertInto('sessions').values(rows).execute();
    const answered = rows.filter((r) => r.answered);
    await db.handle.db
      .insertInto('messages')
      .values(answered.map((r) => ({ session_id: r.id, seq: 1, role: 'candidate', mode: 'text', content: 'an answer', metadata: '{}', created_at: r.created_at })))
      .execute();
    const listed = rows
      .filter((r) => r.answered || r.status !== 'completed')
      .sort((a, b) => b.created_at.getTime() - a.created_at.getTime() || (a.id < b.id ? 1 : -1));
    const replies: OutboundMessage[] = [];
    const reply = async (m: OutboundMessage) => {
      replies.push(m);
    };
    const user = (userId: string) => ({ platform: 'slack' as const, workspaceId, channelId: 'C1', user: { userId, displayName: `Name ${userId}` } });
    const type = async (text: string, userId = 'U1') => {
      await router.handleCommand({ ...user(userId), text }, reply);
      return replies.at(-1)!;
    };
    const press = async (value: string, userId = 'U1') => {
      await router.handleAction({ ...user(userId), actionId: 'history.page', value }, reply);
      return replies.at(-1)!;
    };
    return { listed, type, press };
  }

  const button = (message: OutboundMessage, label: 'Older' | 'Newer') => (message as History).actions.find((a) => a.label === label)?.value;
  const ids = (message: OutboundMessage) => (message as History).history.items.map((s) => s.id);

  it('pages Older to the end and Newer back with the rows and numbers of paging by position', async () => {
    const { listed, type, press } = await seeded();
    const pages = Array.from({ length: Math.ceil(listed.length / HISTORY_PAGE_SIZE) }, (_, p) => listed.slice(p * HISTORY_PAGE_SIZE, (p + 1) * HISTORY_PAGE_SIZE));
    expect(pages).toHaveLength(5);
    const expectPage = (message: OutboundMessage, page: number) => {
      expect(message).toMatchObject({ kind: 'history', history: { page, hasNext: page < pages.length, unanswered: 5 } });
      expect(ids(message)).toEqual(pages[page - 1]!.map((r) => r.id));
      // Row i shows the number of its position in the whole history (the live one included).
      const history = (message as History).history;
      expect(history.items.map((_, i) => historyNumber(history, i))).toEqual(pages[page - 1]!.map((r) => listed.indexOf(r) + 1));
    };

    let message = await type('history');
    expectPage(message, 1);
    expect(button(message, 'Newer')).toBeUndefined();
    for (let page = 2; page <= pages.length; page += 1) {
      message = await press(button(message, 'Older')!);
      expectPage(message, page);
    }
    expect(button(message, 'Older')).toBeUndefined();
    for (let page = pages.length - 1; page >= 1; page -= 1) {
      message = await press(button(message, 'Newer')!);
      expectPage(message, page);
    }
    expect(button(message, 'Newer')).toBeUndefined();
  });

  it('lands `history N` where N-1 presses of Older do, and `show N` on the row numbered N', async () => {
    const { listed, type, press } = await seeded();
    let pressed = await type('history');
    for (let page = 1; ; page += 1) {
      // The same message: rows, numbers, the unanswered line and both buttons' cursors.
      expect(await type(`history ${page}`)).toEqual(pressed);
      // A button posted before cursors existed carries the page number only: it is `history N`.
      expect(await press(String(page))).toEqual(pressed);
      const older = button(pressed, 'Older');
      if (!older) break;
      pressed = await press(older);
    }
    for (const [i, row] of listed.entries()) {
      const shown = await type(`show ${i + 1}`);
      expect(shown).toMatchObject({ kind: 'notice', text: expect.stringContaining(`${row.topic} interview of`) });
    }
    expect(await type(`show ${listed.length + 1}`)).toMatchObject({ kind: 'notice', text: expect.stringContaining(`no interview number ${listed.length + 1}`) });
  });

  it('shows an empty page past the end, with Newer back by number', async () => {
    const { type } = await seeded();
    const beyond = await type('history 9');
    expect(beyond).toMatchObject({ kind: 'history', history: { page: 9, items: [], hasNext: false } });
    expect((beyond as History).actions).toEqual([{ actionId: 'history.page', label: 'Newer', value: '8' }]);
  });

  it('answers a malformed or tampered button value with a private notice', async () => {
    const { type, press } = await seeded();
    const older = button(await type('history'), 'Older')!;
    const cursor = older.split('.')[1]!;
    const tampered = [
      '99999999999999999999',
      '0',
      '1234567',
      '',
      `2.${cursor.slice(1)}`,
      `2.${cursor}A`,
      `2.${'A'.repeat(31)}`,
      `2.${cursor.replace(/^./, (c) => (c === 'Z' ? 'Y' : 'Z'))}`,
      `2.${cursor}.3`,
      `2.${cursor.slice(0, 30)}!`,
    ];
    for (const value of tampered) expect(await press(value), value).toEqual(INVALID);
  });

  it("positions only: another user's cursor lists that user's own interviews", async () => {
    const { type, press } = await seeded();
    const older = button(await type('history'), 'Older')!;
    const other = await press(older, 'U2');
    expect(other).toMatchObject({ kind: 'history', history: { page: 2, items: [] } });
  });
});

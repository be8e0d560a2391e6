import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatPorts } from '../../src/chat/chat-port.js';
import type { OutboundMessage } from '../../src/chat/outbound-message.js';
import { buildChatStack } from '../support/chat-stack.js';
import { memoryLogger } from '../support/memory-log.js';
import { RecordingChatPort } from '../support/recording-chat-port.js';
import { uniqueWorkspace } from '../support/session-harness.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

/** Malformed ids and text never reach the database: the sender hears it, nothing is logged as a failure. */
describe.each(storageBackends)('malformed inbound events on $name', (backend) => {
  let db: TestDatabase;
  let stack: Awaited<ReturnType<typeof buildChatStack>>;
  const logs = memoryLogger();
  beforeAll(async () => {
    db = await backend.open();
    stack = await buildChatStack(db.handle, new ChatPorts().register('slack', new RecordingChatPort()), logs.logger);
  });
  afterAll(async () => {
    await stack.close();
    await db.cleanup();
  });

  it('refuses NUL bytes in any id, over-long ids and text that is not a string, privately and without an ERROR log', async () => {
    const workspaceId = uniqueWorkspace();
    const privates: OutboundMessage[] = [];
    const reply = async (m: OutboundMessage) => void privates.push(m);
    const message = { platform: 'slack' as const, workspaceId, channelId: 'C1', threadId: 'T1', user: { userId: 'U1' }, text: 'hello', messageId: 'm1' };
    const cases = [
      { ...message, threadId: 'T\u00001' },
      { ...message, user: { userId: 'U\u00001' } },
      { ...message, workspaceId: 'W\u0000' },
      { ...message, messageId: 'x'.repeat(300) },
      { ...message, text: { not: 'a string' } as unknown as string },
    ];
    for (const event of cases) await stack.router.handleThreadMessage(event, reply);
    await stack.router.handleCommand({ platform: 'slack', workspaceId, channelId: 'C\u00001', user: { userId: 'U1' }, text: 'start' }, reply);
    expect(privates).toHaveLength(cases.length + 1);
    for (const p of privates) expect(p).toMatchObject({ kind: 'notice', text: 'That request could not be read, so nothing was done.' });
    expect(logs.lines().filter((l) => l.level === 'ERROR')).toEqual([]);
    expect(await stack.sessions.getActiveSession({ platform: 'slack', workspaceId, userId: 'U1' })).toBeNull();
  });
});

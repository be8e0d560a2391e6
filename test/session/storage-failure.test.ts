import { describe, expect, it } from 'vitest';
import type { InterviewPlatformError } from '../../src/domain/errors.js';
import { openDatabase } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { ChatPorts } from '../../src/chat/chat-port.js';
import type { OutboundMessage } from '../../src/chat/outbound-message.js';
import { buildChatStack } from '../support/chat-stack.js';
import { memoryLogger } from '../support/memory-log.js';
import { RecordingChatPort } from '../support/recording-chat-port.js';
import { actorFor, buildHarness, config, ownerIn, uniqueWorkspace } from '../support/session-harness.js';

describe('SessionManager when the database fails', () => {
  it('reports STORAGE_FAILURE with a user-safe message when Postgres is unreachable', async () => {
    // A real pg pool aimed at a port nothing listens on.
    const handle = await openDatabase({ url: 'postgres://postgres@127.0.0.1:1/none', dataDir: '', poolMax: 1 });
    const h = await buildHarness(handle);
    const error = (await h.manager.createSession(config(), ownerIn(uniqueWorkspace())).catch((e: unknown) => e)) as InterviewPlatformError;
    expect(error.code).toBe('STORAGE_FAILURE');
    expect(error.userMessage).toContain('was not done');
    expect(error.cause).toBeDefined();
    expect(h.logs.lines().find((l) => l.operation === 'create_session')).toMatchObject({ level: 'ERROR', metadata: { code: 'STORAGE_FAILURE' } });
    await h.close();
    await handle.close();
  });

  it('reports STORAGE_FAILURE when the database goes away mid-interview', async () => {
    const handle = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(handle.db);
    const h = await buildHarness(handle);
    const owner = ownerIn(uniqueWorkspace());
    const { session } = await h.manager.startSession((await h.manager.createSession(config(), owner)).id, actorFor(owner));
    await handle.close();
    await expect(h.manager.submitCandidateMessage(session.id, { author: actorFor(owner), content: 'hello?' })).rejects.toMatchObject({ code: 'STORAGE_FAILURE' });
    await expect(h.manager.endSession(session.id, actorFor(owner))).rejects.toMatchObject({ code: 'STORAGE_FAILURE' });
    await h.close();
  });

  it('tells the candidate plainly that a message sent while the database is down was not saved', async () => {
    const handle = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(handle.db);
    const stack = await buildChatStack(handle, new ChatPorts().register('slack', new RecordingChatPort()), memoryLogger().logger);
    const privates: OutboundMessage[] = [];
    const reply = async (m: OutboundMessage) => void privates.push(m);
    const workspaceId = uniqueWorkspace();
    await stack.router.handleCommand({ platform: 'slack', workspaceId, channelId: 'C1', user: { userId: 'U1' }, text: 'start' }, reply);
    const session = (await stack.sessions.getActiveSession({ platform: 'slack', workspaceId, userId: 'U1' }))!;
    await handle.close();
    await stack.router.handleThreadMessage({ platform: 'slack', workspaceId, channelId: 'C1', threadId: session.threadId!, user: { userId: 'U1' }, text: 'my answer', messageId: 'm1' }, reply);
    expect(privates.at(-1)).toEqual({ kind: 'notice', tone: 'error', text: 'Your message was not saved: the interview store is unavailable right now. Please send it again in a minute.' });
    await stack.close().catch(() => undefined);
  });

  it('treats an id that is not a UUID as an unknown session, not a database error', async () => {
    const handle = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(handle.db);
    const h = await buildHarness(handle);
    await expect(h.manager.getSession('not-a-uuid', { platform: 'slack', workspaceId: 'T1' })).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
    await h.close();
    await handle.close();
  });
});

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatPorts } from '../../src/chat/chat-port.js';
import type { OutboundMessage } from '../../src/chat/outbound-message.js';
import type { DatabaseHandle } from '../../src/storage/database.js';
import { buildChatStack } from '../support/chat-stack.js';
import { memoryLogger } from '../support/memory-log.js';
import { until } from '../support/queue-backends.js';
import { RecordingChatPort } from '../support/recording-chat-port.js';
import { uniqueWorkspace } from '../support/session-harness.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

// Answers built to be expensive to read: the largest message allowed, dense with numbers,
// technology names, reasons and questions, and odd unicode.
const DENSE = Array.from({ length: 900 }, (_, i) => `I'd use Kafka, Cassandra and Redis because ${i} million a day is about ${i * 12} writes per second? `).join('').slice(0, 59_000);
const UNICODE = '\u202eZ\u0351\u0352a\u0353l\u0354g\u0355o 😀👩‍💻 \u0000x'.replace('\u0000', '').repeat(2_500);

/**
 * No input may keep the event loop for more than 50 ms: everyone's acks share it. This file
 * runs alone (vitest.config.ts) because it measures the event loop of this very process, where
 * the bot and its in-process workers run.
 */
describe('hostile input does not block the event loop', () => {
  let handle: DatabaseHandle;
  let stack: Awaited<ReturnType<typeof buildChatStack>>;
  const port = new RecordingChatPort();
  let db: TestDatabase;
  beforeAll(async () => {
    // Real Postgres when there is one: PGlite runs its queries on this very thread (see README).
    db = await (storageBackends.find((b) => b.name === 'postgres') ?? storageBackends[0]!).open();
    handle = db.handle;
    stack = await buildChatStack(handle, new ChatPorts().register('slack', port), memoryLogger().logger);
  });
  afterAll(async () => {
    await stack.close();
    await db.cleanup();
  });

  it('handles a 100 KB topic, maximum-size dense answers, odd unicode and their evaluation within 50 ms of delay', async () => {
    const privates: OutboundMessage[] = [];
    const reply = async (m: OutboundMessage) => void privates.push(m);
    const base = { platform: 'slack' as const, workspaceId: uniqueWorkspace('T-hostile'), channelId: 'C1', user: { userId: 'U1' } };
    // Warm up the code paths with an ordinary interview first, so compiling them is not counted.
    const warm = { ...base, workspaceId: uniqueWorkspace('T-warm') };
    await stack.router.handleCommand({ ...warm, text: 'start url shortener' }, reply);
    const warmThread = (await stack.sessions.getActiveSession({ platform: 'slack', workspaceId: warm.workspaceId, userId: 'U1' }))!.threadId!;
    await stack.router.handleThreadMessage({ ...warm, threadId: warmThread, text: "I'd use a 302 because we count clicks; 100 million a day is about 1,200 writes per second.", messageId: 'w-1' }, reply);
    await until(() => port.postsFor(warmThread).filter((p) => p.message.kind === 'question').length >= 2, 20_000, 'the warm-up reply').catch((e: Error) => { throw new Error(`${e.message}: ${JSON.stringify(privates.slice(2)).slice(0, 600)} ${JSON.stringify(port.postsFor(warmThread).map((p) => p.message)).slice(-900)}`); });
    await stack.router.handleCommand({ ...warm, text: 'end' }, reply);
    await until(() => port.postsFor(warmThread).some((p) => p.message.kind === 'evaluation'), 20_000, 'the warm-up evaluation');
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    await stack.router.handleCommand({ ...base, text: `start ${'lorem ipsum '.repeat(8_500)} url shortener` }, reply);
    await stack.router.handleCommand({ ...base, text: 'start url shortener' }, reply);
    const session = await stack.sessions.getActiveSession({ platform: 'slack', workspaceId: base.workspaceId, userId: 'U1' });
    expect(session, JSON.stringify(privates).slice(0, 500)).not.toBeNull();
    const thread = session!.threadId!;
    const answers = [DENSE, UNICODE, DENSE.split('').reverse().join(''), UNICODE.slice(0, 30_000) + DENSE.slice(0, 20_000)];
    let replies = 1;
    for (const [i, text] of answers.entries()) {
      const refusals = privates.length;
      await stack.router.handleThreadMessage({ ...base, threadId: thread, text, messageId: `h-${i}` }, reply);
      // Refused (odd control characters, say) and told privately, or answered in the thread.
      if (privates.length > refusals) continue;
      replies += 1;
      await until(() => port.postsFor(thread).filter((p) => p.message.kind === 'question').length >= replies, 20_000, `reply ${i + 1}`);
    }
    await stack.router.handleCommand({ ...base, text: 'end' }, reply);
    await until(() => port.postsFor(thread).some((p) => p.message.kind === 'evaluation'), 30_000, 'the evaluation');
    delay.disable();
    const maxMs = delay.max / 1e6;
    if (process.env.DELAY_TIMINGS) console.log(`event loop delay: max ${maxMs.toFixed(1)} ms`);
    // PGlite (the embedded default, without DATABASE_URL) runs SQL on this thread itself, so a
    // 60 KB row costs it tens of milliseconds more; the 50 ms promise is the server's (README).
    const limit = db.handle.kind === 'postgres' ? 50 : 200;
    expect(maxMs, `event loop delay: max ${maxMs.toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms`).toBeLessThan(limit);
  }, 120_000);
});

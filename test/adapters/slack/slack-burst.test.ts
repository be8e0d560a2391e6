import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { createSlackPort, startSlackAdapter, type SlackAdapter } from '../../../adapters/slack/slack-app.js';
import { ChatPorts } from '../../../src/chat/chat-port.js';
import { AppMetrics } from '../../../src/observability/metrics.js';
import { messageEvent, postEvent } from '../../fakes/slack-signed-request.js';
import { startSlackFake, type SlackFake } from '../../fakes/slack-web-api-fake.js';
import { buildChatStack } from '../../support/chat-stack.js';
import { memoryLogger } from '../../support/memory-log.js';
import { until } from '../../support/queue-backends.js';
import { storageBackends, type TestDatabase } from '../../support/storage-backends.js';

const SECRET = 'test-signing-secret';
const TEAM = 'T_BURST';
const SESSIONS = 50;
const PER_SESSION = 5;

/**
 * A practice channel at its busiest: 250 thread messages arrive at once across 50 interviews.
 * Slack retries anything not acknowledged within 3 s, so every ack must come fast (only the
 * message is recorded before it); then every message is answered once, in order per session.
 */
// PGlite runs every statement on the event loop itself: it is the single-user embedded default,
// not a store for bursts, so this runs on real Postgres (CI) only.
describe.each(storageBackends.filter((b) => b.name === 'postgres'))('a burst of 250 thread messages on $name', (backend) => {
  let db: TestDatabase;
  let slack: SlackFake;
  let adapter: SlackAdapter;
  let stack: Awaited<ReturnType<typeof buildChatStack>>;
  let url: string;

  beforeAll(async () => {
    db = await backend.open();
    slack = await startSlackFake({ teamId: TEAM });
    const logger = memoryLogger().logger;
    const settings = { botToken: 'xoxb-test', signingSecret: SECRET, apiUrl: slack.apiUrl };
    const port = createSlackPort(settings, logger);
    stack = await buildChatStack(db.handle, new ChatPorts().register('slack', port), logger);
    adapter = await startSlackAdapter(settings, { router: stack.router, port, metrics: new AppMetrics(), logger, readiness: { ready: true }, httpPort: 0 });
    url = `http://127.0.0.1:${adapter.boundPort}/slack/events`;
  });
  afterAll(async () => {
    await adapter.stop();
    await stack.close();
    await slack.close();
    await db.cleanup();
  });

  it('acks each within 1 s and answers each once, in order per session', async () => {
    const scope = { platform: 'slack' as const, workspaceId: TEAM };
    const threads = await Promise.all(
      Array.from({ length: SESSIONS }, async (_, i) => {
        const owner = { ...scope, userId: `UB${i}`, displayName: `Candidate ${i}` };
        const channel = `CB${i % 5}`;
        const root = slack.addMessage({ channel, user: 'U_BOT', text: `root ${i}` });
        const created = await stack.sessions.createSession(
          { enabledModes: ['text'], aiProvider: 'offline', aiModel: 'offline', durationMinutes: 45, topic: 'URL shortener' },
          owner,
          { channelId: channel, threadId: root },
        );
        await stack.sessions.startSession(created.id, { ...owner, kind: 'user' });
        return { id: created.id, user: owner.userId, channel, root };
      }),
    );
    await until(() => threads.every((t) => slack.messagesInThread(t.channel, t.root).length >= 2), 20_000, 'opening questions');

    const events = threads.flatMap((t) =>
      Array.from({ length: PER_SESSION }, (_, k) => ({ t, text: `session ${t.id.slice(0, 8)} answer ${k}: we shard by short code and cache hot links.` })),
    );
    const acks = await Promise.all(
      events.map(async ({ t, text }) => {
        const started = performance.now();
        const response = await postEvent(url, SECRET, messageEvent({ channel: t.channel, user: t.user, text, thread_ts: t.root }), { teamId: TEAM });
        return { status: response.status, ms: performance.now() - started };
      }),
    );
    expect(acks.every((a) => a.status === 200)).toBe(true);
    const slowest = Math.max(...acks.map((a) => a.ms));
    const sorted = acks.map((a) => a.ms).sort((a, b) => a - b);
    console.log(`acks: p50 ${sorted[125]!.toFixed(0)} ms, p90 ${sorted[225]!.toFixed(0)} ms, max ${slowest.toFixed(0)} ms`);
    expect(slowest).toBeLessThan(1_000);

    const transcriptOf = (id: string) => stack.sessions.getTranscript(id, scope);
    await until(
      async () => (await Promise.all(threads.map(async (t) => (await transcriptOf(t.id)).filter((m) => m.replyToSeq !== null).length))).every((n) => n === PER_SESSION),
      60_000,
      'every message answered',
    );
    await until(() => threads.every((t) => slack.messagesInThread(t.channel, t.root).length >= 2 + PER_SESSION), 30_000, 'every reply posted');
    await new Promise((r) => setTimeout(r, 300));
    for (const t of threads) {
      const transcript = await transcriptOf(t.id);
      const answers = transcript.filter((m) => m.role === 'candidate');
      const replies = transcript.filter((m) => m.replyToSeq !== null);
      expect(answers).toHaveLength(PER_SESSION);
      // Each answered once, replies in the order the answers arrived.
      expect(replies.map((r) => r.replyToSeq)).toEqual(answers.map((a) => a.seq));
      // And posted in the thread once each, in that order.
      const posted = slack.messagesInThread(t.channel, t.root).slice(2).map((m) => m.text ?? '');
      expect(posted).toHaveLength(PER_SESSION);
    }
    slack.assertNoUnexpected();
  }, 120_000);
});

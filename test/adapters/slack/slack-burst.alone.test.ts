import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/domain/ports.js';
import { BullMqJobQueue } from '../../../src/queue/bullmq-job-queue.js';
import { eventEnvelope, messageEvent, signSlackRequest } from '../../fakes/slack-signed-request.js';
import { startSlackFake, type SlackFake } from '../../fakes/slack-web-api-fake.js';
import { ChildProcesses } from '../../support/child-processes.js';
import { memoryLogger } from '../../support/memory-log.js';
import { bullmqBackend, bullSettings, until } from '../../support/queue-backends.js';
import { actorFor, buildHarness, config, ownerIn, type Harness } from '../../support/session-harness.js';
import { storageBackends, type TestDatabase } from '../../support/storage-backends.js';

const SECRET = 'burst-signing-secret';
const TEAM = 'T_BURST';
const SESSIONS = 50;
const PER_SESSION = 5;
const postgres = storageBackends.find((b) => b.name === 'postgres');

/**
 * A practice channel at its busiest: 250 thread messages arrive at once across 50 interviews.
 * Slack retries what is not acknowledged within 3 s (only the message is stored before the ack).
 * Then each message is answered once, in order per session.
 * Run as a busy team would deploy: a bot process (`npm run bot`) and a worker process
 * (`npm run worker`) on real Postgres and Redis, Slack events sent from this process.
 * (`npm start`, bot and workers in one process, shares one event loop between acks and turns:
 * the benchmark measures that layout.)
 */
describe.skipIf(!postgres || !bullmqBackend)('a burst of 250 thread messages', () => {
  let db: TestDatabase;
  let slack: SlackFake;
  let harness: Harness;
  let url: string;
  const prefix = bullmqBackend?.freshPrefix() ?? 'unused';
  const processes = new ChildProcesses(() => ({ TEST_SCHEMA: db.schema!, QUEUE_PREFIX: prefix, SLACK_API_URL: slack.apiUrl, SIGNING_SECRET: SECRET }));

  beforeAll(async () => {
    db = await postgres!.open();
    slack = await startSlackFake({ teamId: TEAM });
    // This process only sets up the interviews and enqueues, as the bot does.
    harness = await buildHarness(db.handle, { queue: new BullMqJobQueue(process.env.REDIS_URL!, bullSettings(prefix), memoryLogger().logger), workers: false, realClock: systemClock });
    // In a deployment the workers run on other machines than the bot; on this test's two cores
    // the worker runs at a lower CPU priority to stand for that, while working concurrently.
    const [bot] = await Promise.all([processes.startBot(), processes.startWorker({}, { nice: 10 })]);
    url = bot.url;
  });
  afterAll(async () => {
    await processes.killAll();
    await harness.close();
    await slack.close();
    await bullmqBackend!.cleanup(prefix);
    await db.cleanup();
  });

  it('acks each well within Slack\'s deadline and answers each once, in order per session', async () => {
    const threads = await Promise.all(
      Array.from({ length: SESSIONS }, async (_, i) => {
        const owner = ownerIn(TEAM, `UB${i}`);
        const channel = `CB${i % 5}`;
        const root = slack.addMessage({ channel, user: 'U_BOT', text: `root ${i}` });
        const created = await harness.manager.createSession(config(), owner, { channelId: channel, threadId: root });
        await harness.manager.startSession(created.id, actorFor(owner));
        return { id: created.id, user: owner.userId, channel, root };
      }),
    );
    await until(() => threads.every((t) => slack.messagesInThread(t.channel, t.root).length >= 2), 30_000, 'opening questions');

    // Signed up front, then sent all at once, each on its own connection, as Slack would.
    const signedAnswers = (from: number, count: number) =>
      threads.flatMap((t) =>
        Array.from({ length: count }, (_, k) => {
          const body = JSON.stringify(eventEnvelope(messageEvent({ channel: t.channel, user: t.user, text: `${t.user} answer ${from + k}`, thread_ts: t.root }), { teamId: TEAM }));
          return { body, headers: { ...signSlackRequest(SECRET, body) } };
        }),
      );
    const agent = new Agent({ keepAlive: false });
    // The interviews are under way before the burst, as in a channel that has been practising:
    // each answered once, so the bot is past its first events (a fresh process compiles its hot
    // paths on them).
    const first = await Promise.all(signedAnswers(0, 1).map(({ body, headers }) => post(url, body, headers, agent)));
    expect(first.every((a) => a.status === 200)).toBe(true);
    await until(() => threads.every((t) => slack.messagesInThread(t.channel, t.root).length >= 3), 30_000, 'first answers replied to');
    const acks = await Promise.all(signedAnswers(1, PER_SESSION).map(({ body, headers }) => post(url, body, headers, agent)));
    expect(acks.every((a) => a.status === 200)).toBe(true);
    const times = acks.map((a) => a.ms).sort((a, b) => a - b);
    const [median, slowest] = [times[Math.floor(times.length / 2)]!, times.at(-1)!];
    // Issue 9: every ack under 1 s (Slack's own deadline is 3 s). About 0.4-0.5 s here (0.55-0.65 s
    // when the burst is the fresh bot's first events) since enqueues wait for the acks under way
    // (InboundLoad); 0.7-1.4 s before. This file runs alone (vitest.config.ts).
    expect(slowest, `slowest ack of ${acks.length}`).toBeLessThan(1_000);
    console.log(`burst of ${acks.length}: acks median ${median.toFixed(0)} ms, slowest ${slowest.toFixed(0)} ms (under 1,000 ms)`);

    const replies = (t: (typeof threads)[number]) => slack.messagesInThread(t.channel, t.root).slice(2);
    await until(() => threads.every((t) => replies(t).length >= 1 + PER_SESSION), 60_000, 'every reply posted');
    await new Promise((r) => setTimeout(r, 500));
    for (const t of threads) {
      const transcript = await harness.manager.getTranscript(t.id, { platform: 'slack', workspaceId: TEAM });
      const answers = transcript.filter((m) => m.role === 'candidate');
      expect(answers).toHaveLength(1 + PER_SESSION);
      // Each answered once, in the order the answers were stored, and posted in that order.
      expect(transcript.filter((m) => m.replyToSeq !== null).map((r) => r.replyToSeq)).toEqual(answers.map((a) => a.seq));
      expect(replies(t).map((m) => m.text)).toEqual(answers.map((a) => `re:${a.content}`));
    }
    slack.assertNoUnexpected();
  }, 120_000);
});

function post(url: string, body: string, headers: Record<string, string>, agent: Agent): Promise<{ status: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

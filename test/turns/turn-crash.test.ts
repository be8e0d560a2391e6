import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/domain/ports.js';
import type { SessionRef } from '../../src/domain/types.js';
import { BullMqJobQueue } from '../../src/queue/bullmq-job-queue.js';
import { messageEvent, postEvent, type SlackHttpResult } from '../fakes/slack-signed-request.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-web-api-fake.js';
import { ChildProcesses, type Child } from '../support/child-processes.js';
import { memoryLogger } from '../support/memory-log.js';
import { bullmqBackend, bullSettings, until } from '../support/queue-backends.js';
import { actorFor, buildHarness, config, ownerIn, type Harness } from '../support/session-harness.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

const postgres = storageBackends.find((b) => b.name === 'postgres');

const TEAM = 'T_CRASH';
const SECRET = 'crash-test-signing-secret';
const CHANNEL = 'C_CRASH';
// Short leases and sweeps in the children, so a killed process's work is taken over in seconds.
const LEASE_MS = 3_000;
const SWEEP_INTERVAL_MS = 1_000;
/** Longer than any test waits for a crash marker: a stage that holds never goes on by itself. */
const HOLD_MS = 60_000;
/** The candidate's next message after a recovery must be answered within this long. */
const NEXT_WITHIN_MS = 20_000;

interface Bot extends Child {
  url: string;
}
interface Interview {
  ref: SessionRef;
  user: string;
  root: string;
}

/**
 * A turn's process is SIGKILLed at each stage of the turn (bot: before and after the message is
 * recorded; worker: while the interviewer thinks, after the reply is stored, while it is being
 * posted). Two kinds of process, as in production: bots (Bolt's HTTP receiver, role 'bot') and
 * workers (role 'worker'), sharing real Postgres and Redis, posting to the Slack fake. After a
 * restart (and Slack's retry of the event, for the bot), every candidate message is answered
 * exactly once in the thread, and the session's next message is answered promptly.
 */
describe.skipIf(!postgres || !bullmqBackend)('a turn whose process is killed at each stage', () => {
  let db: TestDatabase;
  let slack: SlackFake;
  let harness: Harness;
  const prefix = bullmqBackend?.freshPrefix() ?? 'unused';
  let bot: Bot;
  let worker: Child;
  let users = 0;

  const processes = new ChildProcesses(() => ({
    TEST_SCHEMA: db.schema!,
    QUEUE_PREFIX: prefix,
    SLACK_API_URL: slack.apiUrl,
    SIGNING_SECRET: SECRET,
    LEASE_MS: String(LEASE_MS),
    SWEEP_INTERVAL_MS: String(SWEEP_INTERVAL_MS),
    CRASH_HOLD_MS: String(HOLD_MS),
  }));
  const { children } = processes;
  const waitFor = processes.waitFor.bind(processes);
  const kill = processes.kill.bind(processes);
  const stop = processes.stop.bind(processes);
  const startBot = (crashStage = ''): Promise<Bot> => processes.startBot({ CRASH_STAGE: crashStage });
  const startWorker = (env: Record<string, string> = {}) => processes.startWorker(env);

  /** A started interview in its own thread of the fake Slack, its opening question posted. */
  async function interview(): Promise<Interview> {
    const user = `U_CAND${++users}`;
    const owner = ownerIn(TEAM, user);
    const root = slack.addMessage({ channel: CHANNEL, user, text: `interview ${users}` });
    const created = await harness.manager.createSession(config(), owner, { channelId: CHANNEL, threadId: root });
    await harness.manager.startSession(created.id, actorFor(owner));
    const t = { ref: { platform: 'slack' as const, workspaceId: TEAM, sessionId: created.id }, user, root };
    await until(() => botPosts(t).length === 1, 20_000, 'opening question posted');
    return t;
  }

  const botPosts = (t: Interview) => slack.messagesInThread(CHANNEL, t.root).filter((m) => m.bot_id);
  /** How many times the thread shows the interviewer's reply to `text` (EchoInterviewer: `re:<text>`). */
  const answersTo = (t: Interview, text: string) => botPosts(t).filter((m) => (m.text ?? '').includes(`re:${text}`)).length;

  function send(url: string, event: Record<string, unknown>, options: { eventId: string; retryNum?: number }): Promise<SlackHttpResult> {
    return postEvent(url, SECRET, event, { ...options, teamId: TEAM });
  }

  let events = 0;
  /** A candidate's message as Slack sends it, with its event id (the same on Slack's retries). */
  function answer(t: Interview, text: string) {
    return { event: messageEvent({ channel: CHANNEL, user: t.user, text, thread_ts: t.root }), eventId: `Ev_CRASH${process.pid}_${++events}` };
  }

  /** The candidate answers through the running bot (acknowledged with 200). */
  async function say(t: Interview, text: string): Promise<void> {
    const { event, eventId } = answer(t, text);
    const response = await send(bot.url, event, { eventId });
    expect(response.status).toBe(200);
  }

  async function candidateMessages(t: Interview) {
    const transcript = await harness.manager.getTranscript(t.ref.sessionId, t.ref);
    return transcript.filter((m) => m.role === 'candidate');
  }

  /**
   * Each of `texts` is answered exactly once in the thread; then the candidate's next message
   * is answered within NEXT_WITHIN_MS, once; and nothing is left pending.
   */
  async function expectRecovered(t: Interview, texts: string[], stage: string, killedAt: number): Promise<void> {
    for (const text of texts) {
      // Shown in the thread and recorded as posted (a post that landed before the crash is not enough).
      const posted = async () => {
        const candidate = (await candidateMessages(t)).find((m) => m.content === text);
        return answersTo(t, text) > 0 && candidate !== undefined && (await harness.store.turns.outcome(t.ref, candidate.seq)).delivery === 'posted';
      };
      await until(posted, 40_000, `reply to "${text}" after the restart`).catch((error: Error) => {
        throw new Error(`${error.message}; thread: ${JSON.stringify(botPosts(t).map((m) => m.text))}\nworker said:\n${worker.output()}`);
      });
    }
    const recoveredMs = Date.now() - killedAt;
    const next = `next answer ${t.user}`;
    const sent = Date.now();
    await say(t, next);
    await until(() => answersTo(t, next) > 0, NEXT_WITHIN_MS - (Date.now() - sent), `reply to the next message within ${NEXT_WITHIN_MS} ms`).catch((error: Error) => {
      throw new Error(`${error.message}; worker said:\n${worker.output()}`);
    });
    const nextMs = Date.now() - sent;
    expect(nextMs).toBeLessThan(NEXT_WITHIN_MS);
    // Anything still in flight (a retried job, a sweep) has had the time to post a second copy.
    await new Promise((r) => setTimeout(r, LEASE_MS + 2 * SWEEP_INTERVAL_MS));
    for (const text of [...texts, next]) expect(answersTo(t, text), `replies to "${text}"`).toBe(1);
    // The opening question, then one reply per answer: nothing else, nothing twice.
    expect(botPosts(t)).toHaveLength(1 + texts.length + 1);
    const candidates = await candidateMessages(t);
    expect(candidates.map((m) => m.content)).toEqual([...texts, next]);
    for (const m of candidates) {
      const outcome = await harness.store.turns.outcome(t.ref, m.seq);
      expect(outcome).toMatchObject({ state: 'answered', reply: { content: `re:${m.content}` }, delivery: 'posted' });
    }
    slack.assertNoUnexpected();
    if (process.env.TURN_CRASH_TIMINGS) console.log(`${stage}: answered ${recoveredMs} ms after the kill (restart included); next message answered in ${nextMs} ms`);
  }

  beforeAll(async () => {
    db = await postgres!.open();
    slack = await startSlackFake({ teamId: TEAM });
    // The test's own core only creates and starts sessions (it enqueues, like a bot).
    harness = await buildHarness(db.handle, {
      queue: new BullMqJobQueue(process.env.REDIS_URL!, bullSettings(prefix), memoryLogger().logger),
      workers: false,
      realClock: systemClock,
    });
    [bot, worker] = await Promise.all([startBot(), startWorker()]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(children.map((c) => kill(c)));
    await harness?.close();
    await slack?.close();
    await bullmqBackend!.cleanup(prefix);
    await db?.cleanup();
  }, 60_000);

  /**
   * An interview, a bot set up to stop at `stage`, and the bot that takes over from it (started
   * alongside, as another replica would be; a new process either way).
   */
  async function crashingBot(stage: string): Promise<{ t: Interview; crashing: Bot; next: Bot }> {
    const [t, crashing, next] = await Promise.all([interview(), startBot(stage), startBot()]);
    return { t, crashing, next };
  }

  /** The killed bot's successor takes Slack's traffic; the previous clean bot is shut down. */
  function takeOver(next: Bot): Promise<void> {
    const old = bot;
    bot = next;
    return stop(old);
  }

  it('bot killed before the message is recorded: Slack retries, the next bot records it, it is answered once', async () => {
    const { t, crashing, next } = await crashingBot('before-record');
    const text = 'before record answer';
    const { event, eventId } = answer(t, text);
    const lost = send(crashing.url, event, { eventId }).then(
      (r) => r.status,
      () => 'no answer',
    );
    await waitFor(crashing, 'receiving');
    await kill(crashing);
    const killedAt = Date.now();
    // Slack never heard 200, and nothing was stored.
    expect(await lost).toBe('no answer');
    expect(await candidateMessages(t)).toEqual([]);

    const stopping = takeOver(next);
    const retry = await send(bot.url, event, { eventId, retryNum: 1 });
    expect(retry.status).toBe(200);
    await expectRecovered(t, [text], 'before-record', killedAt);
    await stopping;
  }, 90_000);

  it('bot killed after the message is recorded, before Slack hears 200: the retry is not stored again, it is answered once', async () => {
    const { t, crashing, next } = await crashingBot('after-record');
    const text = 'after record answer';
    const { event, eventId } = answer(t, text);
    const lost = send(crashing.url, event, { eventId }).then(
      (r) => r.status,
      () => 'no answer',
    );
    await waitFor(crashing, /recorded \d+/);
    await kill(crashing);
    const killedAt = Date.now();
    expect(await lost).toBe('no answer');
    expect((await candidateMessages(t)).map((m) => m.content)).toEqual([text]);

    const stopping = takeOver(next);
    const retry = await send(bot.url, event, { eventId, retryNum: 1 });
    expect(retry.status).toBe(200);
    await expectRecovered(t, [text], 'after-record', killedAt);
    await stopping;
  }, 90_000);

  /**
   * An interview, and a worker set up to stop at a stage in place of the running one: the only
   * worker once the interview has started (its opening question posted by either).
   */
  async function crashingWorker(env: Record<string, string>): Promise<{ t: Interview; crashing: Child }> {
    const [t, crashing] = await Promise.all([interview(), startWorker(env)]);
    await stop(worker);
    worker = crashing;
    return { t, crashing };
  }

  /** The crashed worker's replacement. */
  async function restartWorker(crashed: Child): Promise<void> {
    await kill(crashed);
    worker = await startWorker();
  }

  it('worker killed while the interviewer is thinking: the next worker answers the turn once', async () => {
    const { t, crashing } = await crashingWorker({ REPLY_DELAY_MS: String(HOLD_MS) });
    const text = 'thinking answer';
    await say(t, text);
    const [candidate] = await candidateMessages(t);
    await waitFor(crashing, `thinking ${candidate!.seq}`);
    await kill(crashing);
    const killedAt = Date.now();
    expect(await harness.store.turns.outcome(t.ref, candidate!.seq)).toMatchObject({ state: 'pending', reply: null });
    expect(answersTo(t, text)).toBe(0);

    await restartWorker(crashing);
    await expectRecovered(t, [text], 'interviewer call', killedAt);
  }, 90_000);

  it('worker killed after the reply is stored, before it is posted: the next worker posts it once', async () => {
    const { t, crashing } = await crashingWorker({ CRASH_STAGE: 'after-store' });
    const text = 'stored answer';
    await say(t, text);
    const [candidate] = await candidateMessages(t);
    await waitFor(crashing, `stored ${candidate!.seq}`);
    await kill(crashing);
    const killedAt = Date.now();
    expect(await harness.store.turns.outcome(t.ref, candidate!.seq)).toMatchObject({ state: 'answered', reply: { content: `re:${text}` }, delivery: 'pending' });
    expect(answersTo(t, text)).toBe(0);

    await restartWorker(crashing);
    await expectRecovered(t, [text], 'after store', killedAt);
  }, 90_000);

  // The next worker finds the delivery still pending under a lease nobody let go: the post may
  // have landed, so it must reconcile (look for the post's metadata key) before posting again.
  it('worker killed while the reply is being posted (Slack posted it, the worker never heard): it is in the thread once', async () => {
    const t = await interview();
    // The running worker (a clean one) is the only worker: the post below is the only one in flight.
    const crashing = worker;
    const text = 'posting answer';
    const postsBefore = slack.callsOf('chat.postMessage').length;
    // Slack posts the reply, then holds the answer far longer than the client would wait.
    slack.failNext('chat.postMessage', { error: 'request_timeout', status: 504, applied: true, delayMs: 5_000 });
    await say(t, text);
    const [candidate] = await candidateMessages(t);
    await until(() => slack.callsOf('chat.postMessage').length > postsBefore, 20_000, 'the reply post reaching Slack');
    await kill(crashing);
    const killedAt = Date.now();
    // The held call was the reply's post (the fake answers it only after the worker is gone).
    const held = slack.callsOf('chat.postMessage').slice(postsBefore);
    expect(held.map((c) => [c.args.thread_ts, c.args.text])).toEqual([[t.root, expect.stringContaining(`re:${text}`)]]);
    expect(slack.pendingFailures()).toBe(0);
    expect(answersTo(t, text)).toBe(1);
    expect(await harness.store.turns.outcome(t.ref, candidate!.seq)).toMatchObject({ state: 'answered', delivery: 'pending' });

    await restartWorker(crashing);
    await expectRecovered(t, [text], 'during delivery', killedAt);
    // It looked in the thread for the post's key instead of posting blindly.
    expect(slack.callsOf('conversations.replies').filter((c) => c.args.ts === t.root).length).toBeGreaterThan(0);
  }, 90_000);
});

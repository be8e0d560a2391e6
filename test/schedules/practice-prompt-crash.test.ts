import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRACTICE_PROMPT_JOB } from '../../src/schedules/practice-schedule.js';
import { schedulerIdOf } from '../../src/schedules/schedule-service.js';
import { BullMqJobQueue } from '../../src/queue/bullmq-job-queue.js';
import { DataStore } from '../../src/storage/data-store.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-web-api-fake.js';
import { ChildProcesses } from '../support/child-processes.js';
import { memoryLogger } from '../support/memory-log.js';
import { bullmqBackend, bullSettings, until } from '../support/queue-backends.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

const postgres = storageBackends.find((b) => b.name === 'postgres');
const TEAM = 'T_PROMPT_CRASH';
const CHANNEL = 'C_PROMPT_CRASH';

/**
 * A worker SIGKILLed while Slack is taking its practice prompt (the post landed, the answer had
 * not come back): the next worker finds the prompt in the channel (its metadata) and does not
 * post it again. Real BullMQ job scheduler, real worker processes, the Slack fake.
 */
describe.skipIf(!postgres || !bullmqBackend)('a practice prompt whose worker is killed mid-post', () => {
  let db: TestDatabase;
  let slack: SlackFake;
  let queue: BullMqJobQueue;
  const prefix = bullmqBackend?.freshPrefix() ?? 'unused';
  const processes = new ChildProcesses(() => ({ TEST_SCHEMA: db.schema!, QUEUE_PREFIX: prefix, SLACK_API_URL: slack.apiUrl, SIGNING_SECRET: 'unused' }));

  beforeAll(async () => {
    db = await postgres!.open();
    slack = await startSlackFake({ teamId: TEAM });
    queue = new BullMqJobQueue(process.env.REDIS_URL!, bullSettings(prefix), memoryLogger().logger);
  }, 60_000);
  afterAll(async () => {
    await processes.killAll();
    await queue?.close(1_000);
    await slack?.close();
    await bullmqBackend?.cleanup(prefix);
    await db?.cleanup();
  });

  const prompts = () => slack.messagesInChannel(CHANNEL).filter((m) => m.bot_id && /Practice time/.test(m.text ?? ''));

  it('is posted exactly once after a restart', async () => {
    const worker = await processes.startWorker();
    const store = new DataStore(db.handle.db);
    // Fires once, a few seconds from now (a cron with seconds; tomorrow's run is out of the test's reach).
    const at = new Date(Date.now() + 6_000);
    const pattern = `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} * * *`;
    const schedule = await store.schedules.create({ platform: 'slack', workspaceId: TEAM, channelId: CHANNEL }, { spec: 'daily (test)', pattern, tz: 'UTC', createdBy: 'U_ADMIN' }, new Date());
    // Slack takes the post and holds its answer: the worker dies waiting for it.
    slack.failNext('chat.postMessage', { status: 500, error: 'internal_error', applied: true, delayMs: 20_000 });
    await queue.schedule(PRACTICE_PROMPT_JOB, schedulerIdOf(schedule.id), { pattern, tz: 'UTC' }, { scheduleId: schedule.id });

    await until(() => prompts().length === 1, 20_000, 'the prompt posted (answer held)');
    await processes.kill(worker);
    const restarted = await processes.startWorker();

    // The retried job waits out the dead worker's claim (20 s), then looks before posting.
    const posted = async () => (await db.handle.db.selectFrom('practice_prompts').select(['status', 'platform_message_id']).where('schedule_id', '=', schedule.id).executeTakeFirst()) ?? null;
    await until(async () => (await posted())?.status === 'posted', 60_000, 'the prompt marked posted by the restarted worker').catch((error: Error) => {
      throw new Error(`${error.message}\n${restarted.output()}`);
    });
    // Time for a wrong second post to show.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(prompts()).toHaveLength(1);
    // It was found, not posted again: the retry looked at the channel's history first.
    expect(slack.callsOf('conversations.history').length).toBeGreaterThan(0);
    expect(slack.callsOf('chat.postMessage')).toHaveLength(1);
    expect((await posted())!.platform_message_id).toBe(prompts()[0]!.ts);
    slack.assertNoUnexpected();
  }, 120_000);
});

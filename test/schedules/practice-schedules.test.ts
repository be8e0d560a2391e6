import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundAction, InboundCommand } from '../../src/chat/inbound.js';
import type { OutboundMessage } from '../../src/chat/outbound-message.js';
import { PRACTICE_PROMPT_JOB } from '../../src/schedules/practice-schedule.js';
import { runPracticePrompt } from '../../src/schedules/practice-prompt-job.js';
import { MAX_ACTIVE_PER_CHANNEL, schedulerIdOf } from '../../src/schedules/schedule-service.js';
import { TopicCatalog } from '../../src/interviewer/catalog/topic-catalog.js';
import type { DatabaseHandle } from '../../src/storage/database.js';
import { memoryLogger } from '../support/memory-log.js';
import { queueBackends, until, type QueueBackend } from '../support/queue-backends.js';
import { buildHarness, uniqueWorkspace, type Harness } from '../support/session-harness.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

/** Every second: a test sees several ticks in a few seconds (6-field cron, as BullMQ and cron-parser read it). */
const EVERY_SECOND = { spec: 'every second (test)', pattern: '* * * * * *', tz: 'Europe/Berlin' };

const storage = storageBackends.at(-1)!;

function commands(h: Harness, workspaceId: string) {
  const privates: OutboundMessage[] = [];
  const reply = async (m: OutboundMessage) => {
    privates.push(m);
  };
  const run = async (text: string, userId = 'UADMIN', isAdmin = true) => {
    const command: InboundCommand = { platform: 'slack', workspaceId, channelId: 'C1', user: { userId, displayName: userId, isAdmin }, text };
    await h.core.router.handleCommand(command, reply);
    const last = privates.at(-1)!;
    return 'text' in last ? last.text : last.kind;
  };
  return { run, privates, reply };
}

describe.each(queueBackends)('scheduled practice on $name', (backend: QueueBackend) => {
  let db: TestDatabase;
  const logs = memoryLogger();
  const prefixes: string[] = [];
  const harnesses: Harness[] = [];

  async function harness(handle: DatabaseHandle, prefix = backend.freshPrefix(), reconcileIntervalMs?: number): Promise<Harness> {
    prefixes.push(prefix);
    const h = await buildHarness(handle, { queue: backend.create(logs.logger, { prefix }), logger: logs.logger, reconcileIntervalMs });
    harnesses.push(h);
    return h;
  }

  beforeAll(async () => {
    db = await storage.open();
  });
  afterAll(async () => {
    for (const h of harnesses) await h.close().catch(() => undefined);
    for (const prefix of prefixes) await backend.cleanup(prefix);
    await db.cleanup();
  });

  it('admins schedule, anyone lists, admins cancel; the scheduler follows the row', async () => {
    const h = await harness(db.handle);
    const workspaceId = uniqueWorkspace('SC');
    const c = commands(h, workspaceId);
    expect(await c.run('schedule weekdays 10:00 Europe/Berlin', 'U1', false)).toContain('Only workspace admins can schedule practice');
    expect(await c.run('schedule weekdays 25:00 Europe/Berlin')).toMatch(/not a time of day[\s\S]*schedule weekdays 10:00 Europe\/Berlin/);
    expect(await c.run('schedule weekdays 10:00 Mars/Base')).toContain('is not a time zone I know');

    // The harness clock: Thursday 2026-01-15 10:00 UTC (11:00 in Berlin), so the next run is Friday.
    const created = await c.run('schedule weekdays 10:00 Europe/Berlin');
    expect(created).toContain('**weekdays 10:00 Europe/Berlin**');
    expect(created).toMatch(/Fri, 16 Jan 2026, 10:00 CET \(2026-01-16 09:00 UTC\)/);
    h.clock.advance(1_000); // listed oldest first
    await c.run('schedule weekly fri 16:00 America/New_York');

    const listed = await c.run('schedule list', 'U1', false);
    expect(listed).toMatch(/1\. weekdays 10:00 Europe\/Berlin: next Fri, 16 Jan 2026, 10:00 CET[\s\S]*2\. weekly fri 16:00 America\/New_York: next Fri, 16 Jan 2026, 16:00 (?:EST|GMT-5) \(2026-01-16 21:00 UTC\)/);
    const [first, second] = await h.store.schedules.listActive({ platform: 'slack', workspaceId, channelId: 'C1' });
    expect(await h.queue.hasSchedule(PRACTICE_PROMPT_JOB, schedulerIdOf(first!.id))).toBe(true);

    expect(await c.run('schedule cancel 1', 'U1', false)).toContain('Only workspace admins can cancel scheduled practice');
    expect(await c.run('schedule cancel 3')).toContain('no schedule number 3');
    expect(await c.run('schedule cancel 1')).toContain('Cancelled schedule 1: weekdays 10:00 Europe/Berlin');
    expect(await h.queue.hasSchedule(PRACTICE_PROMPT_JOB, schedulerIdOf(first!.id))).toBe(false);
    expect(await c.run('schedule list')).toMatch(/^\*\*Scheduled practice in this channel\*\*\n1\. weekly fri 16:00/);
    expect(await c.run('channel', 'U1', false)).toContain('Scheduled practice: 1 active');

    // Reconciling: a scheduler the queue lost is put back, a cancelled one's is removed.
    await h.queue.unschedule(PRACTICE_PROMPT_JOB, schedulerIdOf(second!.id));
    await h.queue.schedule(PRACTICE_PROMPT_JOB, schedulerIdOf(first!.id), { pattern: first!.pattern, tz: first!.tz }, { scheduleId: first!.id });
    expect(await h.core.schedules.reconcile()).toBeGreaterThanOrEqual(2);
    expect(await h.queue.hasSchedule(PRACTICE_PROMPT_JOB, schedulerIdOf(second!.id))).toBe(true);
    expect(await h.queue.hasSchedule(PRACTICE_PROMPT_JOB, schedulerIdOf(first!.id))).toBe(false);
    await c.run('schedule cancel 1');
  });

  it('a scheduler the queue lost (a Redis that came back empty) is put back within the reconcile interval', async () => {
    const h = await harness(db.handle, undefined, 300);
    const workspaceId = uniqueWorkspace('SL');
    const c = commands(h, workspaceId);
    await c.run('schedule daily 10:00 UTC');
    const [schedule] = await h.store.schedules.listActive({ platform: 'slack', workspaceId, channelId: 'C1' });
    const id = schedulerIdOf(schedule!.id);
    await h.queue.unschedule(PRACTICE_PROMPT_JOB, id);
    expect(await h.queue.hasSchedule(PRACTICE_PROMPT_JOB, id)).toBe(false);
    await until(() => h.queue.hasSchedule(PRACTICE_PROMPT_JOB, id), 5_000, 'scheduler put back');
    await c.run('schedule cancel 1');
    expect(await h.queue.hasSchedule(PRACTICE_PROMPT_JOB, id)).toBe(false);
    await h.close();
  });

  it(`refuses more than ${MAX_ACTIVE_PER_CHANNEL} active schedules in a channel`, async () => {
    const h = await harness(db.handle);
    const c = commands(h, uniqueWorkspace('SM'));
    for (let i = 0; i < MAX_ACTIVE_PER_CHANNEL; i += 1) expect(await c.run(`schedule daily 0${i}:00 UTC`)).toContain('Scheduled practice');
    expect(await c.run('schedule daily 11:00 UTC')).toContain(`already has ${MAX_ACTIVE_PER_CHANNEL} schedules`);
    for (let i = 0; i < MAX_ACTIVE_PER_CHANNEL; i += 1) await c.run('schedule cancel 1');
    expect(await c.run('schedule list')).toContain('No practice is scheduled in this channel');
  });

  it('fires once per tick, in the channel, with the topic of the day from the rotation and a Start button', async () => {
    const h = await harness(db.handle);
    const workspaceId = uniqueWorkspace('SF');
    const c = commands(h, workspaceId);
    await c.run('channel topics rotate rate-limiter,news-feed');
    const channel = { platform: 'slack' as const, workspaceId, channelId: 'C1' };
    const schedule = await h.store.schedules.create(channel, { ...EVERY_SECOND, createdBy: 'UADMIN' }, new Date());
    await h.core.schedules.reconcile();
    // Every harness of this file is a process on the same database, and each reconciles every
    // schedule into its own queue: each due time is still posted once, by one of them.
    const prompts = () => harnesses.flatMap((x) => x.chat.posts).filter((p) => p.target.workspaceId === workspaceId && p.message.kind === 'practice-prompt');
    await until(() => prompts().length >= 3, 15_000, 'three practice prompts');
    await c.run('schedule cancel 1');
    const fired = await h.store.schedules.prompts(schedule.id);
    // One post per scheduled time: as many posts as distinct due times, each a whole second.
    await new Promise((r) => setTimeout(r, 1_200));
    const after = await h.store.schedules.prompts(schedule.id);
    expect(after.length).toBeLessThanOrEqual(fired.length + 1);
    expect(prompts()).toHaveLength(after.filter((p) => p.status === 'posted').length);
    expect(new Set(after.map((p) => p.scheduledFor.getTime())).size).toBe(after.length);
    for (const p of after) expect(p.scheduledFor.getTime() % 1000).toBe(0);
    const [post] = prompts();
    expect(post!.target).toMatchObject({ platform: 'slack', workspaceId, channelId: 'C1' });
    const topic = after[0]!.topicId;
    expect(['rate-limiter', 'news-feed']).toContain(topic);
    expect(post!.message).toMatchObject({ kind: 'practice-prompt', actions: [{ actionId: 'practice.start', value: topic }] });
  });

  it('a retried fire of the same scheduled time posts once', async () => {
    const h = await harness(db.handle);
    const workspaceId = uniqueWorkspace('SR');
    const schedule = await h.store.schedules.create({ platform: 'slack', workspaceId, channelId: 'C1' }, { spec: 'daily 10:00 UTC', pattern: '0 10 * * *', tz: 'UTC', createdBy: 'UADMIN' }, new Date());
    const deps = { store: h.store, queue: h.queue, chat: h.core.router['deps'].chat, catalog: new TopicCatalog(), clock: h.clock, logger: logs.logger };
    const meta = { jobId: 'x', attempt: 1, maxAttempts: 5, scheduledFor: new Date('2026-01-16T10:00:00Z') };
    h.chat.failuresLeft = 1;
    await expect(runPracticePrompt(deps, { scheduleId: schedule.id }, meta)).rejects.toThrow('platform unavailable');
    expect(await runPracticePrompt(deps, { scheduleId: schedule.id }, { ...meta, attempt: 2 })).toBe('posted');
    expect(await runPracticePrompt(deps, { scheduleId: schedule.id }, { ...meta, attempt: 3 })).toBe('already-posted');
    expect(h.chat.posts.filter((p) => p.target.workspaceId === workspaceId)).toHaveLength(1);
    expect(await h.store.schedules.prompts(schedule.id)).toMatchObject([{ status: 'posted', attempts: 2 }]);
    // While one worker holds a due time, another is told to try later and posts nothing.
    const next = new Date('2026-01-19T10:00:00Z');
    expect(await h.store.schedules.claimPrompt(schedule.id, next, 'rate-limiter', new Date())).toMatchObject({ state: 'post' });
    await expect(runPracticePrompt(deps, { scheduleId: schedule.id }, { ...meta, scheduledFor: next })).rejects.toThrow('being posted by another worker');
    await h.store.schedules.releasePrompt(schedule.id, next);
    expect(await runPracticePrompt(deps, { scheduleId: schedule.id }, { ...meta, scheduledFor: next })).toBe('posted');
    expect(h.chat.posts.filter((p) => p.target.workspaceId === workspaceId)).toHaveLength(2);
    // More than two hours late (the harness clock is 2026-01-15 10:00 UTC): skipped, nothing recorded.
    expect(await runPracticePrompt(deps, { scheduleId: schedule.id }, { ...meta, scheduledFor: new Date('2026-01-15T07:59:00Z') })).toBe('too-late');
    expect(h.chat.posts.filter((p) => p.target.workspaceId === workspaceId)).toHaveLength(2);
    expect(await h.store.schedules.prompts(schedule.id)).toHaveLength(2);
    // A cancelled schedule's job removes its scheduler and posts nothing.
    await h.store.schedules.cancel(schedule.id, new Date());
    expect(await runPracticePrompt(deps, { scheduleId: schedule.id }, { ...meta, scheduledFor: new Date('2026-01-17T10:00:00Z') })).toBe('cancelled');
  });

  it('keeps firing, once per tick, after a restart', async () => {
    const prefix = backend.freshPrefix();
    const first = await harness(db.handle, prefix);
    const workspaceId = uniqueWorkspace('SS');
    const schedule = await first.store.schedules.create({ platform: 'slack', workspaceId, channelId: 'C1' }, { ...EVERY_SECOND, createdBy: 'UADMIN' }, new Date());
    await first.core.schedules.reconcile();
    // Other harnesses of this file (on the same database) may post some due times too: count them all.
    const promptsIn = (h: Harness) => h.chat.posts.filter((p) => p.target.workspaceId === workspaceId && p.message.kind === 'practice-prompt');
    const later: { restarted?: Harness } = {};
    const others = () => harnesses.filter((x) => x !== first && x !== later.restarted).reduce((n, x) => n + promptsIn(x).length, 0);
    await until(() => promptsIn(first).length + others() >= 1, 15_000, 'a prompt before the restart');
    await first.close();
    const before = promptsIn(first).length;

    // The same database (and on BullMQ the same Redis prefix): start-up reconciles the schedules.
    const restarted = await harness(db.handle, prefix);
    later.restarted = restarted;
    await until(() => promptsIn(restarted).length >= 2, 15_000, 'prompts after the restart');
    await restarted.store.schedules.cancel(schedule.id, new Date());
    await restarted.core.schedules.reconcile();
    const rows = await restarted.store.schedules.prompts(schedule.id);
    const posted = rows.filter((r) => r.status === 'posted');
    // Every scheduled time posted exactly once across both processes.
    expect(before + promptsIn(restarted).length + others()).toBe(posted.length);
    expect(new Set(rows.map((r) => r.scheduledFor.getTime())).size).toBe(rows.length);
  });

  it('the Start button starts an interview for whoever presses it, under the channel settings', async () => {
    const h = await harness(db.handle);
    const workspaceId = uniqueWorkspace('SB');
    const c = commands(h, workspaceId);
    const press = (userId: string, value = 'rate-limiter'): InboundAction => ({ platform: 'slack', workspaceId, channelId: 'C1', threadId: 'prompt-ts', user: { userId, displayName: userId }, actionId: 'practice.start', value });
    await h.core.router.handleAction(press('U5'), c.reply);
    expect(c.privates.at(-1)).toMatchObject({ kind: 'notice', tone: 'info', text: expect.stringContaining('Your Rate limiter interview has started') });
    const session = (await h.manager.getActiveSession({ platform: 'slack', workspaceId, userId: 'U5' }))!;
    expect(session).toMatchObject({ ownerUserId: 'U5', topic: 'Rate limiter', channelId: 'C1' });
    expect(session.threadId).not.toBe('prompt-ts');

    await c.run('channel starters <@U6>');
    await h.core.router.handleAction(press('U7'), c.reply);
    expect(c.privates.at(-1)).toMatchObject({ kind: 'notice', text: expect.stringContaining('Only the people this channel lists') });
    expect(await h.manager.getActiveSession({ platform: 'slack', workspaceId, userId: 'U7' })).toBeNull();
    await h.core.router.handleAction(press('U6', 'no-such-topic'), c.reply);
    expect(c.privates.at(-1)).toMatchObject({ kind: 'notice', text: expect.stringContaining('not valid any more') });
  });
});

import { topicOfTheDay } from '../channels/channel-settings.js';
import type { ChatPorts } from '../chat/chat-port.js';
import type { OutboundMessage } from '../chat/outbound-message.js';
import { RetryLater } from '../domain/errors.js';
import type { Clock, JobMeta, JobQueue } from '../domain/ports.js';
import type { TopicCatalog } from '../interviewer/catalog/topic-catalog.js';
import type { Logger } from '../logging/logger.js';
import type { DataStore } from '../storage/data-store.js';
import { PRACTICE_PROMPT_JOB, type PracticePromptJobData, type PracticeSchedule } from './practice-schedule.js';
import { schedulerIdOf } from './schedule-service.js';

/** A prompt this late (workers down at its time) is skipped rather than posted. */
export const MAX_LATENESS_MS = 2 * 3600_000;

export interface PracticePromptDeps {
  store: DataStore;
  queue: JobQueue;
  chat: ChatPorts;
  catalog: TopicCatalog;
  clock: Clock;
  logger: Logger;
}

/** The message a schedule posts: the topic of the day and a Start button carrying it. */
export function practicePromptMessage(topic: { id: string; name: string }, schedule: Pick<PracticeSchedule, 'spec'>): OutboundMessage {
  return {
    kind: 'practice-prompt',
    text: `**Practice time!** Today's topic: **${topic.name}**. Press Start to begin your own mock interview in a new thread, or type \`/interview start ${topic.id}\`. (Scheduled: ${schedule.spec}.)`,
    actions: [{ actionId: 'practice.start', label: `Start: ${topic.name}`, value: topic.id, style: 'primary' }],
  };
}

/**
 * A schedule fired. The prompt is owed to the channel once per scheduled time: the fire is
 * claimed in `practice_prompts` (keyed by schedule and due time, held for a few seconds) before
 * posting and marked posted after, so a retried job, a second worker or a second process with
 * the same schedule posts nothing twice; a failed post releases its hold for the retry. A schedule cancelled (or
 * deleted) since removes its own scheduler.
 */
export async function runPracticePrompt(deps: PracticePromptDeps, data: PracticePromptJobData, meta: JobMeta): Promise<'posted' | 'already-posted' | 'cancelled' | 'too-late'> {
  const schedule = await deps.store.schedules.find(data.scheduleId);
  if (!schedule || schedule.cancelledAt !== null) {
    await deps.queue.unschedule(PRACTICE_PROMPT_JOB, schedulerIdOf(data.scheduleId));
    return 'cancelled';
  }
  const now = deps.clock.now();
  // Without a due time from the queue (never expected), the minute it ran stands in for it.
  const due = meta.scheduledFor ?? new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  if (now.getTime() - due.getTime() > MAX_LATENESS_MS) {
    // Workers were down at the time (BullMQ keeps the due job): a 10:00 prompt at 17:00 is noise.
    deps.logger.info({ operation: PRACTICE_PROMPT_JOB, metadata: { schedule_id: schedule.id, scheduled_for: due.toISOString() } }, 'Practice prompt skipped: more than 2 hours late');
    return 'too-late';
  }
  const channel = { platform: schedule.platform, workspaceId: schedule.workspaceId, channelId: schedule.channelId };
  const settings = await deps.store.channelSettings.get(channel);
  const pool = settings.topics.mode === 'any' ? deps.catalog.topics.map((t) => t.id) : settings.topics.topicIds;
  const claim = await deps.store.schedules.claimPrompt(schedule.id, due, topicOfTheDay(pool, due), now);
  if (claim.state === 'posted') return 'already-posted';
  // Another worker is posting it: try again later (it is posted by then, or its hold ran out).
  if (claim.state === 'held') throw new RetryLater(`Practice prompt ${schedule.id} at ${due.toISOString()} is being posted by another worker`);
  const topic = deps.catalog.get(claim.topicId) ?? deps.catalog.topics[0]!;
  let posted: { messageId: string };
  try {
    const port = deps.chat.for(schedule.platform);
    if (!port) throw new Error(`No chat port for ${schedule.platform} in this process`);
    // Always reconciled: an earlier attempt may have posted before failing (a timeout, a killed
    // worker), and a prompt is rare enough that one look at the channel first costs nothing.
    const key = `practice:${schedule.id}:${due.toISOString()}`;
    posted = await port.openThread(channel, practicePromptMessage(topic, schedule), `Practice: ${topic.name}`, { idempotencyKey: key, reconcile: true });
  } catch (error) {
    await deps.store.schedules.releasePrompt(schedule.id, due).catch(() => undefined);
    throw error;
  }
  await deps.store.schedules.markPromptPosted(schedule.id, due, posted.messageId, deps.clock.now());
  deps.logger.info({ operation: PRACTICE_PROMPT_JOB, metadata: { schedule_id: schedule.id, scheduled_for: due.toISOString(), topic: topic.id } }, 'Practice prompt posted');
  return 'posted';
}

export function registerPracticePromptJob(deps: PracticePromptDeps): void {
  deps.queue.process<PracticePromptJobData>(PRACTICE_PROMPT_JOB, async (data, meta) => {
    await runPracticePrompt(deps, data, meta);
  });
}

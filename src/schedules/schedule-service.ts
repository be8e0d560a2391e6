import { InterviewPlatformError } from '../domain/errors.js';
import type { Clock, JobQueue } from '../domain/ports.js';
import type { Logger } from '../logging/logger.js';
import type { ChannelRef } from '../storage/channel-settings-repository.js';
import type { DataStore } from '../storage/data-store.js';
import { PRACTICE_PROMPT_JOB, type PracticePromptJobData, type PracticeSchedule } from './practice-schedule.js';
import { nextRuns, type ScheduleSpec } from './schedule-spec.js';

const DAY_MS = 24 * 3600_000;
/** A channel needs a few prompts a week, not hundreds: each schedule is a job scheduler to keep. */
export const MAX_ACTIVE_PER_CHANNEL = 10;
/** Cancelled schedules the reconciler still checks have no scheduler left (a cancel Redis missed). */
const CANCELLED_LOOKBACK_MS = 30 * DAY_MS;

export function schedulerIdOf(scheduleId: string): string {
  return `practice:${scheduleId}`;
}

/**
 * Practice schedules: the database row is the truth, the queue's job scheduler follows it. A row
 * is written first; if the queue cannot take the scheduler then, the reconciler puts it back.
 */
export class ScheduleService {
  constructor(
    private readonly store: DataStore,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async create(channel: ChannelRef, spec: ScheduleSpec, createdBy: string): Promise<{ schedule: PracticeSchedule; next: Date }> {
    if ((await this.store.schedules.listActive(channel)).length >= MAX_ACTIVE_PER_CHANNEL) {
      throw new InterviewPlatformError('INVALID_INPUT', 'Too many practice schedules in one channel', {
        userMessage: `This channel already has ${MAX_ACTIVE_PER_CHANNEL} schedules, the most it can have; cancel one first (\`/interview schedule list\` numbers them).`,
      });
    }
    const schedule = await this.store.schedules.create(channel, { spec: spec.text, pattern: spec.pattern, tz: spec.tz, createdBy }, this.clock.now());
    await this.register(schedule).catch((error: unknown) =>
      this.logger.warn({ operation: 'schedule_create', error, metadata: { schedule_id: schedule.id } }, 'Could not register the schedule in the queue; the reconciler will'),
    );
    return { schedule, next: this.nextRun(schedule) };
  }

  /** The channel's active schedules, numbered from 1 in this order, with their next run. */
  async list(channel: ChannelRef): Promise<{ schedule: PracticeSchedule; next: Date }[]> {
    const schedules = await this.store.schedules.listActive(channel);
    return schedules.map((schedule) => ({ schedule, next: this.nextRun(schedule) }));
  }

  async countActive(channel: ChannelRef): Promise<number> {
    return (await this.store.schedules.listActive(channel)).length;
  }

  /** Cancels the channel's schedule number `position` (as `list` numbers them); null if there is none. */
  async cancel(channel: ChannelRef, position: number): Promise<PracticeSchedule | null> {
    const schedule = (await this.store.schedules.listActive(channel))[position - 1];
    if (!schedule) return null;
    await this.store.schedules.cancel(schedule.id, this.clock.now());
    await this.queue.unschedule(PRACTICE_PROMPT_JOB, schedulerIdOf(schedule.id)).catch((error: unknown) =>
      this.logger.warn({ operation: 'schedule_cancel', error, metadata: { schedule_id: schedule.id } }, 'Could not remove the scheduler; the reconciler or its next run will'),
    );
    return schedule;
  }

  nextRun(schedule: Pick<PracticeSchedule, 'pattern' | 'tz'>): Date {
    return nextRuns(schedule, this.clock.now(), 1)[0]!;
  }

  /**
   * Every active schedule has its scheduler in the queue, and a cancelled one (of the last 30
   * days) has none. Idempotent; returns how many were put back or removed.
   */
  async reconcile(): Promise<number> {
    const rows = await this.store.schedules.listForReconcile(new Date(this.clock.now().getTime() - CANCELLED_LOOKBACK_MS));
    let changed = 0;
    for (const schedule of rows) {
      const id = schedulerIdOf(schedule.id);
      const present = await this.queue.hasSchedule(PRACTICE_PROMPT_JOB, id);
      if (schedule.cancelledAt === null && !present) {
        await this.register(schedule);
        changed += 1;
      } else if (schedule.cancelledAt !== null && present) {
        await this.queue.unschedule(PRACTICE_PROMPT_JOB, id);
        changed += 1;
      }
    }
    if (changed) this.logger.info({ operation: 'reconcile_practice_schedules', metadata: { changed } }, 'Practice schedules reconciled with the queue');
    return changed;
  }

  private async register(schedule: PracticeSchedule): Promise<void> {
    const data: PracticePromptJobData = { scheduleId: schedule.id };
    await this.queue.schedule(PRACTICE_PROMPT_JOB, schedulerIdOf(schedule.id), { pattern: schedule.pattern, tz: schedule.tz }, data);
  }
}

import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { PracticeSchedule } from '../schedules/practice-schedule.js';
import type { ChannelRef } from './channel-settings-repository.js';
import type { Database, PracticeSchedulesTable } from './schema.js';

function toSchedule(row: Selectable<PracticeSchedulesTable>): PracticeSchedule {
  return {
    id: row.id,
    platform: row.platform as PracticeSchedule['platform'],
    workspaceId: row.workspace_id,
    channelId: row.channel_id,
    spec: row.spec,
    pattern: row.cron_pattern,
    tz: row.tz,
    createdBy: row.created_by,
    createdAt: row.created_at,
    cancelledAt: row.cancelled_at,
  };
}

/** Practice schedules and the prompts they fired. */
export class ScheduleRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(channel: ChannelRef, schedule: { spec: string; pattern: string; tz: string; createdBy: string }, at: Date): Promise<PracticeSchedule> {
    const row = await this.db
      .insertInto('practice_schedules')
      .values({
        id: randomUUID(),
        platform: channel.platform,
        workspace_id: channel.workspaceId,
        channel_id: channel.channelId,
        spec: schedule.spec,
        cron_pattern: schedule.pattern,
        tz: schedule.tz,
        created_by: schedule.createdBy,
        created_at: at,
        cancelled_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSchedule(row);
  }

  /** The channel's active schedules, oldest first: `schedule list` numbers them in this order. */
  async listActive(channel: ChannelRef): Promise<PracticeSchedule[]> {
    const rows = await this.db
      .selectFrom('practice_schedules')
      .selectAll()
      .where('platform', '=', channel.platform)
      .where('workspace_id', '=', channel.workspaceId)
      .where('channel_id', '=', channel.channelId)
      .where(sql<boolean>`cancelled_at is null`)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toSchedule);
  }

  async find(id: string): Promise<PracticeSchedule | null> {
    const row = await this.db.selectFrom('practice_schedules').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toSchedule(row) : null;
  }

  /** True when this call cancelled it (false: already cancelled or unknown). */
  async cancel(id: string, at: Date): Promise<boolean> {
    const result = await this.db.updateTable('practice_schedules').set({ cancelled_at: at }).where('id', '=', id).where(sql<boolean>`cancelled_at is null`).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Every schedule, active or cancelled since `cancelledSince`, for the reconciler. */
  async listForReconcile(cancelledSince: Date): Promise<PracticeSchedule[]> {
    const rows = await this.db
      .selectFrom('practice_schedules')
      .selectAll()
      .where((eb) => eb.or([eb('cancelled_at', 'is', null), eb('cancelled_at', '>=', cancelledSince)]))
      .execute();
    return rows.map(toSchedule);
  }

  /**
   * Claims the prompt owed for one scheduled time, in one statement: the first claim inserts the
   * row, a later one takes it only while it is unposted and nobody holds it (database time
   * decides; a hold lasts `holdSeconds`). `post`: this caller posts it (with the topic stored by
   * the first claim); `posted`: it was posted already; `held`: another worker is posting it now.
   */
  async claimPrompt(scheduleId: string, scheduledFor: Date, topicId: string, at: Date, holdSeconds = 20): Promise<{ state: 'post' | 'posted' | 'held'; topicId: string }> {
    const until = sql<Date>`now() + make_interval(secs => ${holdSeconds})`;
    const claimed = await this.db
      .insertInto('practice_prompts')
      .values({ schedule_id: scheduleId, scheduled_for: scheduledFor, topic_id: topicId, created_at: at, claimed_until: until, attempts: 1 })
      .onConflict((oc) =>
        oc
          .columns(['schedule_id', 'scheduled_for'])
          .doUpdateSet({ claimed_until: until, attempts: sql`practice_prompts.attempts + 1` })
          .where(sql<boolean>`practice_prompts.status <> 'posted' and (practice_prompts.claimed_until is null or practice_prompts.claimed_until < now())`),
      )
      .returning('topic_id')
      .executeTakeFirst();
    if (claimed) return { state: 'post', topicId: claimed.topic_id };
    const row = await this.db.selectFrom('practice_prompts').select(['status', 'topic_id']).where('schedule_id', '=', scheduleId).where('scheduled_for', '=', scheduledFor).executeTakeFirstOrThrow();
    return { state: row.status === 'posted' ? 'posted' : 'held', topicId: row.topic_id };
  }

  /** A post that failed: the next attempt may claim it at once. */
  async releasePrompt(scheduleId: string, scheduledFor: Date): Promise<void> {
    await this.db
      .updateTable('practice_prompts')
      .set({ claimed_until: null })
      .where('schedule_id', '=', scheduleId)
      .where('scheduled_for', '=', scheduledFor)
      .where('status', '<>', 'posted')
      .execute();
  }

  async markPromptPosted(scheduleId: string, scheduledFor: Date, messageId: string, at: Date): Promise<void> {
    await this.db
      .updateTable('practice_prompts')
      .set({ status: 'posted', platform_message_id: messageId, posted_at: at, claimed_until: null })
      .where('schedule_id', '=', scheduleId)
      .where('scheduled_for', '=', scheduledFor)
      .execute();
  }

  async prompts(scheduleId: string): Promise<{ scheduledFor: Date; topicId: string; status: string; attempts: number }[]> {
    const rows = await this.db.selectFrom('practice_prompts').selectAll().where('schedule_id', '=', scheduleId).orderBy('scheduled_for').execute();
    return rows.map((r) => ({ scheduledFor: r.scheduled_for, topicId: r.topic_id, status: r.status, attempts: r.attempts }));
  }
}

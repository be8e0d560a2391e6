import type { Platform } from '../domain/types.js';

/** A channel's scheduled practice, as stored (`practice_schedules`). */
export interface PracticeSchedule {
  id: string;
  platform: Platform;
  workspaceId: string;
  channelId: string;
  /** As the user reads it back: `weekdays 10:00 Europe/Berlin`. */
  spec: string;
  pattern: string;
  tz: string;
  createdBy: string;
  createdAt: Date;
  cancelledAt: Date | null;
}

export const PRACTICE_PROMPT_JOB = 'practice-prompt';

/** What each fire of a schedule's job carries: the schedule's row is the source of truth. */
export interface PracticePromptJobData {
  scheduleId: string;
}

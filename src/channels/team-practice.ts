import type { Clock } from '../domain/ports.js';
import type { ScheduleService } from '../schedules/schedule-service.js';
import type { ChannelRef } from '../storage/channel-settings-repository.js';
import type { ChannelSettings } from './channel-settings.js';

/** What the router needs for channel settings and scheduled practice. */
export interface TeamPractice {
  settings: { get(channel: ChannelRef): Promise<ChannelSettings>; save(channel: ChannelRef, settings: ChannelSettings, at: Date): Promise<void> };
  schedules: ScheduleService;
  clock: Clock;
}

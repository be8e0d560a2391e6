import type { Migration } from 'kysely';
import * as initial from './0001_initial.js';
import * as timersAndPosting from './0002_timers_and_posting.js';
import * as turnsAndDeliveries from './0003_turns_and_deliveries.js';
import * as historyListing from './0004_history_listing.js';
import * as channelSettingsAndSchedules from './0005_channel_settings_and_schedules.js';
import * as progress from './0006_progress.js';
import * as customTemplates from './0007_custom_templates.js';
import * as profiles from './0008_profiles.js';

// Listed statically (not read from the folder at run time) so the set is the same under tsx,
// vitest and any bundler. Names sort in the order they apply.
export const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_timers_and_posting': timersAndPosting,
  '0003_turns_and_deliveries': turnsAndDeliveries,
  '0004_history_listing': historyListing,
  '0005_channel_settings_and_schedules': channelSettingsAndSchedules,
  '0006_progress': progress,
  '0007_custom_templates': customTemplates,
  '0008_profiles': profiles,
};

import type { ColumnType, Generated, JSONColumnType } from 'kysely';

// Kysely's view of the tables created by migrations/. Column names are snake_case as in SQL.
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T extends object | null> = JSONColumnType<T, string, string>;

export interface SessionsTable {
  id: string;
  platform: string;
  workspace_id: string;
  owner_user_id: string;
  owner_display_name: string | null;
  channel_id: string | null;
  thread_id: string | null;
  status: string;
  topic: string | null;
  config: Json<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
  started_at: NullableTimestamp;
  paused_at: NullableTimestamp;
  ended_at: NullableTimestamp;
  active_since: NullableTimestamp;
  active_ms: Generated<number>;
  last_seq: Generated<number>;
  turn_lease_token: string | null;
  turn_lease_until: NullableTimestamp;
  overall_score: number | null;
  timer_generation: Generated<number>;
  interviewer_state: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  last_delivery_seq: Generated<number>;
  delivery_lease_token: string | null;
  delivery_lease_until: NullableTimestamp;
  /** Set with the first candidate message: history lists a completed session only when it is. */
  answered: Generated<boolean>;
}

export interface MessagesTable {
  session_id: string;
  seq: number;
  role: string;
  mode: string;
  content: string;
  author_user_id: string | null;
  platform_message_id: string | null;
  reply_to_seq: number | null;
  metadata: Json<Record<string, unknown>>;
  created_at: Timestamp;
  turn_state: string | null;
}

export interface StateTransitionsTable {
  id: string;
  session_id: string;
  from_status: string;
  to_status: string;
  actor_user_id: string;
  actor_kind: string;
  at: Timestamp;
}

export interface EvaluationsTable {
  session_id: string;
  status: string;
  overall_score: number | null;
  band: string | null;
  dimensions: Json<unknown[]>;
  strengths: Json<string[]>;
  improvements: Json<string[]>;
  summary: string;
  error: string | null;
  attempts: Generated<number>;
  posted_message_id: string | null;
  post_attempted_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UsersTable {
  platform: string;
  workspace_id: string;
  user_id: string;
  display_name: string | null;
  resume_text: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** `/interview leaderboard opt-out` (migration 0006): left out of leaderboards, stats shown only to them. */
  leaderboard_opt_out: Generated<boolean>;
  /** `/interview profile` (migration 0008): `{ role, years, focusAreas }`; the resume is `resume_text`. */
  profile: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
}

export interface ChannelSettingsTable {
  platform: string;
  workspace_id: string;
  channel_id: string;
  settings: Json<Record<string, unknown>>;
  updated_at: Timestamp;
}

/** `/interview schedule` (migration 0005): a cancelled schedule keeps its row. */
export interface PracticeSchedulesTable {
  id: string;
  platform: string;
  workspace_id: string;
  channel_id: string;
  spec: string;
  cron_pattern: string;
  tz: string;
  created_by: string;
  created_at: Timestamp;
  cancelled_at: NullableTimestamp;
}

/** A workspace's custom interview template (migration 0007): primary key (platform, workspace_id, name). */
export interface CustomTemplatesTable {
  platform: string;
  workspace_id: string;
  name: string;
  duration_minutes: number;
  phase_shares: Json<Record<string, number>>;
  topics: Json<string[]>;
  strictness: string;
  created_by: string;
  created_at: Timestamp;
}

/** One row per scheduled time a practice schedule fired for (migration 0005). */
export interface PracticePromptsTable {
  schedule_id: string;
  scheduled_for: Timestamp;
  topic_id: string;
  status: Generated<string>;
  attempts: Generated<number>;
  claimed_until: NullableTimestamp;
  platform_message_id: string | null;
  created_at: Timestamp;
  posted_at: NullableTimestamp;
}

export interface ProcessedEventsTable {
  platform: string;
  workspace_id: string;
  event_id: string;
  processed_at: Timestamp;
}

export interface OutboxTable {
  id: string;
  kind: string;
  dedupe_key: string;
  platform: string;
  workspace_id: string;
  session_id: string | null;
  payload: Json<Record<string, unknown>>;
  created_at: Timestamp;
  dispatched_at: NullableTimestamp;
  attempts: Generated<number>;
  last_error: string | null;
}

export interface DeliveriesTable {
  session_id: string;
  seq: number;
  platform: string;
  workspace_id: string;
  channel_id: string;
  thread_id: string;
  kind: string;
  dedupe_key: string | null;
  message: Json<Record<string, unknown>>;
  message_seq: number | null;
  status: Generated<string>;
  attempts: Generated<number>;
  outcome_unknown: Generated<boolean>;
  claims: Generated<number>;
  not_before: NullableTimestamp;
  placeholder_id: string | null;
  notify_user_id: string | null;
  platform_message_id: string | null;
  last_error: string | null;
  created_at: Timestamp;
  posted_at: NullableTimestamp;
}

export interface Database {
  sessions: SessionsTable;
  messages: MessagesTable;
  state_transitions: StateTransitionsTable;
  evaluations: EvaluationsTable;
  users: UsersTable;
  channel_settings: ChannelSettingsTable;
  practice_schedules: PracticeSchedulesTable;
  practice_prompts: PracticePromptsTable;
  custom_templates: CustomTemplatesTable;
  processed_events: ProcessedEventsTable;
  outbox: OutboxTable;
  deliveries: DeliveriesTable;
}

import { sql, type Kysely } from 'kysely';
import type { WorkspaceScope } from '../domain/types.js';
import type { LeaderboardPeriod } from '../progress/progress-types.js';
import type { Database } from './schema.js';
import { newUserRow } from './user-repository.js';

// The SQL behind `/interview stats` and `/interview leaderboard`: one statement each, every
// number aggregated in the database. Both read completed interviews that were answered (the
// `status = 'completed' and answered` literal matches the partial indexes of migration 0006);
// a score counts when the interview has one (sessions.overall_score, set with a final
// evaluation). Weeks are ISO weeks (Monday 00:00 UTC) and months calendar months, in UTC.

export interface StatsRow {
  sessions: number;
  scored: number;
  average: number | null;
  best: number | null;
  displayName: string | null;
  optedOut: boolean;
  streakWeeks: number;
  activeThisWeek: boolean;
  series: { date: string; overallScore: number }[];
  topics: { topic: string; count: number }[];
  dimensions: { dimension: string; average: number; count: number; recentAverage: number; earlierAverage: number | null }[];
}

export interface LeaderboardQuery extends WorkspaceScope {
  channelId: string;
  period: LeaderboardPeriod;
  /** Whose opt-out flag to report with the board. */
  viewerUserId: string;
  /** Average rank only with at least this many scored interviews. */
  minScored: number;
  /** Rows per ranking (ties at the edge may add a few; the caller cuts). */
  size: number;
  now: Date;
}

export interface LeaderboardEntry {
  userId: string;
  displayName: string;
  sessions: number;
  scored: number;
  average: number | null;
  sessionsRank: number;
  averageRank: number | null;
}

export interface LeaderboardResult {
  since: Date | null;
  viewerOptedOut: boolean;
  entries: LeaderboardEntry[];
}

export class ProgressRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * One user's numbers: counts, average and best score, the score series, topics, per-dimension
   * averages (all, the last `recent`, the ones before) and the weeks-in-a-row streak, counted
   * back from this week, or from last week while this one has no interview yet.
   */
  async stats(user: WorkspaceScope & { userId: string }, now: Date, recent: number): Promise<StatsRow> {
    const { platform, workspaceId, userId } = user;
    const { rows } = await sql<StatsRow>`
      with done as (
        select id, topic, ended_at, overall_score from sessions
        where platform = ${platform} and workspace_id = ${workspaceId} and owner_user_id = ${userId} and status = 'completed' and answered
      ), scored as (
        select id, ended_at, overall_score from done where overall_score is not null
      ), dims as (
        select d.value ->> 'dimension' as dimension, (d.value ->> 'score')::float8 as score,
          row_number() over (partition by d.value ->> 'dimension' order by s.ended_at desc, s.id desc) as nth
        from scored s
        join evaluations e on e.session_id = s.id and e.status = 'completed' and jsonb_typeof(e.dimensions) = 'array'
        cross join lateral jsonb_array_elements(e.dimensions) d
        where jsonb_typeof(d.value -> 'score') = 'number' and jsonb_typeof(d.value -> 'dimension') = 'string'
      ), weeks as (
        select distinct date_trunc('week', ended_at at time zone 'UTC') as w from done where ended_at <= ${now}::timestamptz
      ), this_week as (
        select date_trunc('week', ${now}::timestamptz at time zone 'UTC') as cur
      ), anchor as (
        select exists (select 1 from weeks, this_week where w = cur) as active,
          (select cur from this_week) - case when exists (select 1 from weeks, this_week where w = cur) then interval '0 days' else interval '7 days' end as a
      ), back as (
        select w, row_number() over (order by w desc) - 1 as k from weeks, anchor where w <= anchor.a
      ), who as (
        select display_name, leaderboard_opt_out from users where platform = ${platform} and workspace_id = ${workspaceId} and user_id = ${userId}
      )
      select
        (select count(*)::int from done) as sessions,
        (select count(*)::int from scored) as scored,
        (select round(avg(overall_score)::numeric, 1)::float8 from scored) as average,
        (select max(overall_score) from scored) as best,
        coalesce((select display_name from who),
          (select owner_display_name from sessions where platform = ${platform} and workspace_id = ${workspaceId} and owner_user_id = ${userId}
            and owner_display_name is not null order by created_at desc, id desc limit 1)) as "displayName",
        coalesce((select leaderboard_opt_out from who), false) as "optedOut",
        (select count(*)::int from back, anchor where back.w = anchor.a - back.k * interval '7 days') as "streakWeeks",
        (select active from anchor) as "activeThisWeek",
        (select coalesce(jsonb_agg(jsonb_build_object('date', ended_at, 'overallScore', overall_score) order by ended_at, id), '[]'::jsonb)
          from scored where ended_at is not null) as series,
        (select coalesce(jsonb_agg(jsonb_build_object('topic', topic, 'count', n) order by n desc, topic), '[]'::jsonb)
          from (select topic, count(*)::int as n from done where topic is not null group by topic) t) as topics,
        (select coalesce(jsonb_agg(jsonb_build_object('dimension', dimension, 'average', average, 'count', n, 'recentAverage', recent, 'earlierAverage', earlier) order by dimension), '[]'::jsonb)
          from (select dimension, avg(score) as average, count(*)::int as n,
                  avg(score) filter (where nth <= ${recent}) as recent, avg(score) filter (where nth > ${recent}) as earlier
                from dims group by dimension) x) as dimensions`.execute(this.db);
    return rows[0]!;
  }

  /**
   * A channel's interviews in the period, per person, with both ranks: by interviews completed,
   * and by average score among those with at least `minScored` scored. People who opted out
   * are left out. Rows come back ranked by interviews; the caller orders the second ranking.
   */
  async leaderboard(query: LeaderboardQuery): Promise<LeaderboardResult> {
    const { platform, workspaceId, channelId, period, viewerUserId, minScored, size, now } = query;
    const { rows } = await sql<{
      since: Date | string | null;
      viewer_opted_out: boolean;
      user_id: string | null;
      display_name: string | null;
      sessions: number | null;
      scored: number | null;
      average: number | null;
      sessions_rank: number | null;
      average_rank: number | null;
    }>`
      with period as (
        select case ${period}::text
          when 'week' then date_trunc('week', ${now}::timestamptz at time zone 'UTC') at time zone 'UTC'
          when 'month' then date_trunc('month', ${now}::timestamptz at time zone 'UTC') at time zone 'UTC'
        end as since
      ), per_user as (
        select s.owner_user_id as user_id, count(*)::int as sessions, count(s.overall_score)::int as scored,
          round(avg(s.overall_score)::numeric, 1)::float8 as average
        from sessions s
        where s.platform = ${platform} and s.workspace_id = ${workspaceId} and s.channel_id = ${channelId} and s.status = 'completed' and s.answered
          and s.ended_at >= coalesce((select since from period), '-infinity'::timestamptz)
        group by s.owner_user_id
      ), visible as (
        select p.*, u.display_name
        from per_user p
        left join users u on u.platform = ${platform} and u.workspace_id = ${workspaceId} and u.user_id = p.user_id
        where not coalesce(u.leaderboard_opt_out, false)
      ), ranked as (
        select v.*, rank() over (order by sessions desc)::int as sessions_rank,
          case when scored >= ${minScored} then rank() over (partition by scored >= ${minScored} order by average desc)::int end as average_rank
        from visible v
      ), meta as (
        select (select since from period) as since,
          coalesce((select leaderboard_opt_out from users where platform = ${platform} and workspace_id = ${workspaceId} and user_id = ${viewerUserId}), false) as viewer_opted_out
      )
      -- A name for the few rows shown: the one stored with the person, else their latest interview's (history index).
      select m.since, m.viewer_opted_out, r.user_id, r.sessions, r.scored, r.average, r.sessions_rank, r.average_rank,
        coalesce(r.display_name, (select x.owner_display_name from sessions x
          where x.platform = ${platform} and x.workspace_id = ${workspaceId} and x.owner_user_id = r.user_id and x.owner_display_name is not null
          order by x.created_at desc, x.id desc limit 1), r.user_id) as display_name
      from meta m
      left join ranked r on r.sessions_rank <= ${size} or r.average_rank <= ${size}
      order by r.sessions_rank, r.average desc nulls last, display_name, r.user_id`.execute(this.db);
    const first = rows[0];
    const entries: LeaderboardEntry[] = rows
      .filter((r) => r.user_id !== null)
      .map((r) => ({
        userId: r.user_id!,
        displayName: r.display_name ?? r.user_id!,
        sessions: r.sessions!,
        scored: r.scored!,
        average: r.average,
        sessionsRank: r.sessions_rank!,
        averageRank: r.average_rank,
      }));
    return { since: first?.since ? new Date(first.since) : null, viewerOptedOut: Boolean(first?.viewer_opted_out), entries };
  }

  /** `/interview leaderboard opt-out` (true) or `opt-in` (false), for this user in this workspace. */
  async setLeaderboardOptOut(user: WorkspaceScope & { userId: string; displayName?: string | null }, optOut: boolean, at: Date): Promise<void> {
    await this.db
      .insertInto('users')
      .values({ ...newUserRow(user, at), leaderboard_opt_out: optOut })
      .onConflict((oc) => oc.columns(['platform', 'workspace_id', 'user_id']).doUpdateSet({ leaderboard_opt_out: optOut, updated_at: at }))
      .execute();
  }
}

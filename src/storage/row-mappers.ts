import type { Selectable } from 'kysely';
import type {
  DimensionScore,
  EvaluationReport,
  EvaluationStatus,
  HiringBand,
  Session,
  SessionConfig,
  SessionStatus,
  SessionSummary,
  TranscriptMessage,
} from '../domain/types.js';
import type { EvaluationsTable, MessagesTable, SessionsTable } from './schema.js';

export type SessionRow = Selectable<SessionsTable>;
export type MessageRow = Selectable<MessagesTable>;
export type EvaluationRow = Selectable<EvaluationsTable>;

export function activeDurationMs(row: Pick<SessionRow, 'active_ms' | 'active_since'>, now: Date): number {
  const running = row.active_since ? Math.max(0, now.getTime() - row.active_since.getTime()) : 0;
  return Math.round(Number(row.active_ms) + running);
}

export function toSession(row: SessionRow, now: Date): Session {
  return {
    id: row.id,
    platform: row.platform as Session['platform'],
    workspaceId: row.workspace_id,
    ownerUserId: row.owner_user_id,
    ownerDisplayName: row.owner_display_name,
    channelId: row.channel_id,
    threadId: row.thread_id,
    status: row.status as SessionStatus,
    topic: row.topic,
    config: row.config as unknown as SessionConfig,
    createdAt: row.created_at,
    startedAt: row.started_at,
    pausedAt: row.paused_at,
    endedAt: row.ended_at,
    activeDurationMs: activeDurationMs(row, now),
    overallScore: row.overall_score,
  };
}

export function toSummary(row: SessionRow, now: Date): SessionSummary {
  const { id, topic, status, createdAt, startedAt, endedAt, activeDurationMs: ms, overallScore } = toSession(row, now);
  return { id, topic, status, createdAt, startedAt, endedAt, activeDurationMs: ms, overallScore };
}

export function toMessage(row: MessageRow): TranscriptMessage {
  return {
    sessionId: row.session_id,
    seq: row.seq,
    role: row.role as TranscriptMessage['role'],
    mode: row.mode as TranscriptMessage['mode'],
    content: row.content,
    authorUserId: row.author_user_id,
    platformMessageId: row.platform_message_id,
    replyToSeq: row.reply_to_seq,
    metadata: row.metadata ?? {},
    createdAt: row.created_at,
  };
}

export function toEvaluation(row: EvaluationRow): EvaluationReport {
  return {
    sessionId: row.session_id,
    status: row.status as EvaluationStatus,
    overallScore: row.overall_score,
    band: row.band as HiringBand | null,
    dimensions: row.dimensions as DimensionScore[],
    strengths: row.strengths,
    improvements: row.improvements,
    summary: row.summary,
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

// The types the whole core shares. Adapters and storage translate to and from these;
// nothing here knows about Slack, Discord, SQL or HTTP.

export type Platform = 'slack' | 'discord' | 'console';

/** One Slack workspace, one Discord guild, or one console install: the unit data is scoped by. */
export interface WorkspaceScope {
  platform: Platform;
  workspaceId: string;
}

/** A session addressed inside its workspace; every core call on a session carries one. */
export interface SessionRef extends WorkspaceScope {
  sessionId: string;
}

/** Who asks for something. `system` is the bot itself (timers, auto-end, jobs). */
export interface Actor extends WorkspaceScope {
  userId: string;
  kind: 'user' | 'admin' | 'system';
  displayName?: string;
}

/** The person a session belongs to, as the platform identifies them. */
export interface SessionOwner extends WorkspaceScope {
  userId?: string;
  displayName?: string;
}

export type SessionStatus = 'created' | 'active' | 'paused' | 'completed';
export const LIVE_STATUSES: readonly SessionStatus[] = ['created', 'active', 'paused'];

export type CommunicationMode = 'text' | 'whiteboard' | 'audio';
export const COMMUNICATION_MODES: readonly CommunicationMode[] = ['text', 'whiteboard', 'audio'];

export type AiProvider = 'openai' | 'offline';
export type InterviewTemplate = 'standard' | 'quick' | 'deep-dive';

/** What the candidate shares about themselves; the text is never logged. */
export interface ResumeData {
  userId?: string;
  name?: string;
  /** Private: used by the interviewer's questions, never posted, never logged. */
  text?: string;
  /** What the candidate chose to show in the (public) opening. */
  role?: string;
  years?: number;
  /** From `/interview profile`: what the candidate wants to practise; used by the interviewer, never posted. */
  focusAreas?: string[];
}

export interface SessionConfig {
  enabledModes: CommunicationMode[];
  aiProvider: AiProvider;
  aiModel: string;
  resumeData?: ResumeData;
  durationMinutes: number;
  topic?: string;
  template?: InterviewTemplate;
  /**
   * A workspace's custom template (`/interview template add`), copied here when the session is
   * created, so a later change or removal never alters a running interview. It drives the phase
   * plan and the follow-ups (src/templates/custom-template.ts); `template` is then unset.
   */
  customTemplate?: CustomTemplateConfig;
}

/** A custom template's settings: phase shares in whole percent (summing to 100), topic ids (empty: any). */
export interface CustomTemplateConfig {
  name: string;
  durationMinutes: number;
  phaseShares: Record<string, number>;
  topics: string[];
  strictness: 'lenient' | 'standard' | 'strict';
}

/** Where the interview lives on the platform (a channel and the thread inside it). */
export interface ThreadLocation {
  channelId: string;
  threadId: string;
}

export interface Session {
  id: string;
  platform: Platform;
  workspaceId: string;
  ownerUserId: string;
  ownerDisplayName: string | null;
  channelId: string | null;
  threadId: string | null;
  status: SessionStatus;
  topic: string | null;
  config: SessionConfig;
  createdAt: Date;
  startedAt: Date | null;
  pausedAt: Date | null;
  endedAt: Date | null;
  /** Time spent active, pauses excluded; for a running session, up to now. */
  activeDurationMs: number;
  overallScore: number | null;
}

export type MessageRole = 'interviewer' | 'candidate' | 'observer' | 'system';

export interface TranscriptMessage {
  sessionId: string;
  seq: number;
  role: MessageRole;
  mode: CommunicationMode;
  content: string;
  authorUserId: string | null;
  platformMessageId: string | null;
  /** For an interviewer reply, the seq of the candidate message it answers. */
  replyToSeq: number | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
}

export interface StateTransition {
  sessionId: string;
  fromStatus: SessionStatus;
  toStatus: SessionStatus;
  actorUserId: string;
  actorKind: Actor['kind'];
  at: Date;
}

export type EvaluationStatus = 'pending' | 'completed' | 'failed' | 'insufficient_data';
export type HiringBand = 'strong_hire' | 'hire' | 'lean_no_hire' | 'no_hire';

export interface DimensionScore {
  dimension: string;
  /** 1-4 on the rubric's behavioural anchors. */
  score: number;
  weight: number;
  evidence: string[];
  comment: string;
}

export interface EvaluationReport {
  sessionId: string;
  status: EvaluationStatus;
  overallScore: number | null;
  band: HiringBand | null;
  dimensions: DimensionScore[];
  strengths: string[];
  improvements: string[];
  summary: string;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The scored content an evaluator produces; the manager adds identity and status. */
export type ScoredEvaluation = Pick<
  EvaluationReport,
  'overallScore' | 'band' | 'dimensions' | 'strengths' | 'improvements' | 'summary'
> & { status: Extract<EvaluationStatus, 'completed' | 'insufficient_data'> };

export interface SessionSummary {
  id: string;
  topic: string | null;
  status: SessionStatus;
  createdAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  activeDurationMs: number;
  overallScore: number | null;
}

export interface SessionPage {
  items: SessionSummary[];
  /** Pass back as `cursor` for the next page (older); null on the last page. */
  nextCursor: string | null;
  /** Pass back as `cursor` for the page before (newer); null on the first page. */
  prevCursor: string | null;
  /** With `hideUnanswered`: how many of the owner's interviews were left out for it (all pages). */
  hiddenUnanswered?: number;
  /** Of `hiddenUnanswered`: those cancelled because they could not start (no first question). */
  hiddenNeverStarted?: number;
}

export interface ListSessionsQuery {
  owner: WorkspaceScope & { userId: string };
  status?: SessionStatus;
  /**
   * Leave out finished interviews that never got a single candidate answer (abandoned ones):
   * the history a user pages through. Live interviews are always listed.
   */
  hideUnanswered?: boolean;
  limit?: number;
  offset?: number;
  cursor?: string;
}

export interface CandidateMessageInput {
  author: Actor;
  content: string;
  mode?: CommunicationMode;
  platformMessageId?: string;
  /** Stored with the message: a whiteboard's attachments and diagram, an audio transcript's source. */
  metadata?: Record<string, unknown>;
}

/**
 * A candidate message handed to a session. It is stored (durably, before anything is
 * acknowledged) with a pending turn; a turn worker answers it later, in order.
 */
export interface RecordedMessage {
  message: TranscriptMessage;
  /** This platform message was stored before (a redelivery): nothing new was recorded. */
  duplicate: boolean;
  /** Its turn still waits for the interviewer (true for a redelivery that was never answered). */
  pending: boolean;
}

/** Where a candidate turn stands. */
export type TurnState = 'pending' | 'answered' | 'skipped';

/** A post the bot owes in a session's thread, recorded before it is attempted. */
export interface DeliveryRef extends SessionRef {
  seq: number;
}

export interface StartResult {
  session: Session;
  openingMessage: TranscriptMessage;
}

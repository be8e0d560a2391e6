// The interfaces the core depends on. Implementations are chosen in the composition root
// (src/main.ts) and passed in through constructors.
import type {
  CommunicationMode,
  ScoredEvaluation,
  Session,
  SessionRef,
  TranscriptMessage,
} from './types.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What the interviewer knows about the interview when it speaks. */
export interface InterviewContext {
  session: Session;
  elapsedActiveMs: number;
  remainingActiveMs: number;
}

export interface InterviewerReply {
  content: string;
  /** Free-form notes kept with the message (phase, tokens used, ...). */
  metadata?: Record<string, unknown>;
}

/**
 * What an interviewer keeps between turns, stored with the session: enough to answer the next
 * turn from the messages since `throughSeq` alone, so a turn never re-reads the transcript.
 * Opaque to everything but the interviewer that wrote it (JSON).
 */
export interface InterviewerState {
  /** Every transcript message up to this seq is folded in. */
  throughSeq: number;
  [key: string]: unknown;
}

/** One candidate turn as the interviewer sees it. */
export interface InterviewTurn {
  /** What this interviewer kept after its previous turn; null before its first. */
  state: InterviewerState | null;
  /**
   * Transcript messages in order, ending with the candidate message to answer: every message
   * after `state.throughSeq` (the whole transcript when state is null) and at least the last
   * `recentMessages` of them.
   */
  messages: readonly TranscriptMessage[];
}

export interface InterviewerTurnReply extends InterviewerReply {
  /** The state after this turn, for the next one (throughSeq: the message answered). */
  state: InterviewerState;
}

/**
 * The interviewer holds nothing in memory between calls: everything comes in the context, the
 * kept state and the recent messages, so any process can answer any turn.
 */
export interface AiInterviewer {
  /** How many recent messages a turn needs word for word (an LLM's window). */
  readonly recentMessages: number;
  /** True when replies take seconds and stream (show progress); false when they are instant. */
  readonly streams: boolean;
  /** Checks the session can be interviewed (topic, resume, provider) before it starts. */
  initialize(context: InterviewContext): Promise<void>;
  openingQuestion(context: InterviewContext): Promise<InterviewerReply>;
  reply(context: InterviewContext, turn: InterviewTurn, options?: ReplyOptions): Promise<InterviewerTurnReply>;
}

export interface ReplyOptions {
  /** Called with each piece of the reply as it is produced (streaming adapters show progress). */
  onDelta?: (delta: string) => void;
}

/** Scores a finished interview; storing and idempotency belong to the EvaluationManager. */
export interface EvaluationScorer {
  score(session: Session, transcript: readonly TranscriptMessage[]): Promise<ScoredEvaluation>;
}

export interface CommunicationManagerPort {
  enableMode(sessionId: string, mode: CommunicationMode): void;
  disableAll(sessionId: string): void;
  activeModes(sessionId: string): CommunicationMode[];
}

export interface JobOptions {
  /** Same id twice is one job (the second enqueue is ignored while the first exists). */
  jobId?: string;
  delayMs?: number;
  attempts?: number;
  backoffMs?: number;
}

export interface JobMeta {
  jobId: string;
  /** 1 for the first run. */
  attempt: number;
  maxAttempts: number;
  /** A job made by a cron schedule (`schedule`): the time it was due, the same on every retry. */
  scheduledFor?: Date;
}

/** When a cron schedule runs: a 5-field pattern (6 with leading seconds) in an IANA zone. */
export interface CronSchedule {
  pattern: string;
  tz: string;
}

export type JobHandler<T> = (data: T, meta: JobMeta) => Promise<void>;

/**
 * Background jobs. Two drivers (BullMQ on Redis, in-process) with the semantics the jobs rely
 * on: job-id dedupe while a job waits or runs, attempts with exponential backoff, delays,
 * repeatable schedules, cancellation and a bounded graceful close.
 */
export interface JobQueue {
  enqueue<T>(name: string, data: T, options?: JobOptions): Promise<void>;
  /** Several jobs in one go (one round trip on Redis); the same semantics as enqueue, each. */
  enqueueMany(jobs: { name: string; data: unknown; options?: JobOptions }[]): Promise<void>;
  process<T>(name: string, handler: JobHandler<T>): void;
  /** Cancels a waiting or delayed job; a running or unknown one is left alone. */
  remove(name: string, jobId: string): Promise<void>;
  /** Runs `name` every `everyMs`; the same scheduleId again replaces the schedule. */
  repeat<T>(name: string, scheduleId: string, everyMs: number, data: T): Promise<void>;
  /**
   * Runs `name` at every time `cron` gives, in its zone (daylight-saving changes included); the
   * same scheduleId again replaces the schedule. One job per due time, its `meta.scheduledFor`.
   */
  schedule<T>(name: string, scheduleId: string, cron: CronSchedule, data: T): Promise<void>;
  /** Removes a schedule made by `schedule` (or `repeat`); an unknown id is not an error. */
  unschedule(name: string, scheduleId: string): Promise<void>;
  /** Whether a schedule with this id exists (the reconciler asks before putting one back). */
  hasSchedule(name: string, scheduleId: string): Promise<boolean>;
  /** Stops taking work, waits up to timeoutMs for running jobs, releases connections. */
  close(timeoutMs?: number): Promise<void>;
  /** Rejects when the queue's backing service (Redis) does not answer; `/readyz` asks. */
  ping(): Promise<void>;
}

export type EvaluationJobData = SessionRef;
export const EVALUATION_JOB = 'evaluate-session';

/** Session timers: arm after start/resume, disarm after pause/end, fire for warnings and auto-end. */
export const TIMER_JOBS = { arm: 'arm-timers', disarm: 'disarm-timers', fire: 'session-timer' } as const;
export interface TimerJobData extends SessionRef {
  generation: number;
}

/** Answer a session's pending candidate turns, oldest first (job id from the message). */
export const TURN_JOB = 'answer-turn';
/** Post a session's pending deliveries, oldest first. */
export const DELIVERY_JOB = 'deliver';
export type SessionJobData = SessionRef;

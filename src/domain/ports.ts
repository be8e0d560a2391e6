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
 * The interviewer is stateless between calls: everything it needs comes in the context and the
 * transcript, so any process can answer any turn.
 */
export interface AiInterviewer {
  /** Checks the session can be interviewed (topic, resume, provider) before it starts. */
  initialize(context: InterviewContext): Promise<void>;
  openingQuestion(context: InterviewContext): Promise<InterviewerReply>;
  reply(context: InterviewContext, transcript: readonly TranscriptMessage[], options?: ReplyOptions): Promise<InterviewerReply>;
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
}

export type JobHandler<T> = (data: T, meta: JobMeta) => Promise<void>;

/**
 * Background jobs. Two drivers (BullMQ on Redis, in-process) with the semantics the jobs rely
 * on: job-id dedupe while a job waits or runs, attempts with exponential backoff, delays,
 * repeatable schedules, cancellation and a bounded graceful close.
 */
export interface JobQueue {
  enqueue<T>(name: string, data: T, options?: JobOptions): Promise<void>;
  process<T>(name: string, handler: JobHandler<T>): void;
  /** Cancels a waiting or delayed job; a running or unknown one is left alone. */
  remove(name: string, jobId: string): Promise<void>;
  /** Runs `name` every `everyMs`; the same scheduleId again replaces the schedule. */
  repeat<T>(name: string, scheduleId: string, everyMs: number, data: T): Promise<void>;
  /** Stops taking work, waits up to timeoutMs for running jobs, releases connections. */
  close(timeoutMs?: number): Promise<void>;
}

export type EvaluationJobData = SessionRef;
export const EVALUATION_JOB = 'evaluate-session';

/** Session timers: arm after start/resume, disarm after pause/end, fire for warnings and auto-end. */
export const TIMER_JOBS = { arm: 'arm-timers', disarm: 'disarm-timers', fire: 'session-timer' } as const;
export interface TimerJobData extends SessionRef {
  generation: number;
}

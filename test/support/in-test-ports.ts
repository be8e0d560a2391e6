import { InterviewPlatformError } from '../../src/domain/errors.js';
import type { AiInterviewer, EvaluationScorer, InterviewContext, InterviewerReply, InterviewerTurnReply, InterviewTurn, ReplyOptions } from '../../src/domain/ports.js';
import type { ScoredEvaluation, Session, TranscriptMessage } from '../../src/domain/types.js';

// Simple implementations of the interviewer and scorer ports for the session-core tests. Their
// answers are derived from their input, so a test can tell which message a reply answered.

export class EchoInterviewer implements AiInterviewer {
  // The whole transcript up to the answered message, so `seen` counts every message.
  readonly recentMessages = 10_000;
  /** Set true to be treated as a slow, streaming interviewer (placeholder and edits). */
  streams = false;
  initialized: string[] = [];
  failOn: 'initialize' | 'opening' | 'reply' | 'rate-limit' | null = null;
  /** Fails this many replies, then answers again. */
  replyFailuresLeft = 0;
  replyDelayMs = 0;
  replies = 0;

  async initialize(context: InterviewContext): Promise<void> {
    if (this.failOn === 'initialize') throw new Error('interviewer init exploded');
    this.initialized.push(context.session.id);
  }

  async openingQuestion(context: InterviewContext): Promise<InterviewerReply> {
    if (this.failOn === 'opening') throw new Error('LLM unavailable');
    const name = context.session.config.resumeData?.name;
    return {
      content: `${name ? `Hi ${name}. ` : ''}Let's design ${context.session.topic ?? 'a system'}. What are the requirements?`,
      metadata: { phase: 'requirements' },
    };
  }

  async reply(context: InterviewContext, turn: InterviewTurn, options: ReplyOptions = {}): Promise<InterviewerTurnReply> {
    if (this.failOn === 'reply') throw new Error('LLM 500');
    if (this.failOn === 'rate-limit') throw new InterviewPlatformError('RATE_LIMITED', 'OpenAI rate limit');
    if (this.replyFailuresLeft > 0) {
      this.replyFailuresLeft -= 1;
      throw new Error('LLM 500');
    }
    if (this.replyDelayMs) await new Promise((r) => setTimeout(r, this.replyDelayMs));
    this.replies += 1;
    const last = turn.messages.at(-1);
    const content = `re:${last?.content ?? ''}`;
    // Streams in two pieces, as a streaming LLM would.
    options.onDelta?.(content.slice(0, 3));
    options.onDelta?.(content.slice(3));
    return {
      content,
      metadata: { remaining_ms: context.remainingActiveMs, seen: turn.messages.length },
      state: { throughSeq: last?.seq ?? 0 },
    };
  }
}

/** Scores by how many candidate answers there are; fewer than two is too little to judge. */
export class CountingScorer implements EvaluationScorer {
  calls = 0;
  failuresLeft = 0;
  delayMs = 0;

  async score(_session: Session, transcript: readonly TranscriptMessage[]): Promise<ScoredEvaluation> {
    this.calls += 1;
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('scorer down');
    }
    const answers = transcript.filter((m) => m.role === 'candidate');
    if (answers.length < 2) {
      return { status: 'insufficient_data', overallScore: null, band: null, dimensions: [], strengths: [], improvements: [], summary: 'Too short to judge.' };
    }
    const overall = Math.min(100, answers.length * 10);
    return {
      status: 'completed',
      overallScore: overall,
      band: overall >= 60 ? 'hire' : 'no_hire',
      dimensions: [{ dimension: 'communication', score: 3, weight: 1, evidence: [answers[0]!.content.slice(0, 40)], comment: 'clear' }],
      strengths: ['Answered every question'],
      improvements: ['Go deeper on scaling'],
      summary: `${answers.length} answers`,
    };
  }
}

/**
 * The offline interviewer made slow and streaming, as an LLM is: the bot then shows progress
 * (a placeholder on Slack, typing on Discord) and, with `deltas`, streams the reply into it.
 */
export class StreamingInterviewer implements AiInterviewer {
  readonly streams = true;
  readonly recentMessages: number;
  deltas = false;
  /** Replies that fail (after thinking a while) before the next one succeeds. */
  failures = 0;

  constructor(
    private readonly inner: AiInterviewer,
    private readonly delayMs = 30,
  ) {
    this.recentMessages = inner.recentMessages;
  }

  initialize(context: InterviewContext): Promise<void> {
    return this.inner.initialize(context);
  }

  openingQuestion(context: InterviewContext): Promise<InterviewerReply> {
    return this.inner.openingQuestion(context);
  }

  async reply(context: InterviewContext, turn: InterviewTurn, options: ReplyOptions = {}): Promise<InterviewerTurnReply> {
    if (this.failures > 0) {
      this.failures -= 1;
      await new Promise((r) => setTimeout(r, this.delayMs));
      throw new Error('the model failed');
    }
    const reply = await this.inner.reply(context, turn);
    if (this.deltas) options.onDelta?.(reply.content.slice(0, 10));
    await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.deltas) options.onDelta?.(reply.content.slice(10));
    return reply;
  }
}

import type OpenAI from 'openai';
import { firstTokenTimeout, fromOpenAiError } from '../../ai/openai-errors.js';
import type { AiInterviewer, InterviewContext, InterviewerReply, InterviewerTurnReply, InterviewTurn, ReplyOptions } from '../../domain/ports.js';
import type { Logger } from '../../logging/logger.js';
import type { TopicCatalog } from '../catalog/topic-catalog.js';
import { templateFor } from '../catalog/templates.js';
import { planNextTurn } from '../offline/next-turn.js';
import { resumeIntro } from '../resume-intro.js';
import { resolveTopic } from '../topic-resolution.js';
import { saveState, stateForTurn } from '../transcript-state.js';
import { conversation, systemPrompt, type PromptBudget } from './interview-prompt.js';

type ChatMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;

export interface OpenAiInterviewerOptions {
  model: string;
  /** Give up when the reply has not started by then (a server that accepts and never answers). */
  firstTokenTimeoutMs: number;
  /** For messages naming the service; the client holds the real setting. */
  baseUrl?: string;
  maxOutputTokens: number;
  temperature: number;
  budget: PromptBudget;
}

export const DEFAULT_INTERVIEWER_OPTIONS: Omit<OpenAiInterviewerOptions, 'model' | 'baseUrl'> = {
  firstTokenTimeoutMs: 20_000,
  maxOutputTokens: 400,
  temperature: 0.4,
  budget: { maxPromptTokens: 6_000, recentMessages: 12, maxMessageChars: 8_000 },
};

/**
 * The LLM interviewer. The deterministic planner decides the phase and the next move (so timing
 * and coverage behave exactly as offline); the model turns that into a natural question that
 * reacts to the candidate's words. The plan's notes are stored with the reply for the next turn.
 */
export class OpenAiInterviewer implements AiInterviewer {
  readonly streams = true;

  constructor(
    private readonly client: OpenAI,
    private readonly catalog: TopicCatalog,
    private readonly logger: Logger,
    private readonly options: OpenAiInterviewerOptions,
  ) {}

  get recentMessages(): number {
    return this.options.budget.recentMessages;
  }

  async initialize(context: InterviewContext): Promise<void> {
    resolveTopic(this.catalog, context.session);
  }

  async openingQuestion(context: InterviewContext): Promise<InterviewerReply> {
    const topic = resolveTopic(this.catalog, context.session);
    const template = templateFor(context.session.config.template);
    const intro = resumeIntro(context.session.config.resumeData, topic);
    const system = systemPrompt(topic, template, context, null, null);
    const messages: ChatMessage[] = [
      { role: 'system', content: system },
      {
        role: 'user',
        content: `Open the interview: greet the candidate in one short sentence${intro ? ` (context: ${intro.trim()})` : ''}, state the problem, mention we have ${context.session.config.durationMinutes} minutes, and ask your first requirements question.`,
      },
    ];
    const { content, usage } = await this.complete(messages, context.session.id, 'opening_question');
    return { content, metadata: { phase: 'requirements', kind: 'opening', topic: topic.id, ...usage } };
  }

  async reply(context: InterviewContext, turn: InterviewTurn, options: ReplyOptions = {}): Promise<InterviewerTurnReply> {
    const topic = resolveTopic(this.catalog, context.session);
    const template = templateFor(context.session.config.template);
    const clock = { elapsedActiveMs: context.elapsedActiveMs, remainingActiveMs: context.remainingActiveMs, durationMinutes: context.session.config.durationMinutes };
    const state = stateForTurn(topic, turn);
    const plan = planNextTurn(topic, template, clock, state);
    const system = systemPrompt(topic, template, context, state, plan);
    const { messages, summarized } = conversation(turn.messages, [...state.interviewerTexts], system, this.options.budget);
    const { content, usage } = await this.complete(messages, context.session.id, 'interviewer_reply', options.onDelta, summarized);
    return { content, metadata: { ...plan.notes, topic: topic.id, ...usage }, state: saveState(state) };
  }

  private async complete(messages: ChatMessage[], sessionId: string, operation: string, onDelta?: (delta: string) => void, summarized = 0) {
    const request = {
      model: this.options.model,
      messages,
      max_completion_tokens: this.options.maxOutputTokens,
      temperature: this.options.temperature,
    };
    const info = { baseUrl: this.options.baseUrl, model: this.options.model };
    // Always streamed, so a server that accepts the request and never answers is given up on
    // at the first-token timeout, well before the overall one.
    const abort = new AbortController();
    const firstToken = setTimeout(() => abort.abort(), this.options.firstTokenTimeoutMs);
    let started = false;
    let content = '';
    let usage: OpenAI.CompletionUsage | undefined;
    try {
      const stream = await this.client.chat.completions.create({ ...request, stream: true, stream_options: { include_usage: true } }, { signal: abort.signal });
      for await (const chunk of stream) {
        if (!started) {
          started = true;
          clearTimeout(firstToken);
        }
        const delta = chunk.choices[0]?.delta?.content ?? '';
        if (delta) {
          content += delta;
          onDelta?.(delta);
        }
        if (chunk.usage) usage = chunk.usage;
      }
    } catch (error) {
      if (!started && abort.signal.aborted) throw firstTokenTimeout(operation, this.options.firstTokenTimeoutMs, info);
      throw fromOpenAiError(error, operation, info);
    } finally {
      clearTimeout(firstToken);
    }
    content = content.trim();
    if (!content) throw fromOpenAiError(new Error('empty completion'), operation, info);
    const tokens = { prompt_tokens: usage?.prompt_tokens ?? null, completion_tokens: usage?.completion_tokens ?? null };
    this.logger.info({ component: 'OpenAiInterviewer', operation, session_id: sessionId, metadata: { model: this.options.model, ...tokens, summarized_messages: summarized } }, 'LLM turn');
    return { content, usage: tokens };
  }
}

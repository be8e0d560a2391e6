import type OpenAI from 'openai';
import { firstTokenTimeout, fromOpenAiError } from '../../ai/openai-errors.js';
import { withImages, type VisionInput } from '../../ai/vision-input.js';
import { attachmentsOf } from '../../attachments/attachment.js';
import type { AiInterviewer, InterviewContext, InterviewerReply, InterviewerTurnReply, InterviewTurn, ReplyOptions } from '../../domain/ports.js';
import type { Logger } from '../../logging/logger.js';
import type { TopicCatalog } from '../catalog/topic-catalog.js';
import { sessionTemplate } from '../../templates/custom-template.js';
import { planNextTurn } from '../offline/next-turn.js';
import { whiteboardReply } from '../offline/whiteboard-reply.js';
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
  /** OPENAI_VISION_MODEL: a whiteboard image goes to this model with the conversation. */
  vision?: VisionInput;
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
    const template = sessionTemplate(context.session.config);
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
    const template = sessionTemplate(context.session.config);
    const clock = { elapsedActiveMs: context.elapsedActiveMs, remainingActiveMs: context.remainingActiveMs, durationMinutes: context.session.config.durationMinutes };
    const state = stateForTurn(topic, turn);
    const plan = planNextTurn(topic, template, clock, state);
    const system = systemPrompt(topic, template, context, state, plan);
    const { messages, summarized } = conversation(turn.messages, [...state.interviewerTexts], system, this.options.budget);
    // A whiteboard image: shown to the vision model (the last user message gains the image), or,
    // when there is none or the image cannot be read, said plainly without asking any model.
    const latest = turn.messages.at(-1);
    const images = latest?.mode === 'whiteboard' ? attachmentsOf(latest.metadata).filter((a) => a.kind === 'image') : [];
    let model = this.options.model;
    if (latest && images.length > 0) {
      const urls = this.options.vision ? await this.imageUrls(images, context.session.platform, context.session.id) : undefined;
      const last = messages.at(-1);
      if (urls && this.options.vision && last?.role === 'user' && typeof last.content === 'string') {
        messages[messages.length - 1] = { role: 'user', content: withImages(last.content, urls) };
        model = this.options.vision.model;
      } else {
        const plain = whiteboardReply(latest, false, urls === undefined && this.options.vision ? 'unavailable' : 'no-vision');
        if (plain) {
          options.onDelta?.(plain);
          return { content: plain, metadata: { phase: state.phase, kind: 'whiteboard', topic: topic.id }, state: saveState(state) };
        }
      }
    }
    const { content, usage } = await this.complete(messages, context.session.id, 'interviewer_reply', options.onDelta, summarized, model);
    return { content, metadata: { ...plan.notes, topic: topic.id, ...usage }, state: saveState(state) };
  }

  /** The images' URLs for the vision model; undefined when one cannot be read (logged, never with a token). */
  private async imageUrls(images: ReturnType<typeof attachmentsOf>, platform: InterviewContext['session']['platform'], sessionId: string): Promise<string[] | undefined> {
    try {
      return await Promise.all(images.map((image) => this.options.vision!.imageUrl(image, platform)));
    } catch (error) {
      this.logger.warn({ component: 'OpenAiInterviewer', operation: 'whiteboard_image', session_id: sessionId, metadata: { reason: error instanceof Error ? error.message : String(error) } }, 'A whiteboard image could not be read for the vision model');
      return undefined;
    }
  }

  private async complete(messages: ChatMessage[], sessionId: string, operation: string, onDelta?: (delta: string) => void, summarized = 0, model = this.options.model) {
    const request = {
      model,
      messages,
      max_completion_tokens: this.options.maxOutputTokens,
      temperature: this.options.temperature,
    };
    const info = { baseUrl: this.options.baseUrl, model };
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
    this.logger.info({ component: 'OpenAiInterviewer', operation, session_id: sessionId, metadata: { model, ...tokens, summarized_messages: summarized } }, 'LLM turn');
    return { content, usage: tokens };
  }
}

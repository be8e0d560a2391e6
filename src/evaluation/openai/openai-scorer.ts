import type OpenAI from 'openai';
import { fromOpenAiError } from '../../ai/openai-errors.js';
import { InterviewPlatformError } from '../../domain/errors.js';
import type { EvaluationScorer } from '../../domain/ports.js';
import type { ScoredEvaluation, Session, TranscriptMessage } from '../../domain/types.js';
import type { Topic } from '../../interviewer/catalog/catalog-schema.js';
import type { TopicCatalog } from '../../interviewer/catalog/topic-catalog.js';
import { resolveTopic } from '../../interviewer/topic-resolution.js';
import type { Logger } from '../../logging/logger.js';
import { withoutAsides, type TranscriptLine } from '../answers.js';
import { isVerbatim } from '../evidence.js';
import { insufficientData } from '../insufficient-data.js';
import { RUBRIC, scoreOverall, type Rubric } from '../rubric/rubric.js';
import { transcriptFacts } from '../transcript-facts.js';
import { evaluationJsonSchema, evaluationOutputSchema, evaluationSystemPrompt, transcriptForGrading, type EvaluationOutput } from './evaluation-prompt.js';

type ChatMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;

export interface OpenAiScorerOptions {
  model: string;
  maxOutputTokens: number;
  maxMessageChars: number;
}

/**
 * The LLM grader: structured output validated with zod, every evidence quote checked to be the
 * candidate's verbatim words (others are dropped), one repair round when the output is invalid,
 * then a clear failure. Overall score and band come from the rubric in code, not from the model.
 */
export class OpenAiScorer implements EvaluationScorer {
  constructor(
    private readonly client: OpenAI,
    private readonly catalog: TopicCatalog,
    private readonly logger: Logger,
    private readonly options: OpenAiScorerOptions,
    private readonly rubric: Rubric = RUBRIC,
  ) {}

  async score(session: Session, transcript: readonly TranscriptMessage[]): Promise<ScoredEvaluation> {
    return this.scoreTranscript(resolveTopic(this.catalog, session), transcript, session.id);
  }

  async scoreTranscript(topic: Topic, fullTranscript: readonly TranscriptLine[], sessionId = 'cli'): Promise<ScoredEvaluation> {
    // Injection attempts and small talk are not graded at all: the model never sees them.
    const transcript = withoutAsides(topic, fullTranscript);
    const facts = transcriptFacts(transcript);
    const tooShort = insufficientData(facts, this.rubric);
    if (tooShort) return tooShort;
    const messages: ChatMessage[] = [
      { role: 'system', content: evaluationSystemPrompt(topic, this.rubric) },
      { role: 'user', content: `Grade this interview.\n\n${transcriptForGrading(transcript, this.options.maxMessageChars)}` },
    ];
    let problems: string[] = [];
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const raw = await this.complete(messages, sessionId);
      const checked = this.check(raw, facts.candidateTexts);
      if ('output' in checked) return this.toScored(checked.output);
      problems = checked.problems;
      this.logger.warn({ component: 'OpenAiScorer', operation: 'generate_evaluation', session_id: sessionId, metadata: { attempt, problems } }, 'Invalid evaluation output');
      messages.push({ role: 'assistant', content: raw }, { role: 'user', content: `Your answer had these problems:\n- ${problems.join('\n- ')}\nReturn the whole corrected JSON.` });
    }
    throw new InterviewPlatformError('COMPONENT_FAILURE', 'LLM evaluation invalid after one repair attempt', {
      userMessage: 'The evaluation could not be written reliably; it will be retried.',
      context: { session_id: sessionId, problems },
    });
  }

  private check(raw: string, candidateTexts: string[]): { output: EvaluationOutput } | { problems: string[] } {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return { problems: ['The output was not valid JSON.'] };
    }
    const parsed = evaluationOutputSchema(this.rubric).safeParse(json);
    if (!parsed.success) return { problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
    const problems: string[] = [];
    const dimensions = parsed.data.dimensions.map((d) => {
      const evidence = d.evidence.filter((quote) => isVerbatim(quote, candidateTexts));
      const dropped = d.evidence.filter((quote) => !evidence.includes(quote));
      if (dropped.length) this.logger.debug({ component: 'OpenAiScorer', operation: 'verify_evidence', metadata: { dimension: d.dimension, dropped: dropped.length } }, 'Dropped non-verbatim quotes');
      // No quote is allowed (nothing relevant was said); quotes that are not verbatim are not.
      if (evidence.length === 0 && d.evidence.length > 0) problems.push(`${d.dimension}: no evidence quote appears verbatim in the candidate's messages; copy their exact words.`);
      return { ...d, evidence };
    });
    return problems.length ? { problems } : { output: { ...parsed.data, dimensions } };
  }

  private toScored(output: EvaluationOutput): ScoredEvaluation {
    const scores = Object.fromEntries(output.dimensions.map((d) => [d.dimension, d.score]));
    const { overall, band } = scoreOverall(scores, this.rubric);
    const weights = new Map(this.rubric.dimensions.map((d) => [d.id, d.weight]));
    return {
      status: 'completed',
      overallScore: overall,
      band,
      dimensions: this.rubric.dimensions.map((rd) => {
        const d = output.dimensions.find((x) => x.dimension === rd.id)!;
        return { dimension: d.dimension, score: d.score, weight: weights.get(d.dimension) ?? 0, evidence: d.evidence, comment: d.comment };
      }),
      strengths: output.strengths,
      improvements: output.improvements,
      summary: output.summary,
    };
  }

  private async complete(messages: ChatMessage[], sessionId: string): Promise<string> {
    try {
      const completion = await this.client.chat.completions.create({
        model: this.options.model,
        messages,
        max_completion_tokens: this.options.maxOutputTokens,
        temperature: 0,
        response_format: { type: 'json_schema', json_schema: { name: 'interview_evaluation', strict: true, schema: evaluationJsonSchema(this.rubric) } },
      });
      this.logger.info(
        { component: 'OpenAiScorer', operation: 'generate_evaluation', session_id: sessionId, metadata: { model: this.options.model, prompt_tokens: completion.usage?.prompt_tokens, completion_tokens: completion.usage?.completion_tokens } },
        'LLM evaluation call',
      );
      return completion.choices[0]?.message?.content ?? '';
    } catch (error) {
      throw fromOpenAiError(error, 'generate_evaluation', { model: this.options.model });
    }
  }
}

import { createOpenAiClient } from '../ai/openai-client.js';
import { probeOpenAi } from '../ai/openai-errors.js';
import type { AppConfig } from '../config/config.js';
import type { AiInterviewer, EvaluationScorer } from '../domain/ports.js';
import { OfflineScorer } from '../evaluation/offline/offline-scorer.js';
import { OpenAiScorer } from '../evaluation/openai/openai-scorer.js';
import type { TopicCatalog } from '../interviewer/catalog/topic-catalog.js';
import { OfflineInterviewer } from '../interviewer/offline/offline-interviewer.js';
import { DEFAULT_INTERVIEWER_OPTIONS, OpenAiInterviewer } from '../interviewer/openai/openai-interviewer.js';
import type { Logger } from '../logging/logger.js';

export interface AiProviders {
  kind: 'openai' | 'offline';
  /** A cheap first request: null when the AI service answers, else what to fix (start-up warns). */
  probe?(): Promise<string | null>;
  model: string;
  interviewer: AiInterviewer;
  scorer: EvaluationScorer;
}

/** OpenAI (or any compatible server) when a key is set; otherwise the offline interviewer and scorer. */
export function createAiProviders(config: AppConfig, catalog: TopicCatalog, logger: Logger): AiProviders {
  if (!config.openai.apiKey) {
    return { kind: 'offline', model: 'offline', interviewer: new OfflineInterviewer(catalog), scorer: new OfflineScorer(catalog) };
  }
  const client = createOpenAiClient({
    apiKey: config.openai.apiKey,
    baseUrl: config.openai.baseUrl,
    timeoutMs: config.openai.timeoutMs,
    maxRetries: config.openai.maxRetries,
  });
  return {
    kind: 'openai',
    model: config.openai.model,
    probe: () => probeOpenAi(client, { baseUrl: config.openai.baseUrl, model: config.openai.model }),
    interviewer: new OpenAiInterviewer(client, catalog, logger, { ...DEFAULT_INTERVIEWER_OPTIONS, model: config.openai.model, baseUrl: config.openai.baseUrl, firstTokenTimeoutMs: config.openai.firstTokenTimeoutMs }),
    scorer: new OpenAiScorer(client, catalog, logger, { model: config.openai.model, maxOutputTokens: 2_000, maxMessageChars: 6_000 }),
  };
}

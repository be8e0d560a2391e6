import { originOf, type DownloadSettings } from '../attachments/download.js';
import type { Transcriber, VoicePolicy } from '../attachments/voice-policy.js';
import type { AppConfig } from '../config/config.js';
import type { AiInterviewer, EvaluationScorer } from '../domain/ports.js';
import { OfflineScorer } from '../evaluation/offline/offline-scorer.js';
import type { TopicCatalog } from '../interviewer/catalog/topic-catalog.js';
import { OfflineInterviewer } from '../interviewer/offline/offline-interviewer.js';
import type { Logger } from '../logging/logger.js';

export interface AiProviders {
  kind: 'openai' | 'offline';
  /** A cheap first request: null when the AI service answers, else what to fix (start-up warns). */
  probe?(): Promise<string | null>;
  model: string;
  interviewer: AiInterviewer;
  scorer: EvaluationScorer;
  /** Voice messages: taken only with a transcriber (OPENAI_API_KEY); the limits apply either way. */
  voice?: VoicePolicy;
  transcriber?: Transcriber;
}

/**
 * OpenAI (or any compatible server) when a key is set; otherwise the offline interviewer and
 * scorer. The OpenAI client is loaded only when configured (start-up time and memory).
 */
export async function createAiProviders(config: AppConfig, catalog: TopicCatalog, logger: Logger): Promise<AiProviders> {
  const limits = { maxBytes: config.attachments.voiceMaxBytes, maxSeconds: config.attachments.voiceMaxSeconds };
  if (!config.openai.apiKey) {
    return { kind: 'offline', model: 'offline', interviewer: new OfflineInterviewer(catalog), scorer: new OfflineScorer(catalog), voice: { enabled: false, limits } };
  }
  // Files are read by the turn worker; the Slack token goes only to Slack's file host (or SLACK_API_URL's origin).
  const download: DownloadSettings = { slackBotToken: config.slack.botToken, slackOrigins: originOf(config.slack.apiUrl), discordOrigins: originOf(config.discord.apiUrl), timeoutMs: config.openai.timeoutMs };
  const [{ createOpenAiClient }, { probeOpenAi }, { OpenAiScorer }, { DEFAULT_INTERVIEWER_OPTIONS, OpenAiInterviewer }, { openAiTranscriber }, { visionInput }] = await Promise.all([
    import('../ai/openai-client.js'),
    import('../ai/openai-errors.js'),
    import('../evaluation/openai/openai-scorer.js'),
    import('../interviewer/openai/openai-interviewer.js'),
    import('../attachments/transcription.js'),
    import('../ai/vision-input.js'),
  ]);
  const vision = config.openai.visionModel ? visionInput(config.openai.visionModel, config.attachments.imageMaxBytes, download) : undefined;
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
    interviewer: new OpenAiInterviewer(client, catalog, logger, { ...DEFAULT_INTERVIEWER_OPTIONS, model: config.openai.model, baseUrl: config.openai.baseUrl, firstTokenTimeoutMs: config.openai.firstTokenTimeoutMs, vision }),
    scorer: new OpenAiScorer(client, catalog, logger, { model: config.openai.model, maxOutputTokens: 2_000, maxMessageChars: 6_000 }),
    voice: { enabled: true, limits },
    transcriber: openAiTranscriber(client, config.openai.transcribeModel, limits, download),
  };
}

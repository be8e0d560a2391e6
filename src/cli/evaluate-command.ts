import { createAiProviders } from '../app/ai-providers.js';
import type { AppConfig } from '../config/config.js';
import { scoreTranscriptOffline } from '../evaluation/offline/offline-scorer.js';
import { OpenAiScorer } from '../evaluation/openai/openai-scorer.js';
import { linesOf, readTranscriptFile } from '../evaluation/quality/transcript-file.js';
import { TopicCatalog } from '../interviewer/catalog/topic-catalog.js';
import { resolveTopic } from '../interviewer/topic-resolution.js';
import type { Logger } from '../logging/logger.js';

/** `npm run cli -- evaluate FILE`: scores a transcript file and prints the evaluation as JSON. */
export async function evaluateFile(path: string, config: AppConfig, logger: Logger): Promise<string> {
  const file = await readTranscriptFile(path);
  const lines = linesOf(file);
  const catalog = new TopicCatalog();
  const topic = resolveTopic(catalog, { id: path, topic: file.topic });
  const providers = createAiProviders(config, catalog, logger);
  const result =
    providers.scorer instanceof OpenAiScorer ? await providers.scorer.scoreTranscript(topic, lines) : scoreTranscriptOffline(topic, lines);
  return JSON.stringify({ topic: topic.name, scorer: providers.kind, ...result }, null, 2);
}

/** `npm run cli -- topics`: the catalog, one topic a line. */
export function listTopics(): string {
  return new TopicCatalog().topics.map((t) => `${t.id.padEnd(22)} ${t.name}${t.aliases.length ? `  (also: ${t.aliases.slice(0, 4).join(', ')})` : ''}`).join('\n');
}

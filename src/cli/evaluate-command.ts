import type { AppConfig } from '../config/config.js';
import { InterviewPlatformError } from '../domain/errors.js';
import { linesOf, readTranscriptFile } from '../evaluation/quality/transcript-file.js';
import { TopicCatalog } from '../interviewer/catalog/topic-catalog.js';
import type { Logger } from '../logging/logger.js';

/** `npm run cli -- evaluate FILE`: scores a transcript file and prints the evaluation as JSON. */
export async function evaluateFile(path: string, config: AppConfig, logger: Logger): Promise<string> {
  const file = await readTranscriptFile(path);
  const lines = linesOf(file);
  const catalog = new TopicCatalog();
  const match = catalog.match(file.topic);
  if (match.kind === 'none') {
    // One line naming the file, like every other problem with it; the topic is quoted as JSON so a stray newline cannot split it.
    const all = match.suggestions.length >= catalog.topics.length ? '' : ' (npm run cli -- topics lists them all)';
    const message = `${path}: unknown topic ${JSON.stringify(file.topic)}; try one of: ${match.suggestions.map((t) => t.id).join(', ')}${all}`;
    throw new InterviewPlatformError('INVALID_INPUT', message, { context: { path, topic: file.topic } });
  }
  const topic = match.topic;
  // The scorers (and the OpenAI client) load only for a file worth scoring: a bad file is reported at once.
  const [{ createAiProviders }, { scoreTranscriptOffline }, { OpenAiScorer }] = await Promise.all([
    import('../app/ai-providers.js'),
    import('../evaluation/offline/offline-scorer.js'),
    import('../evaluation/openai/openai-scorer.js'),
  ]);
  const providers = await createAiProviders(config, catalog, logger);
  const result =
    providers.scorer instanceof OpenAiScorer ? await providers.scorer.scoreTranscript(topic, lines) : scoreTranscriptOffline(topic, lines);
  return JSON.stringify({ topic: topic.name, scorer: providers.kind, ...result }, null, 2);
}

/** `npm run cli -- topics`: the catalog, one topic a line. */
export function listTopics(): string {
  return new TopicCatalog().topics.map((t) => `${t.id.padEnd(22)} ${t.name}${t.aliases.length ? `  (also: ${t.aliases.slice(0, 4).join(', ')})` : ''}`).join('\n');
}

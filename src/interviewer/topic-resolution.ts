import { InterviewPlatformError } from '../domain/errors.js';
import type { Session } from '../domain/types.js';
import type { Topic } from './catalog/catalog-schema.js';
import type { TopicCatalog } from './catalog/topic-catalog.js';

/** Without a topic the interview uses the classic first problem. */
export const DEFAULT_TOPIC_ID = 'url-shortener';

/** The catalog topic a session is about; an unknown topic is the user's input error, with choices. */
export function resolveTopic(catalog: TopicCatalog, session: Pick<Session, 'topic' | 'id'>): Topic {
  if (!session.topic) return catalog.get(DEFAULT_TOPIC_ID) ?? catalog.topics[0]!;
  const match = catalog.match(session.topic);
  if (match.kind === 'found') return match.topic;
  const choices = match.suggestions.map((t) => t.name).join(', ');
  throw new InterviewPlatformError('INVALID_INPUT', `Unknown topic "${session.topic}"`, {
    userMessage: `I don't have a topic called "${session.topic}". Try one of: ${choices}.`,
    context: { session_id: session.id, topic: session.topic },
  });
}

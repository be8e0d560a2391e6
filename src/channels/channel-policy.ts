import { InterviewPlatformError } from '../domain/errors.js';
import type { Actor } from '../domain/types.js';
import type { TopicCatalog } from '../interviewer/catalog/topic-catalog.js';
import { templateFor } from '../interviewer/catalog/templates.js';
import type { StartRequest } from '../chat/start-interview.js';
import { topicOfTheDay, type ChannelSettings } from './channel-settings.js';

/**
 * A start in a channel, under the channel's settings: who may start, which topics are allowed,
 * and the defaults for what the command left out. Returns the request to start with, or throws
 * a FORBIDDEN / INVALID_INPUT error whose message the router sends privately.
 */
export function applyChannelPolicy(settings: ChannelSettings, catalog: TopicCatalog, actor: Actor, request: StartRequest, now: Date): StartRequest {
  if (settings.starters.mode === 'list' && actor.kind !== 'admin' && !settings.starters.userIds.includes(actor.userId)) {
    throw new InterviewPlatformError('FORBIDDEN', `${actor.userId} may not start interviews in this channel`, {
      userMessage: 'Only the people this channel lists may start interviews here (`/interview channel` shows who); ask a workspace admin to add you.',
      context: { actor: actor.userId },
    });
  }
  let topic = request.topic;
  const { topics } = settings;
  if (topics.mode !== 'any') {
    if (topic === null) {
      topic = topicOfTheDay(topics.topicIds, now);
    } else if (topics.mode === 'fixed') {
      const match = catalog.match(topic);
      if (match.kind === 'found' && !topics.topicIds.includes(match.topic.id)) {
        throw new InterviewPlatformError('INVALID_INPUT', `Topic ${match.topic.id} is not allowed in this channel`, {
          userMessage: `This channel practises only ${namesOf(catalog, topics.topicIds)}; ${match.topic.name} is not one of them.`,
          context: { topic: match.topic.id },
        });
      }
    }
  }
  let { minutes, template } = request;
  if (template === null && !request.customTemplate && settings.template !== null) template = settings.template;
  // The channel's duration applies when the command named neither a duration nor a template
  // (a template named in the command brings its own length).
  if (minutes === null && request.template === null && !request.customTemplate) minutes = settings.durationMinutes ?? (template ? templateFor(template).defaultMinutes : null);
  return { topic, minutes, template, ...(request.customTemplate ? { customTemplate: request.customTemplate } : {}) };
}

export function namesOf(catalog: TopicCatalog, ids: readonly string[]): string {
  return ids.map((id) => catalog.get(id)?.name ?? id).join(', ');
}

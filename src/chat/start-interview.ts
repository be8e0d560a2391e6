import { InterviewPlatformError } from '../domain/errors.js';
import type { Actor, AiProvider, InterviewTemplate, Session } from '../domain/types.js';
import type { TopicCatalog } from '../interviewer/catalog/topic-catalog.js';
import type { Topic } from '../interviewer/catalog/catalog-schema.js';
import { templateFor } from '../interviewer/catalog/templates.js';
import type { Logger } from '../logging/logger.js';
import type { SessionManager } from '../session/session-manager.js';
import type { ChatPort } from './chat-port.js';
import type { InboundCommand } from './inbound.js';
import { notice, rootMessage } from './views.js';

export interface StartDefaults {
  aiProvider: AiProvider;
  aiModel: string;
  /** Used when neither the user nor the template says how long. */
  durationMinutes: number;
}

export interface StartRequest {
  topic: string | null;
  minutes: number | null;
  template: InterviewTemplate | null;
}

/**
 * `/interview start`: pick the topic, create the session, open its thread with a root message
 * naming the candidate and topic, start it and post the opening question there. If anything
 * fails after the session exists, the session is ended so the user's live slot is free again.
 */
export async function startInterview(
  deps: { sessions: SessionManager; catalog: TopicCatalog; port: ChatPort; defaults: StartDefaults; logger: Logger },
  command: InboundCommand,
  actor: Actor,
  request: StartRequest,
): Promise<Session> {
  const topic = await chooseTopic(deps, actor, request.topic);
  const template = request.template ?? undefined;
  const minutes = request.minutes ?? (template ? templateFor(template).defaultMinutes : deps.defaults.durationMinutes);
  const session = await deps.sessions.createSession(
    { enabledModes: ['text'], aiProvider: deps.defaults.aiProvider, aiModel: deps.defaults.aiModel, durationMinutes: minutes, topic: topic.name, template },
    { platform: command.platform, workspaceId: command.workspaceId, userId: actor.userId, displayName: command.user.displayName },
  );
  try {
    const scope = { platform: command.platform, workspaceId: command.workspaceId, channelId: command.channelId };
    const thread = await deps.port.openThread(scope, rootMessage(session, topic.name), `${session.ownerDisplayName ?? actor.userId} · ${topic.name}`);
    await deps.sessions.attachThread(session.id, actor, { channelId: command.channelId, threadId: thread.threadId });
    const { session: started, openingMessage } = await deps.sessions.startSession(session.id, actor);
    const target = { ...scope, threadId: thread.threadId };
    await deps.port.postInThread(target, { kind: 'question', text: openingMessage.content }).catch(async (error: unknown) => {
      // The interview runs; only this post failed. Say so in the thread if we can.
      deps.logger.warn({ operation: 'start_interview', session_id: session.id, error }, 'Opening question not posted');
      await deps.port.postInThread(target, notice('I could not post the opening question. Use `/interview status` and reply here to continue.', 'warning')).catch(() => undefined);
    });
    return started;
  } catch (error) {
    await deps.sessions.endSession(session.id, { ...actor, kind: 'system' }).catch(() => undefined);
    throw error;
  }
}

/** The topic asked for, or else the first catalog topic this user has not practised lately. */
async function chooseTopic(deps: { sessions: SessionManager; catalog: TopicCatalog }, actor: Actor, text: string | null): Promise<Topic> {
  if (text) {
    const match = deps.catalog.match(text);
    if (match.kind === 'found') return match.topic;
    throw new InterviewPlatformError('INVALID_INPUT', `Unknown topic "${text}"`, {
      userMessage: `I don't have a topic called "${text}". Try one of: ${match.suggestions.map((t) => t.name).join(', ')}. (\`/interview topics\` lists them all.)`,
    });
  }
  const recent = await deps.sessions.listSessions({ owner: actor, limit: 50 });
  const done = new Set(recent.items.map((s) => s.topic));
  return deps.catalog.topics.find((t) => !done.has(t.name)) ?? deps.catalog.topics[0]!;
}

import { InterviewPlatformError } from '../domain/errors.js';
import type { Actor, AiProvider, CustomTemplateConfig, InterviewTemplate, ResumeData, Session } from '../domain/types.js';
import type { TopicCatalog } from '../interviewer/catalog/topic-catalog.js';
import type { Topic } from '../interviewer/catalog/catalog-schema.js';
import { templateFor } from '../interviewer/catalog/templates.js';
import type { Logger } from '../logging/logger.js';
import type { SessionManager } from '../session/session-manager.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChatDeliveryError } from './chat-delivery-error.js';
import type { ChannelTarget, ChatPort } from './chat-port.js';
import type { OutboundMessage } from './outbound-message.js';
import type { InboundCommand } from './inbound.js';
import { rootMessage } from './views.js';
import { resumeDataFrom } from '../profiles/profile.js';
import type { ProfileService } from '../profiles/profile-service.js';
import { TurnProgress } from '../turns/turn-progress.js';

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
  /** A workspace template named in the command (resolved by the router); it wins over `template` and brings its own length. */
  customTemplate?: CustomTemplateConfig | null;
}

/**
 * `/interview start`: pick the topic, create the session, open its thread with a root message
 * naming the candidate and topic, and start it (its opening question is a delivery). If anything
 * fails after the session exists, the session is ended so the user's live slot is free again.
 */
export async function startInterview(
  deps: { sessions: SessionManager; catalog: TopicCatalog; port: ChatPort; defaults: StartDefaults; logger: Logger; profiles?: ProfileReader },
  command: InboundCommand,
  actor: Actor,
  request: StartRequest,
): Promise<Session> {
  const topic = await chooseTopic(deps, actor, request.topic);
  const custom = request.customTemplate ?? undefined;
  const template = custom ? undefined : (request.template ?? undefined);
  const minutes = request.minutes ?? custom?.durationMinutes ?? (template ? templateFor(template).defaultMinutes : deps.defaults.durationMinutes);
  const session = await deps.sessions.createSession(
    { enabledModes: ['text', 'whiteboard', 'audio'], aiProvider: deps.defaults.aiProvider, aiModel: deps.defaults.aiModel, durationMinutes: minutes, topic: topic.name, template, ...(custom ? { customTemplate: custom } : {}), resumeData: await profileFor(deps, actor, command) },
    { platform: command.platform, workspaceId: command.workspaceId, userId: actor.userId, displayName: command.user.displayName },
  );
  try {
    const scope = { platform: command.platform, workspaceId: command.workspaceId, channelId: command.channelId };
    const thread = await openThreadPatiently(deps.port, scope, rootMessage(session, topic.name), `${session.ownerDisplayName ?? actor.userId} · ${topic.name}`);
    await deps.sessions.attachThread(session.id, actor, { channelId: command.channelId, threadId: thread.threadId });
    // An LLM may take a while (up to the first-token timeout) on the opening question: a sign of
    // life meanwhile where it costs nothing (the console's line, Discord's typing indicator).
    const progress = new TurnProgress(deps.port, { ...scope, threadId: thread.threadId }, `${session.id}:opening`);
    if (deps.defaults.aiProvider !== 'offline' && deps.port.progress === 'typing') progress.begin();
    // The opening question is recorded with the start and posted by the delivery job.
    try {
      const { session: started } = await deps.sessions.startSession(session.id, actor);
      return started;
    } finally {
      await progress.settle();
    }
  } catch (error) {
    await deps.sessions.endSession(session.id, { ...actor, kind: 'system' }).catch(() => undefined);
    throw error;
  }
}

/** What `/interview start` reads of the candidate's profile (profile-service.ts). */
export type ProfileReader = Pick<ProfileService, 'get'>;

/** The candidate's `/interview profile` for the session's config (resumeDataFrom says what of it). */
async function profileFor(deps: { profiles?: ProfileReader }, actor: Actor, command: InboundCommand): Promise<ResumeData | undefined> {
  const profile = deps.profiles ? await deps.profiles.get(actor) : null;
  return resumeDataFrom(profile, { userId: actor.userId, displayName: command.user.displayName });
}

/**
 * The root post is the one post a user waits for in person (it creates the thread), so it is
 * sent here, after the ack: a rate limit is waited out (briefly) and sent again, since a 429
 * was not carried out; any other failure is explained to the user, who can simply try again.
 */
async function openThreadPatiently(port: ChatPort, target: ChannelTarget, message: OutboundMessage, title: string) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await port.openThread(target, message, title);
    } catch (error) {
      if (!(error instanceof ChatDeliveryError)) throw error;
      const wait = error.details.retryAfterMs;
      if (error.outcome === 'not-sent' && wait !== undefined && wait <= 5_000 && attempt < 3) {
        await sleep(wait);
        continue;
      }
      throw new InterviewPlatformError('COMPONENT_FAILURE', `Could not open the interview thread: ${error.message}`, {
        cause: error,
        userMessage: error.details.userMessage ?? 'I could not open the interview thread just now; nothing was started. Try `/interview start` again in a moment.',
      });
    }
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

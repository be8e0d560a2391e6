import type { ChatPort } from '../chat/chat-port.js';
import type { InboundCommand } from '../chat/inbound.js';
import { startInterview, type ProfileReader, type StartDefaults, type StartRequest } from '../chat/start-interview.js';
import type { Clock } from '../domain/ports.js';
import type { Actor, CustomTemplateConfig, Session } from '../domain/types.js';
import type { TopicCatalog } from '../interviewer/catalog/topic-catalog.js';
import type { Logger } from '../logging/logger.js';
import type { SessionManager } from '../session/session-manager.js';
import type { ChannelRef } from '../storage/channel-settings-repository.js';
import { applyChannelPolicy } from './channel-policy.js';
import { DEFAULT_CHANNEL_SETTINGS, topicOfTheDay, type ChannelSettings } from './channel-settings.js';

export interface ChannelStartDeps {
  sessions: SessionManager;
  catalog: TopicCatalog;
  port: ChatPort;
  defaults: StartDefaults;
  logger: Logger;
  /** The channel's settings; absent: the defaults (no settings anywhere). */
  channelSettings?: (channel: ChannelRef) => Promise<ChannelSettings>;
  clock?: Clock;
  /** A workspace template by name (a channel's `channel template <name>`); absent: only built-in ones. */
  customTemplate?: (name: string) => Promise<CustomTemplateConfig | null>;
  /** The candidate's `/interview profile`, for the session's config. */
  profiles?: ProfileReader;
}

/**
 * Every start in a channel (the command, a practice prompt's Start button) goes through here:
 * the channel's settings first (who may start, allowed topics, defaults), then the usual start.
 */
export async function startInChannel(deps: ChannelStartDeps, event: InboundCommand, actor: Actor, request: StartRequest): Promise<Session> {
  const channel = { platform: event.platform, workspaceId: event.workspaceId, channelId: event.channelId };
  const settings = deps.channelSettings ? await deps.channelSettings(channel) : DEFAULT_CHANNEL_SETTINGS;
  const now = (deps.clock ?? { now: () => new Date() }).now();
  let resolved = request;
  // The channel's own template, when the command named none: a template removed since falls back to the defaults.
  if (!request.customTemplate && request.template === null && settings.customTemplate && deps.customTemplate) {
    const custom = await deps.customTemplate(settings.customTemplate);
    if (custom) resolved = { ...request, customTemplate: custom, minutes: request.minutes ?? settings.durationMinutes, topic: request.topic ?? (settings.topics.mode === 'any' && custom.topics.length ? topicOfTheDay(custom.topics, now) : null) };
  }
  return startInterview(deps, event, actor, applyChannelPolicy(settings, deps.catalog, actor, resolved, now));
}

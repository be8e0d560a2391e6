import { classifyMessage } from '../attachments/classify-inbound.js';
import type { VoicePolicy } from '../attachments/voice-policy.js';
import { InterviewPlatformError, isPlatformError } from '../domain/errors.js';
import type { Actor, Session } from '../domain/types.js';
import type { TopicCatalog } from '../interviewer/catalog/topic-catalog.js';
import { componentLogger, type Logger } from '../logging/logger.js';
import type { ThreadMessageResult } from '../session/candidate-inbox.js';
import type { SessionManager } from '../session/session-manager.js';
import type { ChatPorts } from './chat-port.js';
import { assertReadableInbound } from './inbound-ids.js';
import { helpText, parseCommand, refusalText } from './command-grammar.js';
import { readHistoryButton, type HistoryRequest } from './history-button.js';
import type { InboundAction, InboundCommand, InboundMessage, InboundProfileSubmit } from './inbound.js';
import type { OutboundMessage, TopicView } from './outbound-message.js';
import { type StartDefaults, type StartRequest } from './start-interview.js';
import type { TeamPractice } from '../channels/team-practice.js';
import type { ChannelRef } from '../storage/channel-settings-repository.js';
import { startInChannel } from '../channels/channel-start.js';
import { handleChannelCommand } from './commands/channel-command.js';
import { handleScheduleCommand } from './commands/schedule-command.js';
import type { ProgressService } from '../progress/progress-service.js';
import { leaderboardCommand, leaderboardOptCommand } from './commands/leaderboard-command.js';
import { statsCommand } from './commands/stats-command.js';
import { showCommand } from './commands/show-command.js';
import { exportCommand, replayCommand, shareCommand } from './commands/export-command.js';
import { handleTemplateCommand } from './commands/template-command.js';
import type { TemplateRepository } from '../storage/template-repository.js';
import { topicOfTheDay } from '../channels/channel-settings.js';
import { forgetMeAction, forgetMeCommand } from './commands/forget-me-command.js';
import type { ForgetMe } from '../privacy/forget-me.js';
import { profileCommand, profileSubmitted } from './commands/profile-command.js';
import type { ProfileService } from '../profiles/profile-service.js';
import type { InboundLoad } from '../queue/inbound-load.js';
import { HISTORY_PAGE_SIZE, historyMessage, notice, statusMessage } from './views.js';

/** Sends a message only the person who issued the command sees. */
export type PrivateReply = (message: OutboundMessage) => Promise<void>;

export interface ChatRouterDeps {
  sessions: SessionManager;
  catalog: TopicCatalog;
  chat: ChatPorts;
  logger: Logger;
  defaults: StartDefaults;
  /** `/interview stats` and `leaderboard`. */
  progress: ProgressService;
  /** `/interview channel` and `schedule`, and the channel settings every start obeys. */
  team: TeamPractice;
  /** `/interview template` and the workspace templates `start` takes; without it only the built-in ones exist. */
  templates?: TemplateRepository;
  /** `/interview forget-me`; without it the command says it is not available. */
  forgetMe?: ForgetMe;
  /** `/interview profile`; without it the command says it is not available. */
  profiles?: ProfileService;
  /** Whether voice messages are transcribed, and their limits; without it they are refused (no key). */
  voice?: VoicePolicy;
  /** Counts the events being handled, so that queue work waits for their acks (see InboundLoad). */
  inbound?: InboundLoad;
}

const STEER = { pause: 'pauseSession', resume: 'resumeSession', end: 'endSession' } as const;
const STEER_NOTICE = {
  pause: (who: string) => `${who} paused the interview. The clock is stopped; resume with \`/interview resume\` or the button.`,
  resume: (who: string) => `${who} resumed the interview. The clock is running again.`,
  end: (who: string) => `${who} ended the interview. I'm writing the evaluation; it will appear here shortly.`,
};

/**
 * The platform-neutral front door: owns the `/interview` grammar, who may do what, thread
 * messages and button presses. Adapters hand it normalized events and a way to reply
 * privately; every refusal or failure becomes a private message, never silence.
 */
/**
 * A thread message the store could not take was not saved, and the candidate is told so, to
 * send it again (a choice, README "Reliability": the platform is acknowledged either way, since
 * Discord never redelivers and a Slack retry would arrive after the user has moved on).
 */
const UNSAVED = 'Your message was not saved: the interview store is unavailable right now. Please send it again in a minute.';
/** For a thread message an adapter could not read (a NUL byte, over-long text, a malformed id). */
export const UNREADABLE_MESSAGE = 'Your message could not be read (it had a NUL character, was too long or was malformed), so it was not saved and the interviewer did not see it.';
/** For a button press an adapter could not read. */
export const UNREADABLE_ACTION = 'That button press could not be read, so nothing was done.';

export class ChatRouter {
  private readonly log: Logger;

  constructor(private readonly deps: ChatRouterDeps) {
    this.log = componentLogger(deps.logger, 'ChatRouter');
  }

  async handleCommand(command: InboundCommand, reply: PrivateReply): Promise<void> {
    await this.guard('command', reply, async () => {
      assertReadableInbound(command);
      // `start` takes the workspace's own templates too: their names are read only for a start.
      const parsed = parseCommand(command.text, /^\s*(?:start|channel\s+template)\b/i.test(command.text) ? await this.customTemplateNames(command) : undefined);
      const actor = actorOf(command);
      switch (parsed.name) {
        case 'help': {
          // A refusal shows the usage of the command concerned, not the whole help.
          return reply({ kind: 'help', text: parsed.problem ? refusalText(command.platform, parsed.problem, command.text) : helpText(command.platform) });
        }
        case 'topics':
          return reply({ kind: 'topics', topics: this.deps.catalog.topics.map((t) => ({ id: t.id, name: t.name })) });
        case 'start': {
          const session = await this.start(command, actor, await this.withCustomTemplate(command, parsed));
          return reply(notice(`Your ${session.topic} interview has started in a new thread. Reply there to answer.`, 'info', session.threadId ?? undefined));
        }
        case 'history':
          return reply(await this.history(actor, { page: parsed.page }));
        case 'show':
          return reply(await showCommand(this.deps.sessions, actor, parsed.ref));
        case 'stats':
          return reply(await statsCommand(this.deps.progress, actor, parsed.userId));
        case 'leaderboard':
          return reply(await leaderboardCommand(this.deps.progress, actor, command.channelId, parsed.period));
        case 'leaderboard-opt':
          return reply(await leaderboardOptCommand(this.deps.progress, actor, parsed.optOut));
        case 'channel':
          return reply(await handleChannelCommand(this.channelCommandDeps(), channelOf(command), actor, parsed));
        case 'schedule':
          return reply(await handleScheduleCommand(this.deps.team.schedules, channelOf(command), actor, parsed));
        case 'template': {
          if (!this.deps.templates) return reply(notice('Custom templates are not available here.', 'warning'));
          return reply(await handleTemplateCommand({ templates: this.deps.templates, catalog: this.deps.catalog, now: () => this.deps.team.clock.now() }, actor, parsed));
        }
        case 'export':
          return reply(await exportCommand(this.deps, actor, parsed.ref));
        case 'replay':
          return reply(await replayCommand(this.deps, actor, parsed.ref));
        case 'share':
          return reply(await shareCommand(this.deps, actor, parsed.ref, command.channelId));
        case 'profile':
          return reply(await profileCommand(this.deps.profiles, actor, parsed));
        case 'forget-me':
          return reply(await forgetMeCommand(this.deps.forgetMe, actor, parsed));
        case 'status': {
          const session = await this.targetSession(command, actor);
          const transcript = await this.deps.sessions.getTranscript(session.id, actor);
          return reply(statusMessage(session, session.topic ?? 'system design', transcript));
        }
        case 'redeliver': {
          const session = await this.latestSession(command, actor);
          const count = await this.deps.sessions.redeliver(session.id, actor);
          return reply(notice(count ? `Posting ${count === 1 ? 'it' : `${count} messages`} again in the interview thread.` : 'Nothing is waiting to be posted in your interview thread.', 'info', session.threadId ?? undefined));
        }
        case 'retry-evaluation': {
          const [latest] = (await this.deps.sessions.listSessions({ owner: actor, status: 'completed', limit: 1 })).items;
          if (!latest) return reply(notice('You have no finished interview to evaluate.', 'warning'));
          await this.deps.sessions.retryEvaluation(latest.id, actor);
          return reply(notice('Trying your evaluation again; it will be posted in the interview thread.'));
        }
        default:
          return this.steer(parsed.name, await this.targetSession(command, actor), actor);
      }
    });
  }

  /** The profile form submitted: saved, or refused with the reasons; answered privately. */
  async handleProfileSubmit(submit: InboundProfileSubmit, reply: PrivateReply): Promise<void> {
    await this.guard('profile_submit', reply, async () => {
      assertReadableInbound(submit);
      return reply(await profileSubmitted(this.deps.profiles, actorOf(submit), submit.form));
    });
  }

  /** Topics for a typed prefix or misspelling, best first (Discord autocomplete, at most 25). */
  suggestTopics(query: string): TopicView[] {
    const q = query.trim().toLowerCase();
    const { topics } = this.deps.catalog;
    let ranked = topics;
    if (q) {
      const direct = topics.filter((t) => t.name.toLowerCase().includes(q) || t.aliases.some((a) => a.includes(q)));
      const match = this.deps.catalog.match(q);
      ranked = [...new Set([...direct, ...(match.kind === 'found' ? [match.topic] : match.suggestions)])];
    }
    return ranked.slice(0, 25).map((t) => ({ id: t.id, name: t.name }));
  }

  /**
   * Templates for a typed prefix (Discord autocomplete of `start template:`): the three built-in
   * ones, then the workspace's own, at most 25. `value` is what `start` takes.
   */
  async suggestTemplates(scope: { platform: Actor['platform']; workspaceId: string }, query: string): Promise<TopicView[]> {
    const q = query.trim().toLowerCase();
    const builtIn = [
      { id: 'standard', name: 'Standard (45 min)' },
      { id: 'quick', name: 'Quick (30 min)' },
      { id: 'deep-dive', name: 'Senior/staff deep dive (60 min)' },
    ];
    const custom = this.deps.templates ? (await this.deps.templates.list(scope)).map((t) => ({ id: t.name, name: `${t.name} (this workspace's, ${t.durationMinutes} min, ${t.strictness})` })) : [];
    return [...builtIn, ...custom].filter((t) => !q || t.id.includes(q) || t.name.toLowerCase().includes(q)).slice(0, 25);
  }

  async handleAction(action: InboundAction, reply: PrivateReply): Promise<void> {
    await this.guard('action', reply, async () => {
      assertReadableInbound(action);
      const actor = actorOf(action);
      if (action.actionId === 'history.page') return reply(await this.history(actor, readHistoryButton(action.value)));
      if (action.actionId === 'privacy.forget') return reply(await forgetMeAction(this.deps.forgetMe, actor, action));
      if (action.actionId === 'practice.start') {
        // A practice prompt's Start: the same start as the command, for whoever pressed it.
        const topic = this.deps.catalog.get(action.value);
        if (!topic) throw new InterviewPlatformError('INVALID_INPUT', 'Unknown practice topic on a button', { userMessage: 'That practice prompt is not valid any more; try `/interview start`.' });
        const session = await this.start({ ...action, threadId: undefined, text: `start ${topic.id}` }, actor, { topic: topic.id, minutes: null, template: null });
        return reply(notice(`Your ${session.topic} interview has started in a new thread. Reply there to answer.`, 'info', session.threadId ?? undefined));
      }
      const session = await this.deps.sessions.getSession(action.value, actor);
      if (action.actionId === 'evaluation.retry') {
        await this.deps.sessions.retryEvaluation(session.id, actor);
        return reply(notice('Trying your evaluation again.'));
      }
      const verb = action.actionId === 'session.pause' ? 'pause' : action.actionId === 'session.resume' ? 'resume' : 'end';
      return this.steer(verb, session, actor);
    });
  }

  /**
   * A message in a thread: the candidate's answer (stored with a pending turn, answered later
   * by a turn worker), someone else's note, or not ours at all. Only database work happens here,
   * so adapters can acknowledge the platform once this returns.
   */
  async handleThreadMessage(message: InboundMessage, reply: PrivateReply): Promise<ThreadMessageResult | undefined> {
    let result: ThreadMessageResult | undefined;
    await this.guard('thread_message', reply, async () => {
      assertReadableInbound(message);
      // A typed diagram or an image is a whiteboard message (stored by reference, nothing downloaded).
      const { mode, content, metadata } = classifyMessage(message.text, message.attachments, this.deps.voice);
      result = await this.deps.sessions.receiveThreadMessage(
        { platform: message.platform, workspaceId: message.workspaceId },
        { channelId: message.channelId, threadId: message.threadId },
        { author: actorOf(message), content, mode, metadata, platformMessageId: message.messageId },
        // Read only for someone other than the candidate: a channel may drop observers' messages.
        { keepObserverNotes: async () => (await this.deps.team.settings.get(channelOf(message))).observers === 'keep' },
      );
    }, UNSAVED);
    return result;
  }

  /**
   * A message in a thread that its adapter could not read, from a known user in a known thread
   * (ids that are well-formed themselves): told privately that it was not saved, only in a live
   * interview's thread (one read; a person's message elsewhere is none of ours). Nothing stored;
   * a store that cannot answer means nobody is told (a warning is logged).
   */
  async handleUnreadableThreadMessage(place: Pick<InboundMessage, 'platform' | 'workspaceId' | 'channelId' | 'threadId'>, reply: PrivateReply): Promise<void> {
    try {
      const session = await this.deps.sessions.findSessionByThread(place, { channelId: place.channelId, threadId: place.threadId });
      if (!session || session.status === 'completed') return;
      await reply(notice(UNREADABLE_MESSAGE, 'error'));
    } catch (error) {
      this.log.warn({ operation: 'thread_message', error }, 'Could not tell the author of an unreadable thread message');
    }
  }

  /**
   * A message in a thread was edited. An answer the interviewer has not started on is replaced;
   * a later edit gets a one-line private note (the reply was to the first version).
   */
  async handleThreadMessageEdit(message: InboundMessage, reply: PrivateReply): Promise<void> {
    await this.guard('thread_message_edit', reply, async () => {
      assertReadableInbound(message);
      const outcome = await this.deps.sessions.editThreadMessage(
        { platform: message.platform, workspaceId: message.workspaceId },
        { channelId: message.channelId, threadId: message.threadId },
        { author: actorOf(message), content: message.text, platformMessageId: message.messageId },
      );
      if (outcome === 'answered') await reply(notice('Edits after the interviewer has started on an answer are not re-read; send a new message to add to it.'));
    });
  }

  private async steer(verb: keyof typeof STEER, session: Session, actor: Actor): Promise<void> {
    const who = actor.userId === session.ownerUserId ? 'The candidate' : 'An admin';
    await this.deps.sessions[STEER[verb]](session.id, actor, { notice: notice(STEER_NOTICE[verb](who)) });
  }

  /**
   * A page of history; interviews never answered are left out (and counted), so they take no
   * number. A button's cursor fetches the rows next to those it was shown with; a typed page
   * (or a button without a cursor) is found by position, read from the history index alone.
   */
  private async history(actor: Actor, request: HistoryRequest): Promise<OutboundMessage> {
    const where = request.cursor ? { cursor: request.cursor } : { offset: (request.page - 1) * HISTORY_PAGE_SIZE };
    const result = await this.deps.sessions.listSessions({ owner: actor, hideUnanswered: true, limit: HISTORY_PAGE_SIZE, ...where });
    return historyMessage(actor.displayName ?? actor.userId, request.page, result);
  }

  /** The thread's session, else the caller's live one, else their most recent one. */
  private async latestSession(event: InboundCommand, actor: Actor): Promise<Session> {
    const live = await this.targetSession(event, actor).catch(() => null);
    if (live) return live;
    const [latest] = (await this.deps.sessions.listSessions({ owner: actor, limit: 1 })).items;
    if (!latest) throw new InterviewPlatformError('SESSION_NOT_FOUND', `No session for ${actor.userId}`, { userMessage: 'You have no interview yet. Start one with `/interview start`.' });
    return this.deps.sessions.getSession(latest.id, actor);
  }

  /** Inside an interview thread, that thread's session; elsewhere, the caller's live one. */
  private async targetSession(event: InboundCommand, actor: Actor): Promise<Session> {
    if (event.threadId) {
      const inThread = await this.deps.sessions.findSessionByThread(actor, { channelId: event.channelId, threadId: event.threadId });
      if (inThread) return inThread;
    }
    const live = await this.deps.sessions.getActiveSession(actor);
    if (live) return live;
    throw new InterviewPlatformError('SESSION_NOT_FOUND', `No live session for ${actor.userId}`, {
      userMessage: 'You have no interview in progress. Start one with `/interview start`.',
    });
  }

  private async customTemplateNames(event: InboundCommand): Promise<Set<string>> {
    if (!this.deps.templates) return new Set();
    return new Set((await this.deps.templates.list({ platform: event.platform, workspaceId: event.workspaceId })).map((t) => t.name));
  }

  /**
   * A start naming a workspace template: the template itself (copied into the session's config),
   * and when the command names no topic, the template's topic of the day from its list.
   */
  private async withCustomTemplate(event: InboundCommand, parsed: Omit<StartRequest, 'customTemplate'> & { customTemplate?: string }): Promise<StartRequest> {
    const { customTemplate: name, ...request } = parsed;
    if (name === undefined || !this.deps.templates) return { ...request, customTemplate: null };
    const custom = await this.deps.templates.get({ platform: event.platform, workspaceId: event.workspaceId }, name);
    if (!custom) throw new InterviewPlatformError('INVALID_INPUT', `Template ${name} vanished`, { userMessage: `The template \`${name}\` was just removed; \`/interview template list\` shows the ones there are.` });
    const topic = request.topic ?? (custom.topics.length ? topicOfTheDay(custom.topics, this.deps.team.clock.now()) : null);
    return { ...request, topic, customTemplate: custom };
  }

  /** Every start obeys the channel's settings (channel-start.ts). */
  private start(event: InboundCommand, actor: Actor, request: StartRequest): Promise<Session> {
    const { team } = this.deps;
    const { templates } = this.deps;
    const customTemplate = templates ? (name: string) => templates.get({ platform: event.platform, workspaceId: event.workspaceId }, name) : undefined;
    return startInChannel({ ...this.deps, port: this.port(event.platform), channelSettings: (c) => team.settings.get(c), clock: team.clock, customTemplate }, event, actor, request);
  }

  private channelCommandDeps() {
    const { team, catalog } = this.deps;
    return { catalog, settings: team.settings, activeSchedules: (c: ChannelRef) => team.schedules.countActive(c), now: () => team.clock.now() };
  }

  private port(platform: Actor['platform']) {
    const port = this.deps.chat.for(platform);
    if (!port) throw new Error(`No chat port for ${platform}`);
    return port;
  }

  /** Every failure reaches the user privately and the logs with its context. */
  /** `unsaved`: what to say when the store could not take it (a thread message: it was not saved). */
  private async guard(operation: string, reply: PrivateReply, fn: () => Promise<void>, unsaved?: string): Promise<void> {
    const handled = this.deps.inbound?.begin();
    try {
      await fn();
    } catch (error) {
      let message: OutboundMessage;
      if (unsaved && isPlatformError(error, 'STORAGE_FAILURE')) {
        message = notice(unsaved, 'error');
      } else if (isPlatformError(error)) {
        message = notice(error.userMessage, error.code === 'COMPONENT_FAILURE' || error.code === 'STORAGE_FAILURE' ? 'error' : 'warning');
      } else {
        this.log.error({ operation, error }, 'Unexpected error handling a chat event');
        message = notice('Something went wrong on our side, so that was not done. Please try again.', 'error');
      }
      await reply(message).catch((replyError: unknown) => this.log.warn({ operation, error: replyError }, 'Could not send the private reply'));
    } finally {
      handled?.();
    }
  }
}

function channelOf(event: InboundCommand | InboundAction | InboundMessage): ChannelRef {
  return { platform: event.platform, workspaceId: event.workspaceId, channelId: event.channelId };
}

function actorOf(event: InboundCommand | InboundAction | InboundMessage | InboundProfileSubmit): Actor {
  return {
    platform: event.platform,
    workspaceId: event.workspaceId,
    userId: event.user.userId,
    kind: event.user.isAdmin ? 'admin' : 'user',
    displayName: event.user.displayName,
  };
}

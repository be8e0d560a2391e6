import {
  DiscordAPIError,
  Events,
  MessageFlags,
  PermissionFlagsBits,
  type AttachmentPayload,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type Interaction,
  type Message,
  type PartialMessage,
} from 'discord.js';
import type { z } from 'zod';
import { attachmentKind, MAX_ATTACHMENTS, type Attachment } from '../../src/attachments/attachment.js';
import type { ChatRouter, PrivateReply } from '../../src/chat/chat-router.js';
import type { ChatUser, InboundMessage } from '../../src/chat/inbound.js';
import type { Logger } from '../../src/logging/logger.js';
import type { AppMetrics } from '../../src/observability/metrics.js';
import { statsChart } from '../../src/progress/stats-chart.js';
import { NO_MENTIONS, type DiscordChatPort } from './discord-chat-port.js';
import { isExpiredInteraction } from './discord-errors.js';
import {
  ANSWER_MESSAGE_TYPES,
  autocompleteQuerySchema,
  buttonValueSchema,
  topicButtonValueSchema,
  userButtonValueSchema,
  commandOptions,
  describeIssues,
  interactionPlaceSchema,
  interviewCommandSchema,
  refusalText,
  SNOWFLAKE,
  threadMessageSchema,
  type InteractionPlace,
  type ThreadMessagePayload,
} from './discord-payloads.js';
import { commandText } from './interview-command.js';
import { openProfileModal, profileModalSubmitted } from './discord-profile.js';
import { PROFILE_MODAL_ID } from './render/profile-modal.js';
import { parseCustomId } from './render/components.js';
import type { DiscordPayload } from './render/pack-payloads.js';
import { renderDiscordMessage } from './render/render-discord-message.js';

interface Deps {
  router: ChatRouter;
  port: DiscordChatPort;
  metrics: AppMetrics;
  logger: Logger;
}

const IDS_REFUSED = "I couldn't read where or from whom that came, so I ignored it. Nothing was changed.";
const NOT_IN_A_SERVER = '`/interview` works in a server channel, not in direct messages.';
const UNKNOWN_BUTTON = 'That button is out of date. `/interview status` shows your interview with fresh buttons.';

/** The core's place for an interaction: inside an interview thread, the thread and its parent. */
function placeOf(place: InteractionPlace) {
  return place.parentId ? { channelId: place.parentId, threadId: place.channelId } : { channelId: place.channelId, threadId: undefined };
}

function userOf(place: { userId: string; displayName: string }, isAdmin: boolean): ChatUser {
  return { userId: place.userId, displayName: place.displayName, isAdmin };
}

/** The ids of an interaction, checked; a thread without a parent counts as a plain channel. */
function interactionPlace(interaction: ChatInputCommandInteraction | ButtonInteraction) {
  const channel = interaction.channel;
  const parentId = channel?.isThread() ? channel.parentId : null;
  return interactionPlaceSchema.safeParse({
    interactionId: interaction.id,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    parentId: parentId ?? null,
    userId: interaction.user.id,
    displayName: interaction.user.displayName ?? interaction.user.username,
  });
}

/**
 * Private replies to an interaction: the first edits the deferred reply, the rest follow up. Nobody is pinged.
 * `stats` carries its chart as an attachment of its last part (ephemeral like the rest); if Discord
 * refuses the attachment (a 4xx: nothing was posted), the part goes again without it, with a warning.
 */
function interactionReply(interaction: ChatInputCommandInteraction | ButtonInteraction, firstEdits: boolean, logger: Logger) {
  let sent = 0;
  const send = async (part: DiscordPayload, files?: AttachmentPayload[]) => {
    const payload = { ...part, allowedMentions: NO_MENTIONS, ...(files ? { files } : {}) };
    if (firstEdits && sent === 0) await interaction.editReply(payload);
    else await interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral });
  };
  const reply: PrivateReply = async (message) => {
    const parts = renderDiscordMessage(message);
    const chart = message.kind === 'stats' ? await statsChart(message.stats, { logger }) : null;
    // `/interview export`'s files ride on the ephemeral reply too, so only the asker has them.
    const attached = message.kind === 'notice' && message.files?.length ? message.files : chart ? [chart] : [];
    for (const [i, part] of parts.entries()) {
      const files = attached.length && i === parts.length - 1 ? attached.map((f) => ({ attachment: typeof f.content === 'string' ? Buffer.from(f.content, 'utf8') : f.content, name: f.name, ...(f.altText ? { description: f.altText.slice(0, 1024) } : {}) })) : undefined;
      try {
        await send(part, files);
      } catch (error) {
        if (!files || !(error instanceof DiscordAPIError) || isExpiredInteraction(error)) throw error;
        const exported = message.kind === 'notice';
        logger.warn({ component: 'DiscordAdapter', operation: exported ? 'export_upload' : 'stats_chart', metadata: { code: error.code, status: error.status } }, `${exported ? 'Export' : 'Stats'} sent without ${exported ? 'its files' : 'their chart'}: Discord refused the attachment (${error.code})`);
        // An export without its files is no export: the reply says so rather than pretending.
        await send(exported ? renderDiscordMessage({ kind: 'notice', tone: 'warning', text: `The export could not be attached: Discord refused the files (${error.code}). The bot may lack the Attach Files permission here.` })[0]! : part);
      }
      sent += 1;
    }
  };
  return { reply, sent: () => sent };
}

/**
 * Discord events into the router. Every payload is checked first (discord-payloads.ts): an
 * interaction that does not validate is refused privately and never reaches the core; a thread
 * message that does not validate is ignored with one warning (without its text). Valid
 * interactions are deferred at once (Discord allows 3 s), then answered privately; thread
 * messages from people (not bots, not system messages) become turns or observer notes, and edits
 * of them go to the core too. The message id is the event id, so a gateway replay is handled once.
 */
export function registerDiscordListeners(client: Client, deps: Deps): void {
  client.on(Events.InteractionCreate, (interaction) => {
    onInteraction(interaction, deps).catch((error: unknown) => {
      const expired = isExpiredInteraction(error);
      deps.logger.warn({ component: 'DiscordAdapter', operation: 'interaction', metadata: { expired }, error }, expired ? 'Interaction expired before it could be answered; nothing was changed' : 'Interaction failed');
    });
  });

  client.on(Events.MessageCreate, (message) => {
    onMessage(message, deps).catch((error: unknown) => deps.logger.error({ component: 'DiscordAdapter', operation: 'thread_message', error }, 'Thread message failed'));
  });

  client.on(Events.MessageUpdate, (before, after) => {
    onEdit(before, after, deps).catch((error: unknown) => deps.logger.error({ component: 'DiscordAdapter', operation: 'thread_message_edit', error }, 'Thread message edit failed'));
  });
}

async function onInteraction(interaction: Interaction, deps: Deps): Promise<void> {
  if (interaction.isAutocomplete()) return autocomplete(interaction, deps);
  if (interaction.isChatInputCommand() && interaction.commandName === 'interview') return command(interaction, deps);
  if (interaction.isButton()) return button(interaction, deps);
  if (interaction.isModalSubmit() && interaction.customId === PROFILE_MODAL_ID) return profileModalSubmitted(interaction, deps);
}

/** A private refusal (the interaction is answered, so the user is never left with "did not respond"), and one warning. */
async function refuse(interaction: ChatInputCommandInteraction | ButtonInteraction, text: string, deps: Deps, kind: string, error?: z.ZodError): Promise<void> {
  deps.metrics.chatEvents.inc({ kind, outcome: 'refused' });
  deps.logger.warn({ component: 'DiscordAdapter', operation: kind, metadata: { interactionType: interaction.type, issues: error ? describeIssues(error) : [] } }, 'Refused a Discord interaction that did not validate');
  await interaction.reply({ content: `⚠️ ${text}`, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}

async function autocomplete(interaction: AutocompleteInteraction, deps: Deps): Promise<void> {
  // Suggestions only for text a person could have typed: anything else gets none (no message can be sent here).
  const query = autocompleteQuerySchema.safeParse(interaction.options.getFocused());
  if (!interaction.inGuild() || !query.success) return void (await interaction.respond([]));
  // `start template:` suggests the built-in templates and this server's own (`/interview template add`).
  if (interaction.options.getFocused(true).name === 'template') {
    const templates = await deps.router.suggestTemplates({ platform: 'discord', workspaceId: interaction.guildId }, query.data);
    return void (await interaction.respond(templates.map((t) => ({ name: t.name.slice(0, 100), value: t.id }))));
  }
  const choices = deps.router.suggestTopics(query.data);
  await interaction.respond(choices.map((t) => ({ name: t.name, value: t.name })));
}

async function command(interaction: ChatInputCommandInteraction, deps: Deps): Promise<void> {
  if (!interaction.inGuild()) return refuse(interaction, NOT_IN_A_SERVER, deps, 'command');
  const place = interactionPlace(interaction);
  if (!place.success) return refuse(interaction, IDS_REFUSED, deps, 'command', place.error);
  const options = interviewCommandSchema.safeParse(commandOptions(interaction.options.data));
  if (!options.success) return refuse(interaction, refusalText(options.error), deps, 'command', options.error);
  // The profile form is a modal, which must be the interaction's first response: no defer.
  if (options.data.subcommand === 'profile' && !options.data.show) return openProfileModal(interaction, place.data, deps);

  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  deps.metrics.chatEvents.inc({ kind: 'command', outcome: 'received' });
  const o = options.data;
  const text = o.subcommand === 'profile' ? 'profile show' : commandText(o.subcommand, {
    topic: o.subcommand === 'start' ? o.topic : null,
    minutes: o.subcommand === 'start' ? o.minutes : null,
    template: o.subcommand === 'start' ? o.template : null,
    page: o.subcommand === 'history' ? o.page : null,
    which: o.subcommand === 'show' || o.subcommand === 'export' || o.subcommand === 'replay' || o.subcommand === 'share' ? o.which : null,
    user: o.subcommand === 'stats' ? o.user : null,
    period: o.subcommand === 'leaderboard' ? o.period : null,
    args: o.subcommand === 'channel' || o.subcommand === 'schedule' || o.subcommand === 'template' ? o.args : null,
  });
  const { reply, sent } = interactionReply(interaction, true, deps.logger);
  const admin = Boolean(interaction.memberPermissions?.has(PermissionFlagsBits.Administrator));
  await deps.router.handleCommand({ platform: 'discord', workspaceId: place.data.guildId, ...placeOf(place.data), user: userOf(place.data, admin), text, eventId: place.data.interactionId }, reply);
  // Commands that only act (pause, end) leave the deferred reply to close.
  if (sent() === 0) await interaction.editReply({ content: 'Done.', allowedMentions: NO_MENTIONS });
}

async function button(interaction: ButtonInteraction, deps: Deps): Promise<void> {
  if (!interaction.inGuild()) return refuse(interaction, NOT_IN_A_SERVER, deps, 'action');
  const place = interactionPlace(interaction);
  if (!place.success) return refuse(interaction, IDS_REFUSED, deps, 'action', place.error);
  const parsed = parseCustomId(interaction.customId);
  const schema = parsed?.actionId === 'practice.start' ? topicButtonValueSchema : parsed?.actionId === 'privacy.forget' ? userButtonValueSchema : buttonValueSchema;
  const value = parsed ? schema.safeParse(parsed.value) : undefined;
  if (!parsed || !value?.success) return refuse(interaction, UNKNOWN_BUTTON, deps, 'action', value?.error);

  await interaction.deferUpdate();
  deps.metrics.chatEvents.inc({ kind: 'action', outcome: 'received' });
  const admin = Boolean(interaction.memberPermissions?.has(PermissionFlagsBits.Administrator));
  const { reply } = interactionReply(interaction, false, deps.logger);
  await deps.router.handleAction(
    { platform: 'discord', workspaceId: place.data.guildId, ...placeOf(place.data), user: userOf(place.data, admin), actionId: parsed.actionId, value: parsed.value },
    reply,
  );
}

/**
 * A person's message (or edit) in a thread, checked: undefined when it is not one for the core.
 * Bots, webhooks, DMs, messages outside threads and system messages (see ANSWER_MESSAGE_TYPES)
 * are not, silently; a message that fails the schema is not either, with one warning that names
 * the fields but never the text.
 */
function threadMessage(message: Message, deps: Deps, operation: string): ThreadMessagePayload | undefined {
  if (message.author.bot || message.webhookId || !message.inGuild()) return undefined;
  const thread = message.channel;
  if (!thread.isThread() || !thread.parentId) return undefined;
  if (!ANSWER_MESSAGE_TYPES.has(message.type)) return undefined;
  const checked = threadMessageSchema.safeParse({
    guildId: message.guildId,
    channelId: thread.parentId,
    threadId: thread.id,
    messageId: message.id,
    userId: message.author.id,
    displayName: message.member?.displayName ?? message.author.displayName,
    content: message.content,
    attachments: [...message.attachments.values()].map((a) => ({ id: a.id, url: a.url, name: a.name, contentType: a.contentType, size: a.size, durationSecs: a.duration })),
  });
  if (checked.success) return checked.data;
  deps.metrics.chatEvents.inc({ kind: operation, outcome: 'refused' });
  deps.logger.warn({ component: 'DiscordAdapter', operation, metadata: { issues: describeIssues(checked.error), length: message.content.length } }, 'Ignored a Discord thread message that did not validate');
  // A new message from someone whose ids are well-formed: told privately that it was not saved
  // (the router looks for a live interview in the thread first). An unreadable edit is only logged.
  const ids = [message.guildId, thread.parentId, thread.id, message.author.id];
  if (operation === 'thread_message' && ids.every((id) => SNOWFLAKE.test(id))) {
    const target = { platform: 'discord' as const, workspaceId: message.guildId, channelId: thread.parentId, threadId: thread.id };
    void deps.router.handleUnreadableThreadMessage(target, (note) => deps.port.notifyPrivately(target, message.author.id, note));
  }
  return undefined;
}

function inbound(payload: ThreadMessagePayload, isAdmin: boolean): { target: { platform: 'discord'; workspaceId: string; channelId: string; threadId: string }; message: InboundMessage } {
  const target = { platform: 'discord' as const, workspaceId: payload.guildId, channelId: payload.channelId, threadId: payload.threadId };
  const attachments = readableAttachments(payload.attachments);
  return { target, message: { ...target, user: userOf(payload, isAdmin), text: payload.content, messageId: payload.messageId, eventId: payload.messageId, ...(attachments.length ? { attachments } : {}) } };
}

/** The image and audio attachments (a voice message's clip included), by reference. */
function readableAttachments(list: ThreadMessagePayload['attachments']): Attachment[] {
  const out: Attachment[] = [];
  for (const a of list ?? []) {
    const kind = a.durationSecs !== null ? 'audio' : attachmentKind(a.contentType ?? undefined, a.name);
    if (kind === 'other') continue;
    out.push({ kind, id: a.id, url: a.url, name: a.name, contentType: a.contentType ?? 'application/octet-stream', size: a.size, ...(a.durationSecs !== null ? { durationSecs: a.durationSecs } : {}) });
  }
  return out.slice(0, MAX_ATTACHMENTS);
}

async function onMessage(message: Message, deps: Deps): Promise<void> {
  const payload = threadMessage(message, deps, 'thread_message');
  if (!payload) return;
  deps.metrics.chatEvents.inc({ kind: 'thread_message', outcome: 'received' });
  const { target, message: event } = inbound(payload, Boolean(message.member?.permissions.has(PermissionFlagsBits.Administrator)));
  const started = Date.now();
  await deps.router.handleThreadMessage(event, (reply) => deps.port.notifyPrivately(target, payload.userId, reply));
  deps.metrics.turnSeconds.observe((Date.now() - started) / 1000);
}

/**
 * An edited message. Discord sends MESSAGE_UPDATE for more than edits (link previews unfurling,
 * pins, embeds suppressed), so only an update with an edit time and, when the old text is known,
 * a change of text counts. The client has `Partials.Message`, so an edit of a message no longer
 * in the cache (after a restart) still arrives; Discord sends the whole message, and if a payload
 * ever lacks the content the message is fetched (one REST call, only for real edits).
 */
async function onEdit(before: Message | PartialMessage, after: Message | PartialMessage, deps: Deps): Promise<void> {
  // No edit time: a preview unfurled, a pin, an embed hidden; nothing the author wrote.
  if (!after.channel?.isThread() || after.author?.bot || after.editedTimestamp === null) return;
  // Fetched only by an id that is one (the id goes into the request's path).
  const message = after.partial ? (SNOWFLAKE.test(after.id) ? await after.fetch().catch(() => undefined) : undefined) : after;
  if (!message) {
    deps.logger.warn({ component: 'DiscordAdapter', operation: 'thread_message_edit', metadata: { messageId: SNOWFLAKE.test(after.id) ? after.id : '(not a Discord id)' } }, 'Could not fetch an edited Discord message; the edit was not read');
    return;
  }
  if (!before.partial && before.content === message.content) return;
  const payload = threadMessage(message, deps, 'thread_message_edit');
  if (!payload) return;
  deps.metrics.chatEvents.inc({ kind: 'thread_message_edit', outcome: 'received' });
  const { target, message: event } = inbound(payload, Boolean(message.member?.permissions.has(PermissionFlagsBits.Administrator)));
  await deps.router.handleThreadMessageEdit(event, (reply) => deps.port.notifyPrivately(target, payload.userId, reply));
}

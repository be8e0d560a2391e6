import {
  Events,
  MessageFlags,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type Message,
} from 'discord.js';
import type { ChatRouter, PrivateReply } from '../../src/chat/chat-router.js';
import type { ChatUser } from '../../src/chat/inbound.js';
import type { Logger } from '../../src/logging/logger.js';
import type { AppMetrics } from '../../src/observability/metrics.js';
import type { DiscordChatPort } from './discord-chat-port.js';
import { isExpiredInteraction } from './discord-errors.js';
import { commandText } from './interview-command.js';
import { parseCustomId } from './render/components.js';
import { renderDiscordMessage } from './render/render-discord-message.js';

interface Deps {
  router: ChatRouter;
  port: DiscordChatPort;
  metrics: AppMetrics;
  logger: Logger;
}

function userOf(user: { id: string; displayName?: string; username: string }, isAdmin: boolean): ChatUser {
  return { userId: user.id, displayName: user.displayName ?? user.username, isAdmin };
}

/** Where a command or button happened: inside an interview thread, the thread and its parent. */
function placeOf(channel: { id: string; isThread(): boolean; parentId?: string | null } | null, fallbackChannelId: string) {
  if (channel?.isThread() && channel.parentId) return { channelId: channel.parentId, threadId: channel.id };
  return { channelId: channel?.id ?? fallbackChannelId, threadId: undefined };
}

/** Private replies to an interaction: the first edits the deferred reply, the rest follow up. */
function interactionReply(interaction: ChatInputCommandInteraction | ButtonInteraction, firstEdits: boolean) {
  let sent = 0;
  const reply: PrivateReply = async (message) => {
    for (const part of renderDiscordMessage(message)) {
      if (firstEdits && sent === 0) await interaction.editReply(part);
      else await interaction.followUp({ ...part, flags: MessageFlags.Ephemeral });
      sent += 1;
    }
  };
  return { reply, sent: () => sent };
}

/**
 * Discord events into the router. Interactions are deferred at once (Discord allows 3 s), then
 * answered privately; thread messages from people (not bots, not system messages) become turns
 * or observer notes. The message id is the event id, so a gateway replay is handled once.
 */
export function registerDiscordListeners(client: Client, deps: Deps): void {
  client.on(Events.InteractionCreate, (interaction) => {
    const run = async () => {
      if (!interaction.inGuild()) return;
      if (interaction.isAutocomplete()) return autocomplete(interaction, deps);
      if (interaction.isChatInputCommand() && interaction.commandName === 'interview') return command(interaction, deps);
      if (interaction.isButton()) return button(interaction, deps);
    };
    run().catch((error: unknown) => {
      const expired = isExpiredInteraction(error);
      deps.logger.warn({ component: 'DiscordAdapter', operation: 'interaction', metadata: { expired }, error }, expired ? 'Interaction expired before it could be answered; nothing was changed' : 'Interaction failed');
    });
  });

  client.on(Events.MessageCreate, (message) => {
    onMessage(message, deps).catch((error: unknown) => deps.logger.error({ component: 'DiscordAdapter', operation: 'thread_message', error }, 'Thread message failed'));
  });
}

async function autocomplete(interaction: AutocompleteInteraction, deps: Deps): Promise<void> {
  const choices = deps.router.suggestTopics(String(interaction.options.getFocused()));
  await interaction.respond(choices.map((t) => ({ name: t.name, value: t.name })));
}

async function command(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, deps: Deps): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  deps.metrics.chatEvents.inc({ kind: 'command', outcome: 'received' });
  const sub = interaction.options.getSubcommand();
  const text = commandText(sub, {
    topic: interaction.options.getString('topic'),
    minutes: interaction.options.getInteger('minutes'),
    template: interaction.options.getString('template'),
    page: interaction.options.getInteger('page'),
    which: interaction.options.getString('which'),
  });
  const { reply, sent } = interactionReply(interaction, true);
  const admin = Boolean(interaction.memberPermissions?.has(PermissionFlagsBits.Administrator));
  await deps.router.handleCommand(
    { platform: 'discord', workspaceId: interaction.guildId, ...placeOf(interaction.channel, interaction.channelId), user: userOf(interaction.user, admin), text, eventId: interaction.id },
    reply,
  );
  // Commands that only act (pause, end) leave the deferred reply to close.
  if (sent() === 0) await interaction.editReply({ content: 'Done.' });
}

async function button(interaction: ButtonInteraction<'cached' | 'raw'>, deps: Deps): Promise<void> {
  const parsed = parseCustomId(interaction.customId);
  if (!parsed) return;
  await interaction.deferUpdate();
  deps.metrics.chatEvents.inc({ kind: 'action', outcome: 'received' });
  const admin = Boolean(interaction.memberPermissions?.has(PermissionFlagsBits.Administrator));
  const { reply } = interactionReply(interaction, false);
  await deps.router.handleAction(
    { platform: 'discord', workspaceId: interaction.guildId, ...placeOf(interaction.channel, interaction.channelId), user: userOf(interaction.user, admin), actionId: parsed.actionId, value: parsed.value },
    reply,
  );
}

async function onMessage(message: Message, deps: Deps): Promise<void> {
  if (message.author.bot || message.system || !message.inGuild() || !message.channel.isThread() || !message.channel.parentId) return;
  deps.metrics.chatEvents.inc({ kind: 'thread_message', outcome: 'received' });
  const thread = message.channel;
  const admin = Boolean(message.member?.permissions.has(PermissionFlagsBits.Administrator));
  const user = userOf({ id: message.author.id, username: message.author.username, displayName: message.member?.displayName ?? message.author.displayName }, admin);
  const target = { platform: 'discord' as const, workspaceId: message.guildId, channelId: thread.parentId!, threadId: thread.id };
  const started = Date.now();
  await deps.router.handleThreadMessage({ ...target, user, text: message.content, messageId: message.id, eventId: message.id }, (reply) =>
    deps.port.notifyPrivately(target, user.userId, reply),
  );
  deps.metrics.turnSeconds.observe((Date.now() - started) / 1000);
}

import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction, type ModalSubmitInteraction } from 'discord.js';
import type { ChatRouter, PrivateReply } from '../../src/chat/chat-router.js';
import type { Logger } from '../../src/logging/logger.js';
import type { AppMetrics } from '../../src/observability/metrics.js';
import { NO_MENTIONS } from './discord-chat-port.js';
import { describeIssues, interactionPlaceSchema, type InteractionPlace } from './discord-payloads.js';
import { profileFormFrom, profileModal } from './render/profile-modal.js';
import { renderDiscordMessage } from './render/render-discord-message.js';

interface Deps {
  router: ChatRouter;
  metrics: AppMetrics;
  logger: Logger;
}

const place = (p: InteractionPlace) => (p.parentId ? { channelId: p.parentId, threadId: p.channelId } : { channelId: p.channelId, threadId: undefined });

/** Ephemeral replies: the first answers the interaction (or edits its deferred reply), the rest follow up. */
function ephemeralReply(interaction: ChatInputCommandInteraction | ModalSubmitInteraction, deferred: boolean): PrivateReply {
  let sent = 0;
  return async (message) => {
    for (const part of renderDiscordMessage(message)) {
      const payload = { ...part, allowedMentions: NO_MENTIONS };
      if (sent === 0 && deferred) await interaction.editReply(payload);
      else if (sent === 0) await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
      else await interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral });
      sent += 1;
    }
  };
}

/**
 * `/interview profile` (without `show`): the modal must be the interaction's first response, so
 * this runs before any defer. The router reads the saved profile (one query) and answers
 * `profile-form`, shown as the modal; any other answer (a refusal) is an ephemeral reply.
 */
export async function openProfileModal(interaction: ChatInputCommandInteraction, checked: InteractionPlace, deps: Deps): Promise<void> {
  deps.metrics.chatEvents.inc({ kind: 'command', outcome: 'received' });
  const reply = ephemeralReply(interaction, false);
  const admin = Boolean(interaction.memberPermissions?.has(PermissionFlagsBits.Administrator));
  await deps.router.handleCommand(
    { platform: 'discord', workspaceId: checked.guildId, ...place(checked), user: { userId: checked.userId, displayName: checked.displayName, isAdmin: admin }, text: 'profile', eventId: checked.interactionId },
    async (message) => {
      if (message.kind === 'profile-form') await interaction.showModal(profileModal(message.form));
      else await reply(message);
    },
  );
}

/** The modal submitted: checked ids, then saved through the router (which checks every field); answered ephemerally. */
export async function profileModalSubmitted(interaction: ModalSubmitInteraction, deps: Deps): Promise<void> {
  const channel = interaction.channel;
  const checked = interactionPlaceSchema.safeParse({
    interactionId: interaction.id,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    parentId: channel?.isThread() ? (channel.parentId ?? null) : null,
    userId: interaction.user.id,
    displayName: interaction.user.displayName ?? interaction.user.username,
  });
  if (!checked.success || !interaction.inGuild()) {
    deps.metrics.chatEvents.inc({ kind: 'profile_submit', outcome: 'refused' });
    deps.logger.warn({ component: 'DiscordAdapter', operation: 'profile_submit', metadata: { issues: checked.success ? [] : describeIssues(checked.error) } }, 'Refused a profile form submission that did not validate');
    await interaction.reply({ content: "⚠️ I couldn't read where or from whom that came, so nothing was saved.", flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  deps.metrics.chatEvents.inc({ kind: 'profile_submit', outcome: 'received' });
  const form = profileFormFrom((id) => {
    const field = interaction.fields.fields.get(id);
    return field && 'value' in field && typeof field.value === 'string' ? field.value : undefined;
  });
  const p = checked.data;
  const admin = Boolean(interaction.memberPermissions?.has(PermissionFlagsBits.Administrator));
  await deps.router.handleProfileSubmit({ platform: 'discord', workspaceId: p.guildId, ...place(p), user: { userId: p.userId, displayName: p.displayName, isAdmin: admin }, form }, ephemeralReply(interaction, true));
}

import { createHash } from 'node:crypto';
import { ChannelType, DiscordAPIError, RESTJSONErrorCodes, Routes, type REST } from 'discord.js';
import type { ChannelTarget, ChatPort, PostOptions, ThreadTarget, UploadResult, UploadedFile } from '../../src/chat/chat-port.js';
import type { OutboundMessage } from '../../src/chat/outbound-message.js';
import { asDeliveryError, fromDiscordError } from './discord-errors.js';
import type { DiscordPayload } from './render/pack-payloads.js';
import { renderDiscordMessage } from './render/render-discord-message.js';

/** Discord's nonce is at most 25 characters; the idempotency key is hashed to fit. */
function nonceFor(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 25);
}

/**
 * Every post sets `allowed_mentions`, so what pings is decided here and not by the text: nothing
 * the bot posts parses mentions (the interviewer's words, notices, cards, evaluations quote the
 * candidate and an LLM, and either may write `<@id>`, `@everyone` or `@here`). The one post meant
 * to ping is the fallback of a private notice, addressed to that one user (`mentionOnly`).
 * The same shape is discord.js's `allowedMentions` option, used for interaction replies.
 */
export const NO_MENTIONS: { parse: [] } = { parse: [] };

/** Pings exactly this user (the addressee of a notice), whatever else the text contains. */
export function mentionOnly(userId: string): { parse: []; users: [string] } {
  return { parse: [], users: [userId] };
}

type AllowedMentions = typeof NO_MENTIONS | ReturnType<typeof mentionOnly>;

/** A message body with its mentions decided: none unless a call site names whom. */
function body(part: DiscordPayload, mentions: AllowedMentions = NO_MENTIONS): Record<string, unknown> {
  return { ...part, allowed_mentions: mentions };
}

/**
 * The core's ChatPort on Discord's REST API. Plain REST (not discord.js structures) so that a
 * worker can post without a gateway connection or a channel cache. An interview lives in a
 * public thread started from the root message, or in a forum post in a forum channel. Discord
 * has no private message outside an interaction, so private notices for thread messages go by
 * DM, and if DMs are closed, into the thread addressed to the person.
 */
export class DiscordChatPort implements ChatPort {
  readonly canEdit = true;
  readonly progress = 'typing' as const;

  constructor(private readonly rest: REST) {}

  /**
   * With a key the root carries a nonce Discord enforces, so a repeat within minutes returns the
   * first message; its thread, already created, has the message's id (Discord's rule for threads
   * started from a message), which 160004 "thread already created" tells.
   */
  async openThread(target: ChannelTarget, message: OutboundMessage, title: string, options?: PostOptions): Promise<{ messageId: string; threadId: string }> {
    return this.call('open thread', async () => {
      const [first, ...rest] = renderDiscordMessage(message);
      const channel = (await this.rest.get(Routes.channel(target.channelId))) as { type: number };
      const name = title.slice(0, 100);
      let result: { messageId: string; threadId: string };
      if (channel.type === ChannelType.GuildForum) {
        const post = (await this.rest.post(Routes.threads(target.channelId), { body: { name, message: body(first!) } })) as { id: string };
        result = { messageId: post.id, threadId: post.id };
      } else {
        const dedupe = options?.idempotencyKey ? { nonce: nonceFor(`${options.idempotencyKey}:0`), enforce_nonce: true } : {};
        const root = (await this.rest.post(Routes.channelMessages(target.channelId), { body: { ...body(first!), ...dedupe } })) as { id: string };
        const thread = (await this.rest.post(Routes.threads(target.channelId, root.id), { body: { name, auto_archive_duration: 1440 } }).catch((error: unknown) => {
          if (options?.idempotencyKey && (error as { code?: unknown })?.code === 160004) return { id: root.id };
          throw error;
        })) as { id: string };
        result = { messageId: root.id, threadId: thread.id };
      }
      for (const part of rest) await this.send(result.threadId, part);
      return result;
    });
  }

  /**
   * With a key, every part carries a nonce Discord enforces: a repeat within minutes returns the
   * first message instead of a second one, so `reconcile` is simply posting again.
   */
  async postInThread(target: ThreadTarget, message: OutboundMessage, options?: PostOptions): Promise<{ messageId: string }> {
    return this.deliver('post in thread', async () => {
      let first = '';
      for (const [i, part] of renderDiscordMessage(message).entries()) {
        // With a nonce Discord drops a repeat of the same post sent within minutes.
        const dedupe = options?.idempotencyKey ? { nonce: nonceFor(`${options.idempotencyKey}:${i}`), enforce_nonce: true } : {};
        const sent = await this.send(target.threadId, part, dedupe);
        first ||= sent.id;
      }
      return { messageId: first };
    });
  }

  async update(target: ThreadTarget, messageId: string, message: OutboundMessage): Promise<void> {
    await this.deliver('edit message', async () => {
      const [first, ...rest] = renderDiscordMessage(message);
      await this.rest.patch(Routes.channelMessage(target.threadId, messageId), { body: body(first!) });
      for (const part of rest) await this.send(target.threadId, part);
    });
  }

  async notifyPrivately(target: ChannelTarget & { threadId?: string }, userId: string, message: OutboundMessage): Promise<void> {
    const parts = renderDiscordMessage(message);
    try {
      const dm = (await this.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
      for (const part of parts) await this.send(dm.id, part);
    } catch {
      if (!target.threadId) return;
      // Addressed to them in the thread: the one post that pings, and only them.
      for (const part of parts) await this.send(target.threadId, { ...part, content: `<@${userId}> ${part.content ?? ''}`.trim() }, {}, mentionOnly(userId));
    }
  }

  /**
   * A message with the file attached (multipart `files`). With a key it carries an enforced
   * nonce like every post, so a repeat within minutes returns the first message: `reconcile` is
   * posting again. Without Attach Files Discord answers 403 Missing Permissions (50013):
   * `not-permitted`.
   */
  async uploadFile(target: ThreadTarget, file: UploadedFile, options?: PostOptions): Promise<UploadResult> {
    const data = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content;
    const dedupe = options?.idempotencyKey ? { nonce: nonceFor(`${options.idempotencyKey}:file`), enforce_nonce: true } : {};
    try {
      await this.rest.post(Routes.channelMessages(target.threadId), {
        body: { attachments: [{ id: 0, filename: file.name, ...(file.altText ? { description: file.altText.slice(0, 1024) } : {}) }], allowed_mentions: NO_MENTIONS, ...dedupe },
        files: [{ name: file.name, data, ...(file.mimeType ? { contentType: file.mimeType } : {}) }],
      });
      return { status: 'uploaded' };
    } catch (error) {
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.MissingPermissions) return { status: 'not-permitted', code: String(error.code) };
      throw asDeliveryError(error, 'upload file');
    }
  }

  async showTyping(target: ThreadTarget): Promise<void> {
    await this.rest.post(Routes.channelTyping(target.threadId));
  }

  private async send(channelId: string, part: DiscordPayload, extra: Record<string, unknown> = {}, mentions: AllowedMentions = NO_MENTIONS): Promise<{ id: string }> {
    return (await this.rest.post(Routes.channelMessages(channelId), { body: { ...body(part, mentions), ...extra } })) as { id: string };
  }

  /** Posts the core retries: failures say whether the message may have been posted. */
  private async deliver<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw asDeliveryError(error, operation);
    }
  }

  private async call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw fromDiscordError(error, operation);
    }
  }
}

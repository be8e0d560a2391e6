import type { WebClient } from '@slack/web-api';
import { ChatDeliveryError } from '../../src/chat/chat-delivery-error.js';
import type { ChannelTarget, ChatPort, PostOptions, ThreadTarget, UploadResult, UploadedFile } from '../../src/chat/chat-port.js';
import type { OutboundMessage } from '../../src/chat/outbound-message.js';
import { renderSlackMessage } from './render/render-slack-message.js';
import { fromSlackError } from './slack-errors.js';

/** Slack's refusals of an upload for lack of permission (the bot needs `files:write`, and `im:write` to open a direct message). */
const UPLOAD_NOT_PERMITTED = new Set(['missing_scope', 'not_allowed_token_type', 'no_permission']);

/** Lacking permission to upload (see UPLOAD_NOT_PERMITTED) is a result, not a failure; anything else throws. */
async function notPermittedAsResult(upload: () => Promise<UploadResult>): Promise<UploadResult> {
  try {
    return await upload();
  } catch (error) {
    const code = error instanceof ChatDeliveryError && error.outcome === 'rejected' ? error.details.code : undefined;
    if (code && UPLOAD_NOT_PERMITTED.has(code)) return { status: 'not-permitted', code };
    throw error;
  }
}

/** What `files.uploadV2` is told about a file (besides where it goes). */
function uploadArguments(file: UploadedFile) {
  const contents = typeof file.content === 'string' ? { content: file.content } : { file: file.content };
  const alt = file.altText ? { alt_text: file.altText } : {};
  return { filename: file.name, title: file.title ?? file.name, ...contents, ...alt };
}

/** Slack message metadata that marks a bot post with its delivery key, for reconciliation. */
export const DELIVERY_EVENT = 'mib_delivery';
const metadataFor = (key: string | undefined, part: number) => (key ? { event_type: DELIVERY_EVENT, event_payload: { key: `${key}#${part}` } } : undefined);

/**
 * The core's ChatPort on Slack's Web API. A thread is the `ts` of its root message. Long
 * content renders as several messages, posted in order; edits replace the first. Posts and
 * edits with an idempotency key carry it as message metadata, so after an ambiguous failure
 * (a 5xx or timeout after Slack may have posted) `reconcile` looks in the thread for what was
 * posted and sends only the parts that are missing: Slack has no idempotency key of its own.
 */
export class SlackChatPort implements ChatPort {
  readonly canEdit = true;
  // Slack has no typing indicator for bots in channels: a "thinking" placeholder is replaced by the reply.
  readonly progress = 'placeholder' as const;

  constructor(private readonly client: WebClient) {}

  async openThread(target: ChannelTarget, message: OutboundMessage, _title: string, options: PostOptions = {}): Promise<{ messageId: string; threadId: string }> {
    return fromSlackError('open thread', async () => {
      const key = options.idempotencyKey;
      const earlier = options.reconcile && key ? await this.channelMessageWith(target, `${key}#0`) : undefined;
      if (earlier) return { messageId: earlier, threadId: earlier };
      const [first, ...rest] = renderSlackMessage(message);
      const root = await this.client.chat.postMessage({ channel: target.channelId, text: first!.text, blocks: first!.blocks, unfurl_links: false, metadata: metadataFor(key, 0) });
      const ts = root.ts!;
      for (const part of rest) await this.client.chat.postMessage({ channel: target.channelId, thread_ts: ts, text: part.text, blocks: part.blocks });
      return { messageId: ts, threadId: ts };
    });
  }

  async postInThread(target: ThreadTarget, message: OutboundMessage, options: PostOptions = {}): Promise<{ messageId: string }> {
    return fromSlackError('post in thread', async () => {
      const parts = renderSlackMessage(message);
      const found = options.reconcile && options.idempotencyKey ? await this.postedParts(target, options.idempotencyKey) : new Map<string, string>();
      let firstTs = '';
      for (const [i, part] of parts.entries()) {
        let ts = found.get(`${options.idempotencyKey}#${i}`);
        if (!ts) {
          const posted = await this.client.chat.postMessage({
            channel: target.channelId,
            thread_ts: target.threadId,
            text: part.text,
            blocks: part.blocks,
            unfurl_links: false,
            metadata: metadataFor(options.idempotencyKey, i),
          });
          ts = posted.ts!;
        }
        firstTs ||= ts;
      }
      return { messageId: firstTs };
    });
  }

  async update(target: ThreadTarget, messageId: string, message: OutboundMessage, options: PostOptions = {}): Promise<void> {
    await fromSlackError('edit message', async () => {
      const [first, ...rest] = renderSlackMessage(message);
      await this.client.chat.update({ channel: target.channelId, ts: messageId, text: first!.text, blocks: first!.blocks, metadata: metadataFor(options.idempotencyKey, 0) });
      // What no longer fits in the edited message follows it in the thread.
      for (const [i, part] of rest.entries()) {
        await this.client.chat.postMessage({ channel: target.channelId, thread_ts: target.threadId, text: part.text, blocks: part.blocks, metadata: metadataFor(options.idempotencyKey, i + 1) });
      }
    });
  }

  async notifyPrivately(target: ChannelTarget & { threadId?: string }, userId: string, message: OutboundMessage): Promise<void> {
    for (const part of renderSlackMessage(message)) {
      await this.client.chat.postEphemeral({ channel: target.channelId, user: userId, thread_ts: target.threadId, text: part.text, blocks: part.blocks });
    }
  }

  /**
   * Slack's external upload (files.getUploadURLExternal, the bytes POSTed to the URL it gives,
   * files.completeUploadExternal shares it in the thread), through the WebClient's `uploadV2`.
   * Slack has no idempotency key for files: `reconcile` looks in the thread for a file of this
   * name first. Without `files:write` (`missing_scope`) or with a token that may not upload
   * (`not_allowed_token_type`, `no_permission`) it resolves `not-permitted`.
   */
  async uploadFile(target: ThreadTarget, file: UploadedFile, options: PostOptions = {}): Promise<UploadResult> {
    return notPermittedAsResult(() =>
      fromSlackError('upload file', async () => {
        if (options.reconcile && (await this.threadHasFile(target, file.name))) return { status: 'already-there' } as const;
        await this.client.files.uploadV2({ channel_id: target.channelId, thread_ts: target.threadId, ...uploadArguments(file) });
        return { status: 'uploaded' } as const;
      }),
    );
  }

  /**
   * A file into the user's direct messages with the bot (`conversations.open` with `users`, then
   * the external upload into that DM): where a private reply's picture goes, since an ephemeral
   * message cannot carry a file. Needs `im:write` besides `files:write`; without them (or with a
   * token that may not) it resolves `not-permitted` with Slack's code. Not reconciled: call it once.
   */
  async uploadToDirectMessage(userId: string, file: UploadedFile, comment?: string): Promise<UploadResult> {
    return notPermittedAsResult(() =>
      fromSlackError('upload file to direct message', async () => {
        const opened = await this.client.conversations.open({ users: userId });
        const channel = opened.channel?.id;
        if (!channel) throw new Error('conversations.open returned no channel');
        await this.client.files.uploadV2({ channel_id: channel, ...(comment ? { initial_comment: comment } : {}), ...uploadArguments(file) });
        return { status: 'uploaded' } as const;
      }),
    );
  }

  /** Whether the thread holds a file of this name (what a reconciled upload looks for). */
  private async threadHasFile(target: ThreadTarget, name: string): Promise<boolean> {
    let cursor: string | undefined;
    do {
      const page = await this.client.conversations.replies({ channel: target.channelId, ts: target.threadId, limit: 200, cursor });
      for (const m of page.messages ?? []) {
        if ((m as { files?: { name?: string }[] }).files?.some((f) => f.name === name)) return true;
      }
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return false;
  }

  async showTyping(): Promise<void> {
    // See `progress`: a placeholder is posted instead.
  }

  /** The bot's posts in the thread that carry this key, by part key, with their ts. */
  /** The ts of the channel's recent top-level message carrying `partKey` (the last 200 looked at). */
  private async channelMessageWith(target: ChannelTarget, partKey: string): Promise<string | undefined> {
    const page = await this.client.conversations.history({ channel: target.channelId, include_all_metadata: true, limit: 200 });
    const found = (page.messages ?? []).find((m) => {
      const meta = (m as { metadata?: { event_type?: string; event_payload?: { key?: unknown } } }).metadata;
      return meta?.event_type === DELIVERY_EVENT && meta.event_payload?.key === partKey;
    });
    return found?.ts;
  }

  private async postedParts(target: ThreadTarget, key: string): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    let cursor: string | undefined;
    do {
      const page = await this.client.conversations.replies({ channel: target.channelId, ts: target.threadId, include_all_metadata: true, limit: 200, cursor });
      for (const m of page.messages ?? []) {
        const meta = (m as { metadata?: { event_type?: string; event_payload?: { key?: unknown } } }).metadata;
        const partKey = meta?.event_type === DELIVERY_EVENT ? meta.event_payload?.key : undefined;
        if (typeof partKey === 'string' && partKey.startsWith(`${key}#`) && m.ts) found.set(partKey, m.ts);
      }
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return found;
  }
}

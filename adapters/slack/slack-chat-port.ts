import type { WebClient } from '@slack/web-api';
import type { ChannelTarget, ChatPort, PostOptions, ThreadTarget } from '../../src/chat/chat-port.js';
import type { OutboundMessage } from '../../src/chat/outbound-message.js';
import { renderSlackMessage } from './render/render-slack-message.js';
import { fromSlackError } from './slack-errors.js';

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

  async openThread(target: ChannelTarget, message: OutboundMessage): Promise<{ messageId: string; threadId: string }> {
    return fromSlackError('open thread', async () => {
      const [first, ...rest] = renderSlackMessage(message);
      const root = await this.client.chat.postMessage({ channel: target.channelId, text: first!.text, blocks: first!.blocks, unfurl_links: false });
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

  async uploadFile(target: ThreadTarget, file: { name: string; content: string; title?: string }): Promise<void> {
    await this.client.files.uploadV2({ channel_id: target.channelId, thread_ts: target.threadId, filename: file.name, title: file.title ?? file.name, content: file.content });
  }

  async showTyping(): Promise<void> {
    // See `progress`: a placeholder is posted instead.
  }

  /** The bot's posts in the thread that carry this key, by part key, with their ts. */
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

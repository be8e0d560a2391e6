import type { WebClient } from '@slack/web-api';
import type { ChannelTarget, ChatPort, ThreadTarget } from '../../src/chat/chat-port.js';
import type { OutboundMessage } from '../../src/chat/outbound-message.js';
import { renderSlackMessage } from './render/render-slack-message.js';

/**
 * The core's ChatPort on Slack's Web API. A thread is the `ts` of its root message. Long
 * content renders as several messages, posted in order; edits replace the first.
 */
export class SlackChatPort implements ChatPort {
  readonly canEdit = true;
  // Slack has no typing indicator for bots in channels: a "thinking" placeholder is replaced by the reply.
  readonly progress = 'placeholder' as const;

  constructor(private readonly client: WebClient) {}

  async openThread(target: ChannelTarget, message: OutboundMessage): Promise<{ messageId: string; threadId: string }> {
    const [first, ...rest] = renderSlackMessage(message);
    const root = await this.client.chat.postMessage({ channel: target.channelId, text: first!.text, blocks: first!.blocks, unfurl_links: false });
    const ts = root.ts!;
    for (const part of rest) await this.client.chat.postMessage({ channel: target.channelId, thread_ts: ts, text: part.text, blocks: part.blocks });
    return { messageId: ts, threadId: ts };
  }

  async postInThread(target: ThreadTarget, message: OutboundMessage): Promise<{ messageId: string }> {
    let firstTs = '';
    for (const part of renderSlackMessage(message)) {
      const posted = await this.client.chat.postMessage({ channel: target.channelId, thread_ts: target.threadId, text: part.text, blocks: part.blocks, unfurl_links: false });
      firstTs ||= posted.ts!;
    }
    return { messageId: firstTs };
  }

  async update(target: ThreadTarget, messageId: string, message: OutboundMessage): Promise<void> {
    const [first, ...rest] = renderSlackMessage(message);
    await this.client.chat.update({ channel: target.channelId, ts: messageId, text: first!.text, blocks: first!.blocks });
    // What no longer fits in the edited message follows it in the thread.
    for (const part of rest) await this.client.chat.postMessage({ channel: target.channelId, thread_ts: target.threadId, text: part.text, blocks: part.blocks });
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
    // See `progress`: the router posts a placeholder instead.
  }
}

import type { ChannelTarget, ChatPort, PostOptions, ThreadTarget, UploadResult, UploadedFile } from '../../src/chat/chat-port.js';
import type { OutboundMessage } from '../../src/chat/outbound-message.js';

export interface RecordedPost {
  target: ThreadTarget;
  message: OutboundMessage;
  options?: PostOptions;
  messageId: string;
}

export interface RecordedPrivate {
  target: ChannelTarget & { threadId?: string };
  userId: string;
  message: OutboundMessage;
}

/** A ChatPort that keeps what the core posts, for tests of the core (adapters have their own fakes). */
export class RecordingChatPort implements ChatPort {
  readonly canEdit = true;
  readonly progress = 'typing' as const;
  readonly posts: RecordedPost[] = [];
  readonly privates: RecordedPrivate[] = [];
  readonly updates: { target: ThreadTarget; messageId: string; message: OutboundMessage }[] = [];
  readonly files: { target: ThreadTarget; name: string; content: string | Buffer; mimeType?: string; options?: PostOptions }[] = [];
  /** The next uploads resolve `not-permitted` with this code (a platform without the upload permission). */
  uploadRefusal: string | null = null;
  typing = 0;
  failuresLeft = 0;
  private threads = 0;

  async openThread(target: ChannelTarget, message: OutboundMessage): Promise<{ messageId: string; threadId: string }> {
    this.threads += 1;
    const threadId = `thread-${this.threads}`;
    const { messageId } = await this.postInThread({ ...target, threadId }, message);
    return { messageId, threadId };
  }

  async postInThread(target: ThreadTarget, message: OutboundMessage, options?: PostOptions): Promise<{ messageId: string }> {
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('platform unavailable');
    }
    const messageId = `m${this.posts.length + 1}`;
    this.posts.push({ target, message, options, messageId });
    return { messageId };
  }

  async update(target: ThreadTarget, messageId: string, message: OutboundMessage): Promise<void> {
    this.updates.push({ target, messageId, message });
  }

  async notifyPrivately(target: ChannelTarget & { threadId?: string }, userId: string, message: OutboundMessage): Promise<void> {
    this.privates.push({ target, userId, message });
  }

  async uploadFile(target: ThreadTarget, file: UploadedFile, options?: PostOptions): Promise<UploadResult> {
    if (this.uploadRefusal) return { status: 'not-permitted', code: this.uploadRefusal };
    this.files.push({ target, name: file.name, content: file.content, mimeType: file.mimeType, options });
    return { status: 'uploaded' };
  }

  async showTyping(): Promise<void> {
    this.typing += 1;
  }

  postsFor(sessionThread: string): RecordedPost[] {
    return this.posts.filter((p) => p.target.threadId === sessionThread);
  }
}

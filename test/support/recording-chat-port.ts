import type { ChatPort, PostOptions, ThreadTarget } from '../../src/chat/chat-port.js';
import type { OutboundMessage } from '../../src/chat/outbound-message.js';

export interface RecordedPost {
  target: ThreadTarget;
  message: OutboundMessage;
  options?: PostOptions;
  messageId: string;
}

/** A ChatPort that keeps what the core posts, for tests of the core (adapters have their own fakes). */
export class RecordingChatPort implements ChatPort {
  readonly posts: RecordedPost[] = [];
  failuresLeft = 0;

  async postInThread(target: ThreadTarget, message: OutboundMessage, options?: PostOptions): Promise<{ messageId: string }> {
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('platform unavailable');
    }
    const messageId = `m${this.posts.length + 1}`;
    this.posts.push({ target, message, options, messageId });
    return { messageId };
  }

  postsFor(sessionThread: string): RecordedPost[] {
    return this.posts.filter((p) => p.target.threadId === sessionThread);
  }
}

import type { Platform, WorkspaceScope } from '../domain/types.js';
import type { OutboundMessage } from './outbound-message.js';

/** An interview thread on a platform. */
export interface ThreadTarget extends WorkspaceScope {
  channelId: string;
  threadId: string;
}

export interface PostOptions {
  /** Same key, same message: adapters whose platform can deduplicate (Discord's nonce) use it. */
  idempotencyKey?: string;
}

/** How the core speaks on a platform; each adapter implements it. */
export interface ChatPort {
  postInThread(target: ThreadTarget, message: OutboundMessage, options?: PostOptions): Promise<{ messageId: string }>;
}

/** The chat ports this process can post through, by platform (a worker may hold several). */
export class ChatPorts {
  private readonly ports = new Map<Platform, ChatPort>();

  register(platform: Platform, port: ChatPort): this {
    this.ports.set(platform, port);
    return this;
  }

  for(platform: Platform): ChatPort | undefined {
    return this.ports.get(platform);
  }
}

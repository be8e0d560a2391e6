import type { Platform, WorkspaceScope } from '../domain/types.js';
import type { OutboundMessage } from './outbound-message.js';

/** A channel on a platform. */
export interface ChannelTarget extends WorkspaceScope {
  channelId: string;
}

/** An interview thread on a platform. */
export interface ThreadTarget extends ChannelTarget {
  threadId: string;
}

export interface PostOptions {
  /**
   * Same key, same message: the adapter marks the post with it (Slack message metadata, Discord
   * nonce) so that a repeat can be recognised or is dropped by the platform.
   */
  idempotencyKey?: string;
  /**
   * An earlier attempt with this key may have posted: find what it posted (or let the platform
   * deduplicate) and post only what is missing. Needs `idempotencyKey`.
   */
  reconcile?: boolean;
}

/** A file for a thread: text (a transcript) or bytes (a chart's PNG). */
export interface UploadedFile {
  /** The file name, unique in its thread when used to reconcile. */
  name: string;
  content: string | Buffer;
  title?: string;
  /** e.g. `image/png`; text when absent. */
  mimeType?: string;
  /** What an image shows, for screen readers (Slack alt text, Discord attachment description). */
  altText?: string;
}

/** `already-there`: a reconcile found it in the thread; `not-permitted`: no upload permission (`code`: the platform's error). */
export type UploadResult = { status: 'uploaded' } | { status: 'already-there' } | { status: 'not-permitted'; code: string };

/**
 * How the core speaks on a platform; each adapter implements it. `postInThread` and `update`
 * fail with a ChatDeliveryError that says whether the post may have happened.
 */
export interface ChatPort {
  /** Whether posted messages can be edited in place (streamed replies need it). */
  readonly canEdit: boolean;
  /**
   * How the platform shows that the interviewer is thinking: a placeholder message that the
   * reply then replaces (Slack), or the platform's own typing indicator (Discord).
   */
  readonly progress: 'placeholder' | 'typing';
  /**
   * Posts a top-level channel message that opens a thread; returns the thread it opened. With
   * `idempotencyKey` and `reconcile`, a message an earlier attempt posted with that key is found
   * (or deduplicated by the platform) and returned instead of posting again.
   */
  openThread(target: ChannelTarget, message: OutboundMessage, title: string, options?: PostOptions): Promise<{ messageId: string; threadId: string }>;
  postInThread(target: ThreadTarget, message: OutboundMessage, options?: PostOptions): Promise<{ messageId: string }>;
  update(target: ThreadTarget, messageId: string, message: OutboundMessage, options?: PostOptions): Promise<void>;
  /** Only `userId` sees it (Slack ephemeral, Discord ephemeral reply, console line). */
  notifyPrivately(target: ChannelTarget & { threadId?: string }, userId: string, message: OutboundMessage): Promise<void>;
  /**
   * Posts a file into the thread (Slack external upload, Discord attachment, console: a file
   * under the data folder). With `idempotencyKey` a repeat is recognised (Discord nonce) and
   * with `reconcile` the thread is first searched for a file of this name (Slack). Lacking the
   * upload permission resolves `not-permitted` with the platform's code (the caller goes on
   * without the file); other failures throw a ChatDeliveryError.
   */
  uploadFile(target: ThreadTarget, file: UploadedFile, options?: PostOptions): Promise<UploadResult>;
  /** Shows that the interviewer is thinking (typing indicator, status line). */
  showTyping(target: ThreadTarget): Promise<void>;
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

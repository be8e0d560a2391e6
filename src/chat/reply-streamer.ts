import type { ChatPort, ThreadTarget } from './chat-port.js';

/**
 * Shows the interviewer's reply in the thread as it comes: optionally a placeholder first
 * ("thinking…"), then the reply, updated at most once per interval while it streams; the final
 * text always lands in one message. Without edits (or without deltas) it is a single post.
 */
export class ReplyStreamer {
  private text = '';
  /** What the platform currently shows. */
  private shown = '';
  private messageId: Promise<string> | null = null;
  private lastUpdate = 0;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly port: ChatPort,
    private readonly target: ThreadTarget,
    private readonly intervalMs = 1_000,
  ) {}

  /** Posts a placeholder that the reply will replace. */
  async begin(placeholder: string): Promise<void> {
    this.shown = placeholder;
    this.messageId = this.port.postInThread(this.target, { kind: 'question', text: placeholder }).then((r) => r.messageId);
    await this.messageId;
  }

  /** For `onReplyDelta`. */
  readonly push = (delta: string): void => {
    this.text += delta;
    if (!this.messageId) {
      this.shown = this.text;
      this.lastUpdate = Date.now();
      this.messageId = this.port.postInThread(this.target, { kind: 'question', text: this.text }).then((r) => r.messageId);
      return;
    }
    if (Date.now() - this.lastUpdate >= this.intervalMs) this.show(this.text);
  };

  /** Makes sure the whole reply is shown; returns the message id. */
  async finish(finalText: string): Promise<string> {
    if (!this.messageId) return (await this.port.postInThread(this.target, { kind: 'question', text: finalText })).messageId;
    const id = await this.messageId;
    await this.pending;
    if (this.shown !== finalText) await this.port.update(this.target, id, { kind: 'question', text: finalText });
    return id;
  }

  /** No reply is coming (refused, failed, or already answered): replace the placeholder. */
  async abandon(text: string): Promise<void> {
    if (!this.messageId) return;
    const id = await this.messageId.catch(() => null);
    await this.pending;
    if (id) await this.port.update(this.target, id, { kind: 'notice', text, tone: 'info' }).catch(() => undefined);
  }

  private show(snapshot: string): void {
    this.lastUpdate = Date.now();
    this.shown = snapshot;
    this.pending = this.pending.then(async () => this.port.update(this.target, await this.messageId!, { kind: 'question', text: snapshot })).catch(() => undefined);
  }
}

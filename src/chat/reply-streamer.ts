import type { ChatPort, ThreadTarget } from './chat-port.js';

/**
 * Shows the interviewer's reply as it is written: the first piece is posted, later pieces update
 * that message at most once per interval, and the final text always lands. With a non-streaming
 * interviewer it is a single post.
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

  /** For `onReplyDelta`. */
  readonly push = (delta: string): void => {
    this.text += delta;
    if (!this.messageId) {
      this.shown = this.text;
      this.messageId = this.port.postInThread(this.target, { kind: 'question', text: this.text }).then((r) => r.messageId);
      this.lastUpdate = Date.now();
      return;
    }
    if (Date.now() - this.lastUpdate >= this.intervalMs) {
      this.lastUpdate = Date.now();
      const snapshot = this.text;
      this.shown = snapshot;
      this.pending = this.pending.then(async () => this.port.update(this.target, await this.messageId!, { kind: 'question', text: snapshot }));
    }
  };

  /** Makes sure the whole reply is shown; returns the message id. */
  async finish(finalText: string): Promise<string> {
    if (!this.messageId) return (await this.port.postInThread(this.target, { kind: 'question', text: finalText })).messageId;
    const id = await this.messageId;
    await this.pending;
    if (this.shown !== finalText) await this.port.update(this.target, id, { kind: 'question', text: finalText });
    return id;
  }
}

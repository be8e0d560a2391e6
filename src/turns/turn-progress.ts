import { ChatDeliveryError } from '../chat/chat-delivery-error.js';
import type { ChatPort, ThreadTarget } from '../chat/chat-port.js';

const PLACEHOLDER = '_Thinking…_';

/**
 * Shows that the interviewer is working on a reply, best effort: the platform's typing
 * indicator, or (Slack) a "thinking" placeholder that streamed text updates at most once per
 * interval. Nothing here is owed: every failure is swallowed, and the reply's delivery replaces
 * the placeholder or, if that fails, posts the reply fresh. An instant interviewer shows nothing.
 */
export class TurnProgress {
  private placeholder: Promise<string | null> = Promise.resolve(null);
  private text = '';
  private lastEdit = 0;
  private edits: Promise<void> = Promise.resolve();
  private typing?: NodeJS.Timeout;

  constructor(
    private readonly port: ChatPort | undefined,
    private readonly target: ThreadTarget | null,
    /** Marks the placeholder, so one whose post timed out can still be found and replaced. */
    private readonly key: string,
    private readonly intervalMs = 1_000,
  ) {}

  /**
   * Starts showing progress for a reply that will take a while. `retried`: an earlier attempt of
   * this turn may have left its placeholder ("Still thinking…"): find it and reuse it rather than
   * leave it behind (one look-up, on retries only).
   */
  begin(retried = false): void {
    const { port, target } = this;
    if (!port || !target) return;
    if (port.progress === 'typing') {
      // A typing indicator fades after about ten seconds; an LLM reply can take longer.
      const type = () => port.showTyping(target).catch(() => undefined);
      void type();
      this.typing = setInterval(type, 8_000);
      this.typing.unref();
      return;
    }
    const post = (reconcile: boolean) => port.postInThread(target, { kind: 'question', text: PLACEHOLDER }, { idempotencyKey: this.key, reconcile }).then((r) => r.messageId);
    if (retried) {
      this.placeholder = post(true).catch(() => null);
      return;
    }
    this.placeholder = post(false).catch((error: unknown) =>
      // It may have been posted (a 5xx, a timeout): look once, so it can be replaced rather than left behind.
      error instanceof ChatDeliveryError && error.outcome === 'unknown' ? post(true).catch(() => null) : null,
    );
  }

  /** For `onDelta`: the reply so far, shown in the placeholder now and then. */
  readonly push = (delta: string): void => {
    this.text += delta;
    if (!this.port?.canEdit || Date.now() - this.lastEdit < this.intervalMs) return;
    this.lastEdit = Date.now();
    const snapshot = this.text;
    this.edits = this.edits.then(async () => {
      const id = await this.placeholder;
      if (id) await this.port!.update(this.target!, id, { kind: 'question', text: snapshot }).catch(() => undefined);
    });
  };

  /** The placeholder the reply should replace (null: none), once every streamed edit has landed. */
  async settle(): Promise<string | null> {
    clearInterval(this.typing);
    await this.edits;
    return this.placeholder;
  }
}

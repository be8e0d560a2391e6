import type { Logger } from '../logging/logger.js';

/**
 * Runs `work` every `intervalMs` on this process's own clock, never two at once; a failure is
 * logged and tried again at the next tick. `stop` waits for a run in progress.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly work: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly failure: { operation: string; message: string },
  ) {}

  /** `immediately`: a first run now, in the background, before the first interval. */
  start(options: { immediately?: boolean } = {}): void {
    const tick = () => {
      this.running ??= this.work()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn({ operation: this.failure.operation, error }, this.failure.message))
        .finally(() => (this.running = undefined));
    };
    if (options.immediately) tick();
    this.timer = setInterval(tick, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}

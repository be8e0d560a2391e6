import type { Logger } from '../src/logging/logger.js';

/**
 * Work an adapter carries on after acknowledging the platform (a command's reply, a private
 * notice). Failures are logged, never thrown into the platform SDK, and shutdown waits for
 * what is under way.
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  run(operation: string, task: () => Promise<unknown>): void {
    // Started on the next turn of the event loop, so the ack's response is written first.
    const promise = new Promise<void>((resolve) => setImmediate(resolve))
      .then(task)
      .then(() => undefined)
      .catch((error: unknown) => this.logger.warn({ operation, error }, 'Background work after an ack failed'))
      .finally(() => this.running.delete(promise));
    this.running.add(promise);
  }

  async drain(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }
}

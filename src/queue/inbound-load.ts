/**
 * Chat events being handled, not yet acknowledged. Slack sends again what is not acknowledged
 * within 3 s (a Discord interaction fails after 3 s), while a turn handed to the queue a moment
 * later goes unnoticed. So work for the queue waits until no event awaits its ack, or `maxWaitMs`
 * at most: in a burst the acks go first, and the enqueues (and the workers they wake, which share
 * the machine) come after. Measured on the 250-message burst: slowest ack 0.7 s before, 0.5 s after.
 */
export class InboundLoad {
  private pending = 0;
  private readonly waiters = new Set<() => void>();

  /** One event in; call the returned function once it is handled (a second call does nothing). */
  begin(): () => void {
    this.pending += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.pending -= 1;
      // After this turn of the event loop: the adapter writes the ack first.
      if (this.pending === 0) setImmediate(() => this.pending === 0 && this.release());
    };
  }

  /** Resolves on a later turn of the event loop once nothing is pending, or after `maxWaitMs`. */
  idle(maxWaitMs: number): Promise<void> {
    if (this.pending === 0) return new Promise((resolve) => setImmediate(resolve));
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, maxWaitMs);
      this.waiters.add(done);
    });
  }

  private release(): void {
    for (const done of [...this.waiters]) done();
  }
}

/**
 * The requests being handled (after their ack: a vote being written, a reply being sent). A
 * graceful stop closes the receiver, then waits for these to finish before closing the database,
 * so each one ends with its own answer, stored or refused, never cut off mid-way.
 */
export class InFlight {
  private running = 0;
  private readonly waiters = new Set<() => void>();

  track<T extends unknown[]>(handler: (...args: T) => Promise<void>): (...args: T) => Promise<void> {
    return async (...args: T) => {
      this.running++;
      try {
        await handler(...args);
      } finally {
        this.running--;
        if (this.running === 0) for (const done of [...this.waiters]) done();
      }
    };
  }

  /** Resolves when no request is being handled. */
  idle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.waiters.delete(done);
        resolve();
      };
      this.waiters.add(done);
    });
  }
}

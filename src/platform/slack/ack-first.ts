/**
 * Slack waits 3 s for an acknowledgement; the work a click starts (a vote, a reply) can wait
 * longer. In a burst (a thousand voters at once) the event loop is shared by the requests still to
 * be acknowledged and the work of those already acknowledged, so this counts the requests received
 * and not yet answered, and work after an ack waits until none are waiting: every click of a burst
 * is acknowledged before the burst's work begins. Under a load that never pauses, the work goes
 * ahead anyway after `maxWaitMs`, so it is delayed, never starved.
 */
export class AckFirst {
  private waiting = 0;
  private readonly released = new Set<() => void>();

  constructor(private readonly maxWaitMs = 2_000) {}

  /** A request arrived (its headers were read); `answered` must follow once it has been answered or dropped. */
  arrived(): () => void {
    this.waiting++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.waiting--;
      if (this.waiting === 0) this.release();
    };
  }

  /**
   * Resolves when no request is waiting for its answer (at the earliest after the I/O already
   * received has been read, so requests that arrived together are counted), or after `maxWaitMs`.
   */
  async settled(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.waiting === 0) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.released.delete(done);
        resolve();
      };
      const timer = setTimeout(done, this.maxWaitMs);
      timer.unref();
      this.released.add(done);
    });
  }

  private release(): void {
    // After the answer's own I/O: the loop reads what else has arrived before the work starts.
    setImmediate(() => {
      if (this.waiting !== 0) return;
      for (const done of [...this.released]) done();
    });
  }
}

/**
 * Slack waits 3 s for an acknowledgement; the work a click starts (a vote, a reply) can wait
 * longer. In a burst (a thousand voters at once) the work of the clicks already acknowledged takes
 * the CPU from the clicks still arriving (on a small server, from the machine's other processes
 * too), so work after an ack waits until the burst has passed: no request waiting for its answer
 * and none arrived for `quietMs`. A single click waits `quietMs`. Under a load that never pauses
 * the work goes ahead anyway after `maxWaitMs`: delayed, never starved.
 */
export class AckFirst {
  private waiting = 0;
  private lastArrival = Number.NEGATIVE_INFINITY;
  private readonly held = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: { quietMs: number; maxWaitMs: number } = { quietMs: 15, maxWaitMs: 2_000 }) {}

  /** A request arrived (its headers were read); call what it returns once it has been answered or dropped. */
  arrived(): () => void {
    this.waiting++;
    this.lastArrival = performance.now();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.waiting--;
      this.check();
    };
  }

  /** Resolves once the burst has passed (see above), or after `maxWaitMs`. */
  async settled(): Promise<void> {
    // The I/O already received is read first, so requests that arrived together are counted.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.quiet()) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(longest);
        this.held.delete(done);
        resolve();
      };
      const longest = setTimeout(done, this.options.maxWaitMs);
      longest.unref();
      this.held.add(done);
      this.check();
    });
  }

  private quiet(): boolean {
    return this.waiting === 0 && performance.now() - this.lastArrival >= this.options.quietMs;
  }

  /** Lets the held work go when the burst has passed; otherwise looks again when it could have. */
  private check(): void {
    if (this.held.size === 0 || this.timer) return;
    if (this.quiet()) {
      for (const done of [...this.held]) done();
      return;
    }
    const wait = this.waiting > 0 ? this.options.quietMs : Math.max(1, this.options.quietMs - (performance.now() - this.lastArrival));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.check();
    }, wait);
    this.timer.unref();
  }
}

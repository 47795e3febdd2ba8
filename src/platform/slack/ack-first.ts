/**
 * Slack waits 3 s for an acknowledgement; the work a click starts (a vote, a reply) can wait
 * longer. In a burst (a thousand voters at once) the work of the clicks already acknowledged takes
 * the CPU from the clicks still arriving (on a small server, from the machine's other processes
 * too), so work after an ack waits until the burst has passed: no request waiting for its answer
 * and none arrived for `quietMs`. A single click waits `quietMs`. Under a load that never pauses
 * the work goes ahead anyway after `maxWaitMs`: delayed, never starved. Background work (App Home
 * refreshes) waits its turn here too.
 */
/**
 * Set in Bolt's context (a receiver event's customProperties) on a click the receiver answered and
 * held here already: the router does not hold it a second time.
 */
export const HELD_FOR_ACKS = 'heldForAcks';

export class AckFirst {
  private waiting = 0;
  private lastArrival = Number.NEGATIVE_INFINITY;
  /** The work held, oldest first, with when it was held. */
  private readonly held = new Map<() => void, number>();
  private timer: NodeJS.Timeout | undefined;
  private releasing = false;
  private readonly options: { quietMs: number; maxWaitMs: number; batch: number };

  constructor(options: { quietMs?: number; maxWaitMs?: number; batch?: number } = {}) {
    this.options = { quietMs: options.quietMs ?? 15, maxWaitMs: options.maxWaitMs ?? 2_000, batch: options.batch ?? 8 };
  }

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
    // Work still held goes first: new work waits its turn behind it.
    if (this.quiet() && this.held.size === 0) return;
    await new Promise<void>((resolve) => {
      this.held.set(resolve, performance.now());
      this.check();
    });
  }

  private quiet(): boolean {
    return this.waiting === 0 && performance.now() - this.lastArrival >= this.options.quietMs;
  }

  /**
   * Lets held work go when the burst has passed, or the work held longest once it has waited
   * `maxWaitMs`: a few at a time (`batch`), oldest first, with a turn of the event loop between,
   * so a request that arrives meanwhile is read, and holds the rest, before the work runs on
   * (released all at once, a thousand votes' first steps would keep the loop from reading
   * requests for a third of a second). Otherwise looks again when it could go.
   */
  private check(): void {
    if (this.held.size === 0 || this.timer || this.releasing) return;
    const now = performance.now();
    const quiet = this.quiet();
    let released = 0;
    for (const [done, heldAt] of this.held) {
      // Oldest first: when the oldest has not waited its longest, none has.
      if (released === this.options.batch || (!quiet && now - heldAt < this.options.maxWaitMs)) break;
      this.held.delete(done);
      done();
      released++;
    }
    if (this.held.size === 0) return;
    if (released > 0) {
      this.releasing = true;
      setImmediate(() => {
        this.releasing = false;
        this.check();
      });
      return;
    }
    const oldest = this.held.values().next().value ?? now;
    const untilQuiet = this.waiting > 0 ? this.options.quietMs : this.options.quietMs - (now - this.lastArrival);
    const untilLongest = this.options.maxWaitMs - (now - oldest);
    this.timer = setTimeout(() => {
      // Timers run before the loop reads I/O: after a busy turn (a collection, a batch of work) the
      // requests waiting in the socket buffers are not read yet, and the burst would look over. So
      // look once this turn has read them.
      setImmediate(() => {
        this.timer = undefined;
        this.check();
      });
    }, Math.max(1, Math.min(untilQuiet, untilLongest)));
    this.timer.unref();
  }
}

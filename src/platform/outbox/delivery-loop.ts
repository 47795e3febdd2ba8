import type { Clock } from '../clock';
import type { Logger } from '../logger';

export interface DeliveryLoopOptions {
  /** For logs. */
  name: string;
  logger: Logger;
  clock: Clock;
  /** How often to look for work left by failures or by other replicas. */
  sweepMs: number;
}

/** How many items one claim takes: a short batch was everything due. */
const BATCH = 20;

/**
 * What the publisher and the outbox share: when they work (soon after a change — `kick` —, at the
 * next due time, and at every sweep, which finds retries and other replicas' leftovers), and how
 * (claim a batch of what is due in the database, deliver each, until a batch comes back short).
 * One pass at a time; a kick during a pass runs one more pass after it, so nothing asked for is
 * left waiting for the sweep.
 */
export abstract class DeliveryLoop<Item> {
  private timer: NodeJS.Timeout | undefined;
  private sweep: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(private readonly loopOptions: DeliveryLoopOptions) {}

  /** Claims up to `limit` items due at `now` for this replica. */
  protected abstract claimDue(now: Date, limit: number): Promise<Item[]>;
  /** Delivers one claimed item; true when it reached Slack. */
  protected abstract deliver(item: Item, now: Date): Promise<boolean>;
  /** When the next item falls due, if any (the loop wakes up then rather than at the next sweep). */
  protected abstract nextDueAt(): Promise<Date | undefined>;

  start(): void {
    this.stopped = false;
    this.sweep = setInterval(() => this.kick(), this.loopOptions.sweepMs);
    this.sweep.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.sweep) clearInterval(this.sweep);
    this.timer = undefined;
    this.sweep = undefined;
    await this.running;
  }

  /** Something was asked for: deliver soon. Cheap and safe to call after every change. */
  kick(delayMs = 0): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delayMs);
  }

  /** Delivers everything due (at `now`, or the clock's time); resolves when done. Tests and jobs call this directly. */
  async flush(now?: Date): Promise<number> {
    if (this.running) {
      this.again = true;
      await this.running;
    }
    let delivered = 0;
    const work = (async () => {
      do {
        this.again = false;
        delivered += await this.deliverDue(now ?? this.loopOptions.clock.now());
      } while (this.again && !this.stopped);
    })();
    this.running = work.catch((error: unknown) => {
      this.loopOptions.logger.warn({ err: errorSummary(error) }, `${this.loopOptions.name} pass failed`);
    });
    await this.running;
    this.running = undefined;
    if (!this.stopped && !now) await this.scheduleNext();
    return delivered;
  }

  private async deliverDue(now: Date): Promise<number> {
    let delivered = 0;
    for (;;) {
      const batch = await this.claimDue(now, BATCH);
      for (const item of batch) if (await this.deliver(item, now)) delivered++;
      // A short batch was everything due at `now`: no need for one more (empty) claim per pass.
      if (batch.length < BATCH) return delivered;
    }
  }

  private async scheduleNext(): Promise<void> {
    try {
      const due = await this.nextDueAt();
      if (!due) return;
      const delay = Math.max(0, due.getTime() - this.loopOptions.clock.now().getTime());
      if (delay <= this.loopOptions.sweepMs) this.kick(delay + 5);
    } catch {
      // The sweep will try again.
    }
  }
}

export function errorSummary(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

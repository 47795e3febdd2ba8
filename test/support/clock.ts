import type { Clock } from '../../src/platform/clock';

/** A Tuesday in summer time, 10:00 in Rome: the default "now" of tests (no test depends on today's date). */
export const TEST_START = new Date('2026-05-12T08:00:00Z');

/**
 * The app's clock in tests: it starts at a fixed instant and runs at the speed of real time (the
 * publisher coalesces by stored instants, so a frozen clock would freeze it), and a test can jump
 * it forward (`advance`) or set it (`set`), e.g. past a deadline, before calling a job's run(now).
 */
export class TestClock implements Clock {
  private base: number;
  private startedAt = performance.now();

  constructor(start: Date = TEST_START) {
    this.base = start.getTime();
  }

  now(): Date {
    return new Date(this.base + (performance.now() - this.startedAt));
  }

  set(instant: Date): void {
    this.base = instant.getTime();
    this.startedAt = performance.now();
  }

  advance(ms: number): void {
    this.set(new Date(this.now().getTime() + ms));
  }
}

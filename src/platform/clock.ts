/**
 * The one reader of the time (DESIGN.md §3). Everything that needs "now" is given a Clock:
 * use cases through their dependencies, jobs through `run(now)`. Tests pass a fake clock
 * (test/support/clock.ts), so no test depends on today's date. Durations (timeouts, latency
 * metrics) use timers and performance.now(), which are not the time of day.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = {
  now: () => new Date(),
};

import { AckFirst } from '../../src/platform/slack/ack-first';

/** Whether the promise has settled after the I/O and timers already due have run. */
async function isSettled(promise: Promise<void>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

describe('AckFirst: a click’s work lets the requests still waiting for their ack go first', () => {
  test('with no request waiting, the work goes ahead at once', async () => {
    await expect(isSettled(new AckFirst().settled())).resolves.toBe(true);
  });

  test('the work waits while a request waits for its ack, and goes when the last one is answered', async () => {
    const gate = new AckFirst(60_000);
    const first = gate.arrived();
    const second = gate.arrived();
    const work = gate.settled();
    expect(await isSettled(work)).toBe(false);
    first();
    expect(await isSettled(work)).toBe(false);
    second();
    expect(await isSettled(work)).toBe(true);
  });

  test('an answer reported twice (finish, then close) counts once', async () => {
    const gate = new AckFirst(60_000);
    const first = gate.arrived();
    const second = gate.arrived();
    first();
    first();
    const work = gate.settled();
    expect(await isSettled(work)).toBe(false);
    second();
    expect(await isSettled(work)).toBe(true);
  });

  test('under load that never pauses, the work goes ahead after the longest wait', async () => {
    const gate = new AckFirst(20);
    gate.arrived();
    const work = gate.settled();
    expect(await isSettled(work)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(await isSettled(work)).toBe(true);
  });
});

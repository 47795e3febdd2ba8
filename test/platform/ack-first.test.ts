import net, { type AddressInfo } from 'node:net';
import { once } from 'node:events';
import { AckFirst } from '../../src/platform/slack/ack-first';

// The clock is Jest's (timers and performance.now): time passes only when a test says so.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** Whether the promise has settled once what is already due has run. */
async function isSettled(promise: Promise<void>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await jest.advanceTimersByTimeAsync(0);
  await jest.advanceTimersByTimeAsync(0);
  return settled;
}

const pause = (ms: number) => jest.advanceTimersByTimeAsync(ms);

describe('AckFirst: a click’s work waits until the burst of clicks has been acknowledged', () => {
  test('with no request arriving, the work goes ahead at once', async () => {
    await expect(isSettled(new AckFirst({ quietMs: 10, maxWaitMs: 60_000 }).settled())).resolves.toBe(true);
  });

  test('the work waits while a request waits for its ack, then for a quiet moment, then goes', async () => {
    const gate = new AckFirst({ quietMs: 30, maxWaitMs: 60_000 });
    const first = gate.arrived();
    const second = gate.arrived();
    const work = gate.settled();
    await pause(50);
    expect(await isSettled(work)).toBe(false);
    first();
    await pause(50);
    expect(await isSettled(work)).toBe(false); // the second request still waits for its ack
    second();
    await pause(60);
    expect(await isSettled(work)).toBe(true);
  });

  test('requests that keep arriving hold the work, and it goes once they stop', async () => {
    const gate = new AckFirst({ quietMs: 40, maxWaitMs: 60_000 });
    gate.arrived()();
    const work = gate.settled();
    for (let i = 0; i < 4; i++) {
      await pause(15);
      gate.arrived()();
      expect(await isSettled(work)).toBe(false);
    }
    await pause(80);
    expect(await isSettled(work)).toBe(true);
  });

  test('an answer reported twice (finish, then close) counts once', async () => {
    const gate = new AckFirst({ quietMs: 1, maxWaitMs: 60_000 });
    const first = gate.arrived();
    const second = gate.arrived();
    first();
    first();
    const work = gate.settled();
    await pause(20);
    expect(await isSettled(work)).toBe(false);
    second();
    await pause(20);
    expect(await isSettled(work)).toBe(true);
  });

  test('under load that never pauses, the work goes ahead after the longest wait', async () => {
    const gate = new AckFirst({ quietMs: 10, maxWaitMs: 30 });
    gate.arrived();
    const work = gate.settled();
    expect(await isSettled(work)).toBe(false);
    await pause(60);
    expect(await isSettled(work)).toBe(true);
  });

  test('held work goes a few at a time, oldest first, and a request read between two batches holds the rest', async () => {
    const gate = new AckFirst({ quietMs: 10, maxWaitMs: 60_000, batch: 2 });
    const answered = gate.arrived();
    const ran: number[] = [];
    let between: (() => void) | undefined;
    const works = Array.from({ length: 6 }, (_, i) =>
      gate.settled().then(() => {
        ran.push(i);
        // A request arrives while the first batch runs.
        if (i === 1) between = gate.arrived();
      }),
    );
    await pause(0);
    answered();
    await pause(20);
    expect(ran).toEqual([0, 1]);
    await pause(100);
    expect(ran).toEqual([0, 1]);
    between!();
    await pause(20);
    expect(ran).toEqual([0, 1, 2, 3, 4, 5]);
    await Promise.all(works);
  });

  test('work that has waited its longest goes even while requests wait, still a few at a time', async () => {
    const gate = new AckFirst({ quietMs: 10, maxWaitMs: 30, batch: 2 });
    gate.arrived();
    const ran: number[] = [];
    const works = Array.from({ length: 5 }, (_, i) => gate.settled().then(() => ran.push(i)));
    await pause(20);
    expect(ran).toEqual([]);
    await pause(20);
    expect(ran).toEqual([0, 1, 2, 3, 4]);
    await Promise.all(works);
  });

  test('new work waits behind work still held', async () => {
    const gate = new AckFirst({ quietMs: 10, maxWaitMs: 60_000, batch: 1 });
    const answered = gate.arrived();
    const ran: Array<number | string> = [];
    let later: Promise<unknown> | undefined;
    const works = Array.from({ length: 3 }, (_, i) =>
      gate.settled().then(() => {
        ran.push(i);
        if (i === 0) later = gate.settled().then(() => ran.push('later'));
      }),
    );
    await pause(0);
    answered();
    await pause(30);
    await Promise.all([...works, later]);
    expect(ran).toEqual([0, 1, 2, 'later']);
  });
});

describe('AckFirst on the real event loop', () => {
  beforeEach(() => jest.useRealTimers());

  test('a busy turn does not make the burst look over: a request that arrived meanwhile is read before held work goes', async () => {
    const gate = new AckFirst({ quietMs: 10, maxWaitMs: 60_000 });
    // A request is "read" when its bytes are: a socket's data event, as the HTTP server's.
    const answers: Array<() => void> = [];
    const server = net.createServer((socket) => socket.on('data', () => answers.push(gate.arrived())));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
    await once(client, 'connect');
    try {
      const first = gate.arrived();
      let went = false;
      const work = gate.settled().then(() => (went = true));
      await new Promise((resolve) => setImmediate(resolve));
      first();
      // The loop is busy past the quiet moment while the next request reaches the socket.
      client.write('next request');
      const busyUntil = performance.now() + 50;
      while (performance.now() < busyUntil);
      await new Promise((resolve) => setTimeout(resolve, 40));
      expect(answers).toHaveLength(1);
      expect(went).toBe(false);
      answers[0]!();
      await work;
      expect(went).toBe(true);
    } finally {
      client.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { MEMORY } from '../../src/platform/database';
import { silentLogger } from '../../src/platform/logger';
import { createMetrics } from '../../src/platform/metrics';
import { HELD_FOR_ACKS } from '../../src/platform/slack/ack-first';
import { createBoltApp } from '../../src/platform/slack/bolt-app';
import { InFlight } from '../../src/platform/slack/in-flight';
import { testConfig } from '../support/platform';
import { blockActionPayload, commandBody, postSigned, type HttpResult } from '../support/slack-requests';

const SECRET = 'click-handoff-signing-secret-0123';
const FORM = 'application/x-www-form-urlencoded';

/** A gate whose held work goes only when the test says so (the app's AckFirst decides that by itself). */
class ManualGate {
  private readonly held: Array<() => void> = [];
  arrived(): () => void {
    return () => {};
  }
  settled(): Promise<void> {
    return new Promise((resolve) => this.held.push(resolve));
  }
  get waiting(): number {
    return this.held.length;
  }
  release(): void {
    for (const go of this.held.splice(0)) go();
  }
}

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function until(condition: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Whether the promise settles within a few turns of the event loop. */
async function settlesSoon(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await new Promise((r) => setTimeout(r, 50));
  return settled;
}

describe('the receiver answers a click itself and hands it to Bolt after the ack', () => {
  let app: App;
  let server: Server;
  let url: string;
  let gate: ManualGate;
  let inFlight: InFlight;
  const metrics = createMetrics({ enabled: true, logger: silentLogger() });
  const clicks: Array<{ user: string; action: string; held: unknown }> = [];
  let handlerDone = deferred();

  beforeAll(async () => {
    gate = new ManualGate();
    inFlight = new InFlight();
    const config = testConfig({ apiUrl: 'http://127.0.0.1:9/api/', database: { kind: 'pglite', dataDir: MEMORY }, signingSecret: SECRET });
    app = createBoltApp({ config, logger: silentLogger(), health: async () => ({ ok: true, body: {} }), identity: { botId: 'BTEST', botUserId: 'UBOT' }, metrics, ackFirst: gate, inFlight });
    app.action(/.*/, inFlight.track(async (args: SlackActionMiddlewareArgs & AllMiddlewareArgs) => {
      await args.ack();
      const body = args.body as BlockAction;
      clicks.push({ user: body.user.id, action: body.actions[0]!.action_id, held: args.context[HELD_FOR_ACKS] });
      await handlerDone.promise;
    }));
    app.command(/.*/, async ({ ack }) => {
      await ack({ response_type: 'ephemeral', text: 'from the listener' });
    });
    server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterAll(async () => {
    gate.release();
    handlerDone.resolve();
    await inFlight.idle();
    server.closeAllConnections();
    await app.stop();
  });
  beforeEach(() => {
    clicks.length = 0;
    handlerDone = deferred();
  });

  const click = (userId: string, actionId = 'poll_vote:1'): Promise<HttpResult> =>
    postSigned(url, `payload=${encodeURIComponent(JSON.stringify(blockActionPayload({ userId, actionId, responseUrl: 'http://127.0.0.1:9/respond' })))}`, { secret: SECRET, contentType: FORM });

  it('answers 200 before any listener runs, runs it once the gate lets it go, and counts it in flight until it ends', async () => {
    const res = await click('UCLICK1');
    expect({ status: res.status, text: res.text }).toEqual({ status: 200, text: '' });
    // Answered, held: no listener has run, and a stop would wait for it.
    expect(clicks).toEqual([]);
    expect(gate.waiting).toBe(1);
    expect(await settlesSoon(inFlight.idle())).toBe(false);

    gate.release();
    await until(() => clicks.length === 1);
    // Marked as held already, so the router does not hold it a second time.
    expect(clicks).toEqual([{ user: 'UCLICK1', action: 'poll_vote:1', held: true }]);
    // The listener is running (its work not done): still in flight.
    expect(await settlesSoon(inFlight.idle())).toBe(false);
    handlerDone.resolve();
    expect(await settlesSoon(inFlight.idle())).toBe(true);
  });

  it('counts the click on the metrics as an action answered 200', async () => {
    const count = (text: string) => Number(/^isonew_slack_requests_total\{surface="action",status="2xx"\} (\d+)$/m.exec(text)?.[1] ?? 0);
    const before = (await metrics.render()).body;
    handlerDone.resolve();
    await click('UCLICK2');
    gate.release();
    await until(() => clicks.length === 1);
    const after = (await metrics.render()).body;
    expect(count(after) - count(before)).toBe(1);
  });

  it('leaves a command to Bolt: its answer comes from the listener', async () => {
    const res = await postSigned(url, commandBody({ command: '/rete', text: 'lista', userId: 'UCMD1', responseUrl: 'http://127.0.0.1:9/respond' }), { secret: SECRET, contentType: FORM });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ text: 'from the listener' });
    expect(gate.waiting).toBe(0);
  });

  it('refuses an unsigned, a stale or a malformed click as Bolt would, and hands none of them over', async () => {
    const payload = blockActionPayload({ userId: 'UCLICK3', actionId: 'poll_vote:1', responseUrl: 'http://127.0.0.1:9/respond' });
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    expect((await postSigned(url, body, { secret: 'not-the-secret', contentType: FORM })).status).toBe(401);
    expect((await postSigned(url, body, { secret: SECRET, contentType: FORM, timestamp: Math.floor(Date.now() / 1000) - 10 * 60 })).status).toBe(401);
    const noUser = `payload=${encodeURIComponent(JSON.stringify({ ...payload, user: undefined }))}`;
    expect((await postSigned(url, noUser, { secret: SECRET, contentType: FORM })).status).toBe(400);
    expect(gate.waiting).toBe(0);
    expect(clicks).toEqual([]);
  });
});

import { silentLogger } from '../../src/platform/logger';
import { HomeTabs } from '../../src/platform/slack/home-tabs';
import type { HomeView, SlackClient } from '../../src/platform/slack/types';

/** A gate that holds background work until the test lets it go (the app's AckFirst, during a burst of clicks). */
class ManualGate {
  private readonly held: Array<() => void> = [];
  settled(): Promise<void> {
    return new Promise((resolve) => this.held.push(resolve));
  }
  release(): void {
    for (const go of this.held.splice(0)) go();
  }
}

async function until(condition: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('App Home refreshes in the background', () => {
  test('wait while clicks wait for their acks, then publish', async () => {
    const published: string[] = [];
    const client = { views: { publish: async (args: { user_id: string }) => void published.push(args.user_id) } } as unknown as SlackClient;
    const gate = new ManualGate();
    const homes = new HomeTabs({ client, logger: silentLogger(), membersOf: async () => [], ackFirst: gate });
    let rendered = 0;
    homes.setRenderer(async () => {
      rendered++;
      return { type: 'home', blocks: [] } as HomeView;
    });
    try {
      homes.refresh(['UHOME1']);
      // Past the refresh's own quiet moment (300 ms): still held, nothing read or published.
      await new Promise((r) => setTimeout(r, 450));
      expect({ rendered, published }).toEqual({ rendered: 0, published: [] });
      gate.release();
      await until(() => published.length === 1);
      expect({ rendered, published }).toEqual({ rendered: 1, published: ['UHOME1'] });
      await homes.idle();
    } finally {
      homes.stop();
    }
  });
});

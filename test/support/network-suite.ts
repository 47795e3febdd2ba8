import { TEST_START, type TestClock } from './clock';
import type { DatabaseKind } from './databases';
import { startTestApp, type TestApp } from './harness';
import { buildNetwork, type TestMember } from './network';

/**
 * The usual frame of an integration test file, inside its `describe`: one app per database kind,
 * and before each test an empty database, the clock back at `start`, the ISO.NEW organizations and
 * these members. Read `app` and `orgs` in a test (or in a `beforeEach` declared after this call).
 */
export function networkSuite(kind: DatabaseKind, clock: TestClock, members: readonly TestMember[], start: Date = TEST_START): { app: TestApp; orgs: Record<string, number> } {
  const suite = { app: undefined as unknown as TestApp, orgs: {} as Record<string, number> };
  beforeAll(async () => {
    suite.app = await startTestApp(kind, { clock });
  });
  afterAll(async () => {
    await suite.app.stop();
  });
  beforeEach(async () => {
    clock.set(start);
    await suite.app.reset();
    suite.app.slack.setClock(() => clock.now().getTime());
    suite.orgs = (await buildNetwork(suite.app.byHand, members, { now: clock.now() })).orgs;
  });
  return suite;
}

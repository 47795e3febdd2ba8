import type { Clock } from '../../src/platform/clock';
import { startStandIn, type StandIn } from '../../src/local/stand-in';
import type { BotIdentity } from '../../src/local/demo-users';
import type { Json } from '../../src/local/workspace';
import { blockKit } from './block-kit-schema';

export type { Fault, PostedMessage, SlackCall } from '../../src/local/stand-in';

/**
 * Slack for the tests: the playground's stand-in (src/local/stand-in.ts) with an open workspace
 * (anyone, any channel and message the app names is there: the tests' people live in the
 * database), any token accepted, and every payload checked against Slack's Block Kit schema
 * (a refusal is answered invalid_blocks and kept in `violations`). Tests assert on its `calls`,
 * `posted` and `responses`, and play Slack's failures with `failNext`.
 */
export type FakeSlack = StandIn;

/** The bot and workspace the tests' Slack says the app is. */
export const TEST_BOT: BotIdentity = {
  userId: 'UBOT',
  botId: 'BBOT',
  name: 'isonew',
  teamId: 'T0TEST',
  teamDomain: 'isonew-test',
  teamName: 'ISO.NEW test',
  appId: 'A0TEST',
  url: 'https://isonew-test.slack.com/',
};

/** What Slack would refuse in a call's blocks or view. */
export function blockKitViolation(method: string, args: Json): string | undefined {
  switch (method) {
    case 'chat.postMessage':
    case 'chat.update':
    case 'chat.postEphemeral':
      return blockKit.message(args.blocks);
    case 'views.open':
    case 'views.push':
    case 'views.update':
      return blockKit.modal(args.view);
    case 'views.publish':
      return blockKit.home(args.view);
    default:
      return undefined;
  }
}

/** `clock`: Slack's clock, when the test runs the app at a simulated time (a TestClock); the system clock otherwise. */
export function startFakeSlack(options: { clock?: Clock } = {}): Promise<FakeSlack> {
  return startStandIn({ people: 'anyone', bot: TEST_BOT, clock: options.clock, validate: blockKitViolation });
}

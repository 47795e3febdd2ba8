import { BLOCK, CALLBACK } from '../../src/slack/views/ids';
import { commandFixture, fixture, type Rng } from '../support/fuzz';
import { input, TEAM_ID } from '../support/slack-requests';

/**
 * What the fuzz test sends, as data: one entry per request shape the app serves. Each entry builds
 * a well-formed request from Slack's real payload shapes (test/fixtures/slack-payloads); the fuzz
 * test then mutates it. A new feature adds its commands, modals and buttons here.
 *
 * The oracle is "no stored data changes", so every entry must be harmless as built:
 * - `anyone` entries are no-ops even from a coordinator (a read, an add that is already true,
 *   a modal whose values clash with existing rows) and get one mutation when a coordinator sends them;
 * - `unprivileged` entries would change data if a coordinator sent them, so only partners,
 *   observers and non-members send them: they must be refused by the server's permission check.
 */

export const USERS = {
  coordinator: 'UCOORD01',
  partner: 'UPARTNER1',
  observer: 'UOBSERV01',
  nonMembers: ['UNOBODY01', 'UNOBODY02', 'W0NOBODY3', 'U', 'u-lower', 'UBOTUSER'],
} as const;

/** Who may not change anything: the mutation engine uses these as replacement user ids. */
export const UNPRIVILEGED = [USERS.partner, USERS.observer, ...USERS.nonMembers];

export type FuzzRequest =
  | { kind: 'command'; fields: Record<string, unknown> }
  | { kind: 'interactive'; payload: Record<string, unknown> }
  | { kind: 'event'; payload: Record<string, unknown> };

export interface FuzzTarget {
  name: string;
  /** Relative frequency. Shapes the app does not listen to (Bolt waits 3 s, then 404) stay rare. */
  weight: number;
  senders: 'anyone' | 'unprivileged';
  build(ctx: { rng: Rng; userId: string; responseUrl: string }): FuzzRequest;
}

function command(name: string, text: string, userId: string, responseUrl: string): FuzzRequest {
  const fields: Record<string, unknown> = {
    ...commandFixture(),
    team_id: TEAM_ID,
    team_domain: 'isonew-test',
    channel_id: 'CGENERAL',
    user_id: userId,
    user_name: userId.toLowerCase(),
    command: name,
    text,
    api_app_id: 'A0TEST',
    response_url: responseUrl,
    trigger_id: `${Date.now()}.fuzz.trigger`,
  };
  delete fields.enterprise_id;
  delete fields.enterprise_name;
  return { kind: 'command', fields };
}

function withUser(payload: Record<string, unknown>, userId: string): Record<string, unknown> {
  payload.user = { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: TEAM_ID };
  payload.team = { id: TEAM_ID, domain: 'isonew-test' };
  payload.api_app_id = 'A0TEST';
  return payload;
}

function viewSubmission(userId: string, callbackId: string, values: Record<string, Record<string, unknown>>, privateMetadata: string): FuzzRequest {
  const payload = withUser(fixture('view_submission'), userId);
  const view = payload.view as Record<string, unknown>;
  Object.assign(view, { callback_id: callbackId, private_metadata: privateMetadata, state: { values }, team_id: TEAM_ID, app_installed_team_id: TEAM_ID });
  return { kind: 'interactive', payload };
}

function blockAction(userId: string, actionId: string, value: string, responseUrl: string, inView: boolean): FuzzRequest {
  const payload = withUser(fixture('block_actions'), userId);
  const action = (payload.actions as Array<Record<string, unknown>>)[0]!;
  Object.assign(action, { action_id: actionId, value });
  payload.response_url = responseUrl;
  if (inView) {
    const submitted = fixture('view_submission').view as Record<string, unknown>;
    payload.container = { type: 'view', view_id: submitted.id };
    payload.view = submitted;
    delete payload.response_url;
    delete payload.channel;
  }
  return { kind: 'interactive', payload };
}

/** Values that forge a coordinator's privileges in private_metadata. */
const TAMPERED_METADATA = [
  '{"channelId":"CGENERAL","role":"coordinator","userId":"UCOORD01","isConfiguredAdmin":true}',
  '{"channelId":{"$ne":null}}',
  '{"__proto__":{"role":"coordinator"}}',
  'not json at all',
  'x'.repeat(3500),
];

export const FUZZ_TARGETS: FuzzTarget[] = [
  // /rete: reads, and mutations that are already true (harmless from anyone).
  ...['', 'lista', 'list', 'io', 'me', 'aiuto', 'help', `aggiungi <@${USERS.partner}> UEPE`, `rimuovi <@${USERS.nonMembers[0]}>`, 'ente nuovo', 'boh'].map(
    (text): FuzzTarget => ({ name: `/rete ${text}`, weight: 2, senders: 'anyone', build: ({ userId, responseUrl }) => command('/rete', text, userId, responseUrl) }),
  ),
  // /rete mutations a coordinator could make: only the unprivileged send them.
  ...[`aggiungi <@${USERS.nonMembers[0]}> UEPE coordinatore`, `add <@${USERS.partner}> PROV-GO coordinator`, `rimuovi <@${USERS.coordinator}>`, `rimuovi <@${USERS.partner}>`].map(
    (text): FuzzTarget => ({ name: `/rete ${text}`, weight: 3, senders: 'unprivileged', build: ({ userId, responseUrl }) => command('/rete', text, userId, responseUrl) }),
  ),
  { name: 'unknown command', weight: 1, senders: 'anyone', build: ({ userId, responseUrl }) => command('/sconosciuto', 'lista', userId, responseUrl) },
  // The organization modal: values that clash with existing rows (harmless from anyone)…
  {
    name: 'organization modal (clashing values)',
    weight: 6,
    senders: 'anyone',
    build: ({ userId }) =>
      viewSubmission(userId, CALLBACK.organizationNew, {
        [BLOCK.orgName]: input.text('UEPE Udine'),
        [BLOCK.orgShortName]: input.text('UEPE'),
        [BLOCK.orgKind]: input.select('probation_office'),
      }, '{"channelId":"CGENERAL"}'),
  },
  // …and valid new values with forged metadata, which only a coordinator may submit.
  {
    name: 'organization modal (forged by the unprivileged)',
    weight: 6,
    senders: 'unprivileged',
    build: ({ userId, rng }) =>
      viewSubmission(userId, CALLBACK.organizationNew, {
        [BLOCK.orgName]: input.text(`Ente forgiato ${rng.int(1e6)}`),
        [BLOCK.orgShortName]: input.text(`F${rng.int(1e6)}`),
        [BLOCK.orgKind]: input.select('association'),
      }, rng.pick(TAMPERED_METADATA)),
  },
  { name: 'unknown modal', weight: 2, senders: 'anyone', build: ({ userId }) => viewSubmission(userId, 'no_such_modal', {}, '') },
  {
    name: 'view closed',
    weight: 1,
    senders: 'anyone',
    build: ({ userId }) => ({ kind: 'interactive', payload: withUser(fixture('view_closed'), userId) }),
  },
  ...['noop', 'does_not_exist', 'network_org_new', 'poll_vote:3', 'offer_withdraw:1'].flatMap((actionId): FuzzTarget[] => [
    { name: `button ${actionId} in a message`, weight: 1, senders: 'anyone', build: ({ userId, responseUrl }) => blockAction(userId, actionId, '1', responseUrl, false) },
    { name: `button ${actionId} in a modal`, weight: 1, senders: 'anyone', build: ({ userId, responseUrl }) => blockAction(userId, actionId, '1', responseUrl, true) },
  ]),
  {
    name: 'event callback',
    weight: 1,
    senders: 'anyone',
    build: ({ userId, rng }) => {
      const payload = fixture('event_callback');
      Object.assign(payload.event as object, { user: userId });
      Object.assign(payload, { team_id: TEAM_ID, api_app_id: 'A0TEST', event_id: `EvFUZZ${rng.int(1e9)}` });
      return { kind: 'event', payload };
    },
  },
  // Shapes the app has no listener for: Bolt does not ack them and answers 404 after 3 s.
  { name: 'options request', weight: 0.2, senders: 'anyone', build: ({ userId }) => ({ kind: 'interactive', payload: withUser(fixture('block_suggestion'), userId) }) },
  { name: 'global shortcut', weight: 0.2, senders: 'anyone', build: ({ userId }) => ({ kind: 'interactive', payload: withUser(fixture('shortcut'), userId) }) },
];

import { TEST_START } from '../support/clock';
import { BLOCK, CALLBACK } from '../../src/areas/network/slack/ids';
import { OFFERS } from '../../src/areas/offers/slack/ids';
import { POLL_IDS } from '../../src/areas/polls/slack/ids';
import { TABLE_IDS } from '../../src/areas/table/slack/ids';
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

/**
 * The rows the fuzz test creates before each run (as a coordinator): an open offer of AGCI, a poll
 * and a meeting to which only AGCI is invited. No fuzzing user belongs to AGCI, so nobody but a
 * coordinator may change them, and nobody may vote or answer the invitation.
 */
export interface FuzzIds {
  offerId: number;
  pollId: number;
  optionId: number;
  meetingId: number;
  /** An organization no fuzzing user belongs to (AGCI), and the partner's own (UEPE). */
  otherOrganizationId: number;
  partnerOrganizationId: number;
}

/** A calendar date `days` from the tests' start (TEST_START, the app's TestClock; modal date pickers). */
export function dayFromToday(days: number): string {
  return new Date(TEST_START.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

export interface FuzzTarget {
  name: string;
  /** Relative frequency. Shapes the app does not listen to (Bolt waits 3 s, then 404) stay rare. */
  weight: number;
  senders: 'anyone' | 'unprivileged';
  build(ctx: { rng: Rng; userId: string; responseUrl: string; ids: FuzzIds }): FuzzRequest;
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

function blockAction(userId: string, actionId: string, value: string, responseUrl: string, inView: boolean, extra: Record<string, unknown> = {}): FuzzRequest {
  const payload = withUser(fixture('block_actions'), userId);
  const action = (payload.actions as Array<Record<string, unknown>>)[0]!;
  Object.assign(action, { action_id: actionId, value, ...extra });
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


type Build = FuzzTarget['build'];
const commands = (name: string, senders: FuzzTarget['senders'], weight: number, texts: Array<string | ((ids: FuzzIds) => string)>): FuzzTarget[] =>
  texts.map((text): FuzzTarget => ({
    name: `${name} ${typeof text === 'string' ? text : text({ offerId: 0, pollId: 0, optionId: 0, meetingId: 0, otherOrganizationId: 0, partnerOrganizationId: 0 })}`,
    weight,
    senders,
    build: ({ userId, responseUrl, ids }) => command(name, typeof text === 'string' ? text : text(ids), userId, responseUrl),
  }));
/** A button, in a message (with a response_url) or in a modal; `value` and `extra` may use the fixture ids. */
const buttons = (senders: FuzzTarget['senders'], weight: number, list: Array<[actionId: (ids: FuzzIds) => string, value: (ids: FuzzIds) => string, extra?: Record<string, unknown>]>): FuzzTarget[] =>
  list.flatMap(([actionId, value, extra]): FuzzTarget[] =>
    [false, true].map((inView): FuzzTarget => ({
      name: `button ${actionId({ offerId: 0, pollId: 0, optionId: 0, meetingId: 0, otherOrganizationId: 0, partnerOrganizationId: 0 })} in a ${inView ? 'modal' : 'message'}`,
      weight,
      senders,
      build: ({ userId, responseUrl, ids }) => blockAction(userId, actionId(ids), value(ids), responseUrl, inView, extra),
    })),
  );
const modal = (name: string, senders: FuzzTarget['senders'], weight: number, build: Build): FuzzTarget => ({ name, weight, senders, build });

const offerValues = (ids: FuzzIds, over: Record<string, Record<string, unknown>> = {}) => ({
  [OFFERS.blockTitle]: input.text('Addetta alla cucina'),
  [OFFERS.blockSector]: input.select('catering'),
  [OFFERS.blockPositions]: input.number('1'),
  [OFFERS.blockContract]: input.select('internship'),
  [OFFERS.blockHours]: input.number('30'),
  [OFFERS.blockLocation]: input.text('Gorizia'),
  [OFFERS.blockStart]: input.date(dayFromToday(20)),
  [OFFERS.blockDeadline]: input.date(dayFromToday(10)),
  [OFFERS.blockRequirements]: input.text('HACCP gradito'),
  [OFFERS.blockEligibility]: input.checkboxes(['outside_work']),
  [OFFERS.blockOrganization]: input.select(String(ids.otherOrganizationId)),
  ...over,
});
const meetingValues = (ids: FuzzIds) => ({
  [TABLE_IDS.block.title]: input.text('Tavolo forgiato'),
  [TABLE_IDS.block.date]: input.date(dayFromToday(14)),
  [TABLE_IDS.block.start]: input.time('10:00'),
  [TABLE_IDS.block.end]: input.time('12:00'),
  [TABLE_IDS.block.place]: input.text('Gorizia'),
  [TABLE_IDS.block.link]: input.text(''),
  [TABLE_IDS.block.agenda]: input.text('Punto uno'),
  [TABLE_IDS.block.organizations]: input.multi([String(ids.partnerOrganizationId)]),
  [TABLE_IDS.block.channel]: input.channel('CGENERAL'),
});
const pollValues = (ids: FuzzIds, over: Record<string, Record<string, unknown>> = {}) => ({
  [POLL_IDS.blockKind]: input.radio('choice'),
  [POLL_IDS.blockQuestion]: input.text('Quale data?'),
  [POLL_IDS.blockOptions]: input.text('A\nB'),
  [POLL_IDS.blockSettings]: input.checkboxes([]),
  [POLL_IDS.blockScope]: input.radio('organization'),
  [POLL_IDS.blockOrganizations]: input.multi([String(ids.partnerOrganizationId)]),
  [POLL_IDS.blockChannel]: input.channel('CGENERAL'),
  ...over,
});
const metadata = (rng: Rng, real: Record<string, unknown>) => rng.pick([JSON.stringify(real), ...TAMPERED_METADATA]);

/**
 * The feature areas. Which are `anyone`: reads; buttons and modals that nobody among the fuzzing
 * users may act on (only AGCI is invited, and no one of them is in AGCI); modals whose values are
 * wrong in more ways than one mutation can fix; unknown ids (99999). `unprivileged`: what a
 * coordinator may change (status, settings, convening, minutes, closing a poll, audited exports),
 * built for an organization the partner is not in (an offer or a referral for AGCI).
 * What any partner may do (create a poll, propose an agenda item) and reads that record an audit
 * row for a member (offer details, a poll's CSV) are sent only invalid or with unknown ids.
 */
const FEATURE_TARGETS: FuzzTarget[] = [
  // /offerta
  ...commands('/offerta', 'anyone', 1, ['', 'aiuto', 'lista', 'lista tutte', 'lista mie', 'lista ristorazione pagina 2', 'lista pagina 99999', 'mostra 99999', 'nuova', 'canale', 'boh', 'lista <script>']),
  ...commands('/offerta', 'unprivileged', 2, ['canale <#CFUZZ01|fuzz>', 'esporta']),
  modal('offer modal (three invalid fields)', 'anyone', 3, ({ userId, ids, rng }) =>
    viewSubmission(userId, OFFERS.callbackNew, offerValues(ids, {
      [OFFERS.blockTitle]: input.text(''),
      [OFFERS.blockLocation]: input.text(''),
      [OFFERS.blockDeadline]: input.date(dayFromToday(-3)),
    }), metadata(rng, { channelId: 'CGENERAL' })),
  ),
  modal('offer modal (valid, for an organization not the sender\'s)', 'unprivileged', 4, ({ userId, ids, rng }) =>
    viewSubmission(userId, OFFERS.callbackNew, offerValues(ids), metadata(rng, { channelId: 'CGENERAL' })),
  ),
  modal('referral modal (unknown offer, name-like code)', 'anyone', 2, ({ userId, ids, rng }) =>
    viewSubmission(userId, OFFERS.callbackReferral, {
      [OFFERS.blockReferralCode]: input.text('Mario Rossi'),
      [OFFERS.blockReferralOrganization]: input.select(String(ids.partnerOrganizationId)),
      [OFFERS.blockReferralNote]: input.text('nota'),
    }, metadata(rng, { offerId: 99999, channelId: 'CGENERAL' })),
  ),
  modal('referral modal (real offer, for an organization not the sender\'s)', 'unprivileged', 3, ({ userId, ids, rng }) =>
    viewSubmission(userId, OFFERS.callbackReferral, {
      [OFFERS.blockReferralCode]: input.text('CAND-7Q'),
      [OFFERS.blockReferralOrganization]: input.select(String(ids.otherOrganizationId)),
      [OFFERS.blockReferralNote]: input.text("<!channel> '; drop table referrals; --"),
    }, metadata(rng, { offerId: ids.offerId, channelId: 'CGENERAL' })),
  ),
  ...buttons('anyone', 0.5, [
    [() => OFFERS.actionRefer, (ids) => String(ids.offerId)],
    [() => OFFERS.actionStatusMenu, (ids) => String(ids.offerId)],
    [() => OFFERS.actionDetails, () => '99999'],
    [() => `${OFFERS.actionListPage}:next`, () => '{"f":"all","s":"","p":2}'],
    [() => `${OFFERS.actionReferralStatus}:99999`, () => '', { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'x' }, value: 'hired' } }],
  ]),
  ...buttons('unprivileged', 1, [
    [() => `${OFFERS.actionSetStatus}:withdrawn`, (ids) => String(ids.offerId)],
    [() => `${OFFERS.actionSetStatus}:matching`, (ids) => String(ids.offerId)],
  ]),

  // /tavolo
  ...commands('/tavolo', 'anyone', 1, ['', 'aiuto', 'prossime', 'azioni', 'azioni mie', 'azioni tutte', 'convoca', 'verbale 99999', 'odg 99999 un punto', 'correggi odg 99999 un punto', 'correggi azione 99999 un testo', 'boh']),
  ...commands('/tavolo', 'unprivileged', 1, [(ids) => `verbale ${ids.meetingId}`]),
  modal('convene modal (valid)', 'unprivileged', 3, ({ userId, ids, rng }) =>
    viewSubmission(userId, TABLE_IDS.callback.convene, meetingValues(ids), metadata(rng, {})),
  ),
  modal('edit meeting modal (valid)', 'unprivileged', 2, ({ userId, ids, rng }) =>
    viewSubmission(userId, TABLE_IDS.callback.edit, meetingValues(ids), metadata(rng, { meetingId: ids.meetingId })),
  ),
  modal('minutes modal', 'unprivileged', 2, ({ userId, ids, rng }) =>
    viewSubmission(userId, TABLE_IDS.callback.minutes, {
      [TABLE_IDS.block.attendees]: { value: { type: 'multi_users_select', selected_users: [USERS.partner] } },
      [TABLE_IDS.block.summary]: input.text('Sintesi'),
      [TABLE_IDS.block.decisions]: input.text('Decisioni'),
      [TABLE_IDS.block.actionText(0)]: input.text('Azione'),
      [TABLE_IDS.block.actionOrg(0)]: input.select(String(ids.partnerOrganizationId)),
      [TABLE_IDS.block.actionOwner(0)]: input.user(USERS.partner),
      [TABLE_IDS.block.actionDue(0)]: input.date(dayFromToday(30)),
    }, metadata(rng, { meetingId: ids.meetingId })),
  ),
  modal('delegate modal (the sender\'s organization is not invited)', 'anyone', 2, ({ userId, ids, rng }) =>
    viewSubmission(userId, TABLE_IDS.callback.delegate, { [TABLE_IDS.block.delegateUser]: input.user(rng.pick([USERS.partner, USERS.observer, userId])) }, metadata(rng, { meetingId: ids.meetingId })),
  ),
  ...buttons('anyone', 0.5, [
    [() => `${TABLE_IDS.action.rsvp}:yes`, (ids) => String(ids.meetingId)],
    [() => `${TABLE_IDS.action.rsvp}:no`, (ids) => String(ids.meetingId)],
    [() => `${TABLE_IDS.action.rsvp}:maybe`, (ids) => String(ids.meetingId)],
    [() => TABLE_IDS.action.delegateOpen, (ids) => String(ids.meetingId)],
    [() => TABLE_IDS.action.ics, (ids) => String(ids.meetingId)],
    [() => TABLE_IDS.action.editOpen, (ids) => String(ids.meetingId)],
    [() => TABLE_IDS.action.conveneFromPoll, () => '{"date":"2026-12-01","start":"10:00","end":"12:00"}'],
  ]),
  ...buttons('unprivileged', 1, [
    [() => TABLE_IDS.action.cancel, (ids) => String(ids.meetingId)],
    [() => `${TABLE_IDS.action.agenda}:1`, () => '', { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'x' }, value: 'drop' } }],
    [() => TABLE_IDS.action.actionDone, () => '1'],
  ]),

  // /sondaggio
  ...commands('/sondaggio', 'anyone', 1, ['', 'aiuto', 'lista', 'nuovo', 'data', 'esporta 99999', 'boh']),
  modal('poll modal (three invalid fields)', 'anyone', 3, ({ userId, ids, rng }) =>
    viewSubmission(userId, POLL_IDS.callbackNew, pollValues(ids, {
      [POLL_IDS.blockQuestion]: input.text(''),
      [POLL_IDS.blockOptions]: input.text('solo una'),
      [POLL_IDS.blockDeadlineDate]: input.date(dayFromToday(-2)),
      [POLL_IDS.blockDeadlineTime]: input.time('10:00'),
    }), metadata(rng, { channelId: 'CGENERAL' })),
  ),
  ...buttons('anyone', 0.7, [
    [(ids) => `${POLL_IDS.vote}:${ids.optionId}`, (ids) => String(ids.pollId)],
    [(ids) => `${POLL_IDS.vote}:${ids.optionId}:maybe`, (ids) => String(ids.pollId)],
    [() => `${POLL_IDS.vote}:99999`, () => '1'],
  ]),
  ...buttons('unprivileged', 1, [
    [(ids) => `${POLL_IDS.close}:${ids.pollId}`, (ids) => String(ids.pollId)],
    [(ids) => `${POLL_IDS.reopen}:${ids.pollId}`, (ids) => String(ids.pollId)],
    [(ids) => `${POLL_IDS.remind}:${ids.pollId}`, (ids) => String(ids.pollId)],
  ]),

  // /riepilogo and the App Home
  ...commands('/riepilogo', 'anyone', 1, ['', 'aiuto', 'anteprima', 'stato', 'boh', 'indicatori 2026-12-31 2026-01-01']),
  ...commands('/riepilogo', 'unprivileged', 1, ['iscrivi lunedì 9:00', 'disiscrivi', 'lingua en', 'indicatori', 'indicatori 2026-01-01 2026-12-31']),
  {
    name: 'App Home opened (messages tab)',
    weight: 1,
    senders: 'anyone',
    build: ({ userId, rng }) => {
      const payload = fixture('event_callback');
      Object.assign(payload.event as object, { user: userId, tab: rng.pick(['messages', 'home', 'about']) });
      Object.assign(payload, { team_id: TEAM_ID, api_app_id: 'A0TEST', event_id: `EvFUZZ${rng.int(1e9)}` });
      return { kind: 'event', payload };
    },
  },
];

export const FUZZ_TARGETS: FuzzTarget[] = [
  ...FEATURE_TARGETS,
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

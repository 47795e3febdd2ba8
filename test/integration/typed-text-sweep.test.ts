import { Writable } from 'node:stream';
import { calendarDateIn, dayjs } from '../../src/platform/time';
import { createLogger } from '../../src/platform/logger';
import { TestClock } from '../support/clock';
import { DATABASES } from '../support/databases';
import { COORDINATOR, startTestApp, waitFor, type TestApp } from '../support/harness';
import { buildNetwork } from '../support/network';
import { input } from '../support/slack-requests';

/**
 * Issue 14, "Logs, requests, escaping": a full scenario where every free-text field a partner
 * types carries Slack's special syntax (a channel ping, a user mention, a disguised link, bold).
 * Every message, modal, Home and ack the app sends must show it as text, never as syntax; and a
 * trace-level log of the whole scenario holds neither the typed text nor the candidate code.
 */
const COOP = 'UCOOPSW01';
const UEPE = 'UUEPESW01';
const CISL = 'UCISLSW01';
const CHANNEL = 'CSWEEP01';
const TZ = 'Europe/Rome';
const HOUR = 3_600_000;
const clock = new TestClock();

/** What a careless or malicious partner types: each piece is Slack syntax in mrkdwn. */
const SYNTAX = ['<!channel>', '<@U123>', '<https://x.example|x>', '*bold*'] as const;
const typed = (word: string) => `${word} <!channel> <@U123> <https://x.example|x> *bold*`;
/** One distinct word per field, to find the field's text in the logs. */
const WORDS = {
  offerTitle: 'Zafferanotitolo',
  offerLocation: 'Borgoluogo',
  offerRequirements: 'Requisitoquercia',
  referralNote: 'Notapervinca',
  pollQuestion: 'Domandaciclamino',
  pollOption1: 'Opzionemirto',
  pollOption2: 'Opzionetimo',
  meetingTitle: 'Tavologelso',
  meetingPlace: 'Salaacero',
  agendaItem: 'Puntocedro',
  agendaProposal: 'Propostalarice',
  summary: 'Sintesibetulla',
  decisions: 'Decisioneolmo',
  actionText: 'Azionefaggio',
  orgName: 'Entecarpino',
} as const;
const CODE = 'UEPE-2026-777';

function day(offset: number): string {
  return dayjs.utc(calendarDateIn(clock.now(), TZ)).add(offset, 'day').format('YYYY-MM-DD');
}

type TextObject = { type?: string; text?: unknown };

/** Every mrkdwn string in a payload (messages, modals, Homes, acks): text objects of type mrkdwn, and a message's top-level text (notifications render it). */
function mrkdwnStrings(payload: unknown, topLevel = true): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const obj = node as TextObject & Record<string, unknown>;
    if (obj.type === 'mrkdwn' && typeof obj.text === 'string') out.push(obj.text);
    for (const [key, value] of Object.entries(obj)) {
      if (key === 'text' && typeof value === 'string') continue;
      walk(typeof value === 'string' && (key === 'blocks' || key === 'view') ? safeJson(value) : value);
    }
  };
  const root = (typeof payload === 'string' ? safeJson(payload) : payload) as Record<string, unknown> | undefined;
  if (topLevel && root && typeof root.text === 'string') out.push(root.text);
  // A file's comment is mrkdwn too (exports sent by DM).
  if (root && typeof root.initial_comment === 'string') out.push(root.initial_comment);
  walk(root);
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

describe.each(DATABASES)('typed text: escaped everywhere the app shows it, absent from trace logs (%s)', (kind) => {
  let t: TestApp;
  let orgs: Record<string, number> = {};
  const logLines: string[] = [];
  const acks: unknown[] = [];

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    t = await startTestApp(kind, { clock, logger: createLogger({ level: 'trace', pretty: false, destination }) });
  });
  afterAll(async () => {
    await t.stop();
  });

  const knex = () => t.app.db.knex;
  const record = async <T extends { json?: unknown }>(res: Promise<T>): Promise<T> => {
    const r = await res;
    if (r.json) acks.push(r.json);
    return r;
  };

  it('runs a scenario through every free-text field', async () => {
    await t.reset();
    t.slack.setClock(() => clock.now().getTime());
    ({ orgs } = await buildNetwork(
      t.byHand,
      [
        { user: COOP, org: 'LEGACOOP' },
        { user: UEPE, org: 'UEPE' },
        { user: CISL, org: 'CISL' },
      ],
      { now: clock.now() },
    ));

    // An organization, an offer and a referral.
    const org = await record(t.submitView(COORDINATOR, 'network_org_new', { org_name: input.text(typed(WORDS.orgName)), org_short_name: input.text('CARPINO'), org_kind: input.select('association') }));
    expect(org.text).toBe('');
    const offer = await record(
      t.submitView(
        COOP,
        'offer_new',
        {
          offer_title: input.text(typed(WORDS.offerTitle)),
          offer_sector: input.select('catering'),
          offer_positions: input.number('2'),
          offer_contract: input.select('internship'),
          offer_hours: input.number('30'),
          offer_location: input.text(typed(WORDS.offerLocation)),
          offer_start: input.date(day(20)),
          offer_deadline: input.date(day(10)),
          offer_requirements: input.text(typed(WORDS.offerRequirements)),
          offer_eligibility: input.checkboxes(['outside_work', 'former_prisoners']),
          offer_organization: input.select(String(orgs.LEGACOOP)),
        },
        JSON.stringify({ channelId: CHANNEL }),
      ),
    );
    expect(offer.text).toBe('');
    const offerId = Number((await knex()('offers').first()).id);
    await t.settled();
    await record(t.action(UEPE, `offer_refer:${offerId}`, { value: String(offerId), channelId: CHANNEL }));
    const referral = await record(
      t.submitView(
        UEPE,
        'offer_referral_new',
        { referral_code: input.text(CODE), referral_organization: input.select(String(orgs.UEPE)), referral_note: input.text(typed(WORDS.referralNote)) },
        JSON.stringify({ offerId, channelId: CHANNEL }),
      ),
    );
    expect(referral.text).toBe('');
    expect(await knex()('referrals').count('* as n').first()).toMatchObject({ n: expect.anything() });
    await t.settled();
    await record(t.command(COOP, '/offerta', String(offerId)));
    await record(t.command(UEPE, '/offerta', 'lista'));

    // A poll.
    const poll = await record(
      t.submitView(
        UEPE,
        'poll_new',
        {
          poll_kind: input.radio('choice'),
          poll_question: input.text(typed(WORDS.pollQuestion)),
          poll_options: input.text(`${typed(WORDS.pollOption1)}\n${typed(WORDS.pollOption2)}`),
          poll_slots: input.text(''),
          poll_settings: input.checkboxes([]),
          poll_scope: input.radio('person'),
          poll_organizations: input.multi([]),
          poll_deadline_date: input.date(null),
          poll_deadline_time: input.time(null),
          poll_channel: input.channel(CHANNEL),
        },
        JSON.stringify({ channelId: CHANNEL }),
      ),
    );
    expect(poll.text).toBe('');
    await t.settled();
    await record(t.command(UEPE, '/sondaggio', 'lista'));
    const pollId = Number((await knex()('polls').first())?.id);
    await record(t.command(UEPE, '/sondaggio', `esporta ${pollId}`));
    await t.settled();

    // A meeting: convened with an agenda, an item proposed, held, its minutes written.
    const convene = await record(
      t.submitView(
        COORDINATOR,
        'table_convene',
        {
          table_title: input.text(typed(WORDS.meetingTitle)),
          table_date: input.date(day(14)),
          table_start: input.time('10:00'),
          table_end: input.time('12:00'),
          table_place: input.text(typed(WORDS.meetingPlace)),
          table_link: input.text(''),
          table_agenda: input.text(typed(WORDS.agendaItem)),
          table_orgs: input.multi([String(orgs.UEPE), String(orgs.LEGACOOP), String(orgs.CISL)]),
          table_channel: input.channel(CHANNEL),
        },
        JSON.stringify({ channelId: CHANNEL }),
      ),
    );
    expect(convene.text).toBe('');
    const meetingId = Number((await knex()('meetings').first())?.id);
    await t.settled();
    await record(t.command(UEPE, '/tavolo', `odg ${meetingId} ${typed(WORDS.agendaProposal)}`));
    await t.settled();
    await record(t.command(UEPE, '/tavolo', String(meetingId)));
    await knex()('meetings').where({ id: meetingId }).update({ starts_at: new Date(clock.now().getTime() - 3 * HOUR), ends_at: new Date(clock.now().getTime() - HOUR) });
    await record(t.command(COORDINATOR, '/tavolo', `verbale ${meetingId}`));
    const open = await waitFor(() => t.slack.callsTo('views.open').find((c) => (c.args.view as { callback_id?: string }).callback_id === 'table_minutes'));
    const minutes = await record(
      t.submitView(
        COORDINATOR,
        'table_minutes',
        {
          table_attendees: { value: { type: 'multi_users_select', selected_users: [UEPE, CISL, COORDINATOR] } },
          table_summary: input.text(typed(WORDS.summary)),
          table_decisions: input.text(typed(WORDS.decisions)),
          table_action_text_0: input.text(typed(WORDS.actionText)),
          table_action_org_0: input.select(String(orgs.UEPE)),
          table_action_owner_0: input.user(null),
          table_action_due_0: input.date(day(30)),
        },
        (open.args.view as { private_metadata: string }).private_metadata,
      ),
    );
    expect(minutes.text).toBe('');
    await t.settled();
    await record(t.command(UEPE, '/tavolo', 'azioni tutte'));

    // Everyone's Home.
    for (const user of [COORDINATOR, COOP, UEPE, CISL]) await t.event('app_home_opened', user, { extra: { tab: 'home' } });
    await t.settled();
    await t.app.platform.outbox.flush(new Date(clock.now().getTime() + 24 * HOUR));
    await t.settled();
  });

  it('shows every typed text escaped: no ping, mention, disguised link or formatting reaches Slack', async () => {
    const payloads: Array<[string, unknown]> = [
      ...t.slack.calls.map((c): [string, unknown] => [c.method, c.args]),
      ...t.slack.responses.map((r): [string, unknown] => ['response_url', r.body]),
      ...acks.map((a): [string, unknown] => ['ack', a]),
    ];
    const shown = payloads.flatMap(([where, p]) => mrkdwnStrings(p).map((text) => ({ where, text })));
    // The typed words did reach Slack (the sweep saw them)…
    for (const word of [WORDS.offerTitle, WORDS.referralNote, WORDS.pollQuestion, WORDS.meetingTitle, WORDS.summary, WORDS.actionText, WORDS.agendaProposal]) {
      expect(shown.some((s) => s.text.includes(word))).toBe(true);
    }
    // …and never as syntax.
    const leaks = shown.filter((s) => SYNTAX.some((syntax) => s.text.includes(syntax))).map((s) => `${s.where}: ${s.text.slice(0, 200)}`);
    expect(leaks).toEqual([]);
  });

  it('logs neither typed text nor the candidate code, even at trace level', () => {
    const log = logLines.join('');
    expect(logLines.length).toBeGreaterThan(10);
    const found = [...Object.values(WORDS), CODE].filter((secret) => log.includes(secret));
    expect(found).toEqual([]);
  });
});

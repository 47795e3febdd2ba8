import { calendarDateIn, dayjs } from '../../src/platform/time';
import { offersMessages } from '../../src/areas/offers/messages';
import { pollsMessages } from '../../src/areas/polls/messages';
import { tableMessages } from '../../src/areas/table/messages';
import { networkMessages } from '../../src/areas/network/messages';
import { personalDataRefusal } from '../../src/platform/input/personal-data';
import { TestClock } from '../support/clock';
import { DATABASES } from '../support/databases';
import { COORDINATOR, startTestApp, type TestApp } from '../support/harness';
import { buildNetwork } from '../support/network';
import { input } from '../support/slack-requests';

/**
 * Issue 14, "Free text": a partner who types personal data in a modal sees, under the field, a
 * refusal in their language naming the field and the kind of data; nothing is stored.
 */
const COOP = 'UCOOPPD01';
const UEPE = 'UUEPEPD01';
const UEPE_EN = 'UUEPEPD02';
const CHANNEL = 'CPRIVACY';
const TZ = 'Europe/Rome';
const clock = new TestClock();
type Values = Record<string, Record<string, unknown>>;

function day(offset: number): string {
  return dayjs.utc(calendarDateIn(clock.now(), TZ)).add(offset, 'day').format('YYYY-MM-DD');
}

describe.each(DATABASES)('personal data refused in modals, naming the field and the kind (%s)', (kind) => {
  let t: TestApp;
  let orgs: Record<string, number> = {};

  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(async () => {
    await t.reset();
    t.slack.setClock(() => clock.now().getTime());
    ({ orgs } = await buildNetwork(
      t.byHand,
      [
        { user: COOP, org: 'LEGACOOP' },
        { user: UEPE, org: 'UEPE' },
        { user: UEPE_EN, org: 'UEPE', locale: 'en' },
      ],
      { now: clock.now() },
    ));
    t.slack.setUserLocale(UEPE_EN, 'en-US');
  });

  const knex = () => t.app.db.knex;
  const count = async (table: string) => Number((await knex()(table).count('* as n').first())?.n ?? 0);
  async function refusals(user: string, callbackId: string, values: Values, metadata?: string): Promise<Record<string, string>> {
    const res = await t.submitView(user, callbackId, values, metadata);
    expect(res.status).toBe(200);
    expect(res.json?.response_action).toBe('errors');
    return res.json?.errors as Record<string, string>;
  }

  function offerValues(overrides: Values = {}): Values {
    return {
      offer_title: input.text('Addetta alla cucina'),
      offer_sector: input.select('catering'),
      offer_positions: input.number('1'),
      offer_contract: input.select('internship'),
      offer_hours: input.number('30'),
      offer_location: input.text('Gorizia'),
      offer_start: input.date(day(20)),
      offer_deadline: input.date(day(10)),
      offer_requirements: input.text('HACCP gradito, turni 6-14 e 14-22, L. 354/1975 art. 21'),
      offer_eligibility: input.checkboxes(['outside_work', 'former_prisoners']),
      offer_organization: input.select(String(orgs.LEGACOOP)),
      ...overrides,
    };
  }

  it('refuses an offer whose texts hold personal data, naming each field and kind, and stores nothing', async () => {
    const m = offersMessages('it').modal;
    const errors = await refusals(
      COOP,
      'offer_new',
      offerValues({
        offer_title: input.text('Cuoca, sig.ra Rossi'),
        offer_location: input.text('Gorizia, tel. 0481 532110'),
        offer_requirements: input.text('inviare a selezione chiocciola coop punto it'),
      }),
      JSON.stringify({ channelId: CHANNEL }),
    );
    expect(errors).toEqual({
      offer_title: personalDataRefusal('it', m.title_label, 'person_name'),
      offer_location: personalDataRefusal('it', m.location_label, 'phone'),
      offer_requirements: personalDataRefusal('it', m.requirements_label, 'email'),
    });
    expect(errors.offer_title).toContain('«Mansione»');
    expect(errors.offer_title).toContain('il nome di una persona');
    expect(await count('offers')).toBe(0);

    // The same administrative text without the personal data is published.
    const ok = await t.submitView(COOP, 'offer_new', offerValues(), JSON.stringify({ channelId: CHANNEL }));
    expect(ok.text).toBe('');
    expect(await count('offers')).toBe(1);
  });

  it('refuses a referral note with a codice fiscale or a birth date, in the reader’s language', async () => {
    await t.submitView(COOP, 'offer_new', offerValues(), JSON.stringify({ channelId: CHANNEL }));
    const offerId = Number((await knex()('offers').first()).id);
    const refer = (user: string, note: string) =>
      refusals(
        user,
        'offer_referral_new',
        { referral_code: input.text('UEPE-2026-014'), referral_organization: input.select(String(orgs.UEPE)), referral_note: input.text(note) },
        JSON.stringify({ offerId, channelId: CHANNEL }),
      );
    expect(await refer(UEPE, 'cf rss mra 80a41 h501u')).toEqual({
      referral_note: personalDataRefusal('it', offersMessages('it').referral_modal.note_label, 'tax_code'),
    });
    const english = await refer(UEPE_EN, 'nata il 12/03/1985, disponibile');
    expect(english).toEqual({ referral_note: personalDataRefusal('en', offersMessages('en').referral_modal.note_label, 'birth_date') });
    expect(english.referral_note).toContain('date of birth');
    expect(await count('referrals')).toBe(0);
  });

  it('refuses candidate codes that carry identity, and accepts ordinary ones', async () => {
    await t.submitView(COOP, 'offer_new', offerValues(), JSON.stringify({ channelId: CHANNEL }));
    const offerId = Number((await knex()('offers').first()).id);
    const refer = (code: string) =>
      t.submitView(
        UEPE,
        'offer_referral_new',
        { referral_code: input.text(code), referral_organization: input.select(String(orgs.UEPE)), referral_note: input.text('') },
        JSON.stringify({ offerId, channelId: CHANNEL }),
      );
    const codeErrors = offersMessages('it').errors.code_identity;
    const cases: Array<[string, string]> = [
      ['KATE-1', codeErrors.given_name],
      ['MARY-1', codeErrors.given_name],
      ['MRA-RSS-1985', codeErrors.tax_code],
      ['UEPE-120385', codeErrors.birth_date],
      ['MR-1985', codeErrors.initials_year],
      ['RSSMRA85T10', personalDataRefusal('it', offersMessages('it').referral_modal.code_label, 'tax_code')],
    ];
    for (const [code, message] of cases) {
      const res = await refer(code);
      expect(res.json).toEqual({ response_action: 'errors', errors: { referral_code: message } });
    }
    expect(await count('referrals')).toBe(0);
    for (const code of ['GO-2026-017', 'UEPE-041']) expect((await refer(code)).text).toBe('');
    expect(await count('referrals')).toBe(2);
  });

  it('refuses a poll whose question or options hold personal data', async () => {
    const form = pollsMessages('it').form;
    const values = (question: string, options: string): Values => ({
      poll_kind: input.radio('choice'),
      poll_question: input.text(question),
      poll_options: input.text(options),
      poll_slots: input.text(''),
      poll_settings: input.checkboxes([]),
      poll_scope: input.radio('person'),
      poll_organizations: input.multi([]),
      poll_deadline_date: input.date(null),
      poll_deadline_time: input.time(null),
      poll_channel: input.channel(CHANNEL),
    });
    const errors = await refusals(UEPE, 'poll_new', values('Chi accompagna la detenuta Giovanna?', 'UEPE\nIBAN IT60X0542811101000000123456'), JSON.stringify({ channelId: CHANNEL }));
    expect(errors).toEqual({
      poll_question: personalDataRefusal('it', form.question_label, 'person_name'),
      poll_options: personalDataRefusal('it', form.options_label, 'iban'),
    });
    expect(await count('polls')).toBe(0);
  });

  it('refuses a meeting whose title, place or agenda hold personal data', async () => {
    const modal = tableMessages('it').modal;
    const errors = await refusals(
      COORDINATOR,
      'table_convene',
      {
        table_title: input.text('Tavolo con la sig.ra Bianchi'),
        table_date: input.date(day(14)),
        table_start: input.time('10:00'),
        table_end: input.time('12:00'),
        table_place: input.text('Sala B, Via Roma 12, 34170 Gorizia, chiamare +39 333 123 4567'),
        table_link: input.text(''),
        table_agenda: input.text('Apertura\nfine pena 30/06/2027 per la candidata'),
        table_orgs: input.multi([String(orgs.UEPE), String(orgs.LEGACOOP)]),
        table_channel: input.channel(CHANNEL),
      },
      JSON.stringify({ channelId: CHANNEL }),
    );
    expect(errors).toMatchObject({
      table_title: personalDataRefusal('it', modal.title_label, 'person_name'),
      table_place: personalDataRefusal('it', modal.place_label, 'phone'),
      table_agenda: personalDataRefusal('it', modal.agenda_label, 'judicial'),
    });
    expect(await count('meetings')).toBe(0);
  });

  it('refuses an organization name holding an e-mail address', async () => {
    const errors = await refusals(COORDINATOR, 'network_org_new', {
      org_name: input.text('Coop di m.rossi [at] example.org'),
      org_short_name: input.text('MROSSI'),
      org_kind: input.select('cooperative'),
    });
    expect(errors).toEqual({ org_name: personalDataRefusal('it', networkMessages('it').org.name_label, 'email') });
  });
});

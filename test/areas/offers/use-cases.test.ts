import type { RawOfferInput } from '../../../src/areas/offers/domain/offer-input';
import { offersMessages } from '../../../src/areas/offers/messages';
import { listAudit } from '../../../src/platform/audit/audit-store';
import { AppError } from '../../../src/platform/errors';
import type { Locale } from '../../../src/platform/i18n/locales';
import type { FieldError } from '../../../src/platform/input/validation';
import { calendarDateIn, dayjs, formatCalendarDate } from '../../../src/platform/time';
import { DATABASES } from '../../support/databases';
import { startOffersTestbed, TZ, type OffersTestbed } from './testbed';

const COORD = 'UCOORD01'; // a coordinator of the network (Provincia di Gorizia)
const COOP = 'UCOOP0001'; // Legacoop: offers
const COOP2 = 'UCOOP0002';
const UEPE = 'UUEPE0001'; // the probation office: refers
const CISL = 'UCISL0001'; // a third organization
const OBSERVER = 'UOBSERV01';
const OUTSIDER = 'UOUTSIDE1';

const it_ = offersMessages('it');

/** A field error as a reader of `locale` sees it. */
function said(error: FieldError | undefined, locale: Locale = 'it'): string | undefined {
  return typeof error === 'function' ? error(locale) : undefined;
}

/** What a reader sees of a refusal: the error's code and its reason in Italian. */
async function refusal(work: Promise<unknown>): Promise<{ code: string; reason?: string }> {
  try {
    await work;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const reason = error.params.reason;
    return typeof reason === 'function' ? { code: error.code, reason: reason('it') } : { code: error.code };
  }
  throw new Error('expected a refusal');
}

describe.each(DATABASES)('offers use cases (%s)', (kind) => {
  let bed: OffersTestbed;
  let orgs: Record<string, number>;

  beforeAll(async () => {
    bed = await startOffersTestbed(kind, [
      { user: COORD, org: 'PROV-GO', role: 'coordinator' },
      { user: COOP, org: 'LEGACOOP' },
      { user: COOP2, org: 'LEGACOOP', locale: 'en' },
      { user: UEPE, org: 'UEPE' },
      { user: CISL, org: 'CISL' },
      { user: OBSERVER, org: 'LEGACOOP', role: 'observer' },
    ]);
    orgs = bed.network.orgs;
  });
  afterAll(async () => {
    await bed.close();
  });

  const knex = () => bed.db.knex;
  const day = (offset: number) => dayjs.utc(calendarDateIn(bed.clock.now(), TZ)).add(offset, 'day').format('YYYY-MM-DD');
  const raw = (patch: Partial<RawOfferInput> = {}): RawOfferInput => ({
    title: 'Aiuto cuoca',
    sector: 'catering',
    positions: '1',
    contractType: 'internship',
    location: 'Gorizia',
    deadline: day(10),
    eligibility: ['former_prisoners'],
    organizationId: String(orgs.LEGACOOP),
    ...patch,
  });
  async function newOffer(patch: Partial<RawOfferInput> = {}): Promise<number> {
    const result = await bed.area.offers.create(await bed.actor(COOP), raw(patch), 'COFFERS');
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.offer.id;
  }
  async function refer(offerId: number, code: string, by = UEPE, organization = 'UEPE') {
    const result = await bed.area.referrals.refer(await bed.actor(by), offerId, { code, organizationId: String(orgs[organization]), note: '' });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return (await knex()('referrals').where({ offer_id: offerId, candidate_code: code }).first())!.id;
  }

  describe('publishing an offer', () => {
    it('stores it with its announcement request and audit row, dated by the clock, and announces it in the channel', async () => {
      const before = bed.clock.now();
      const result = await bed.area.offers.create(await bed.actor(COOP), raw(), 'COFFERS');
      expect(result).toMatchObject({ ok: true, channelId: 'COFFERS', offer: { title: 'Aiuto cuoca', organizationShortName: 'LEGACOOP', status: 'open', createdBy: COOP } });
      if (!result.ok) return;
      const row = await knex()('offers').where({ id: result.offer.id }).first();
      // Dated by the app's clock (the use case reads it once: the row and the model agree).
      expect(row.created_at).toEqual(result.offer.createdAt);
      expect(row.created_at.getTime()).toBeGreaterThanOrEqual(before.getTime());
      expect(await knex()('published_messages').where({ entity_type: 'offer', entity_id: result.offer.id }).first()).toMatchObject({ channel_id: 'COFFERS', requested_by: COOP });
      expect(await listAudit(knex(), { action: 'offer.create', entityId: result.offer.id })).toHaveLength(1);

      await bed.platform.publisher.flush();
      const posted = bed.slack.callsTo('chat.postMessage').find((c) => c.args.channel === 'COFFERS' && String(c.args.text).startsWith(`Offerta #${result.offer.id}:`));
      expect(posted).toBeDefined();
    });

    it('returns field errors for invalid input and for another organization, and refuses observers and outsiders', async () => {
      const invalid = await bed.area.offers.create(await bed.actor(COOP), raw({ title: ' ', deadline: day(-1) }), 'COFFERS');
      expect(invalid.ok).toBe(false);
      if (!invalid.ok) {
        expect(said(invalid.errors.title)).toBe(it_.errors.title_required);
        expect(said(invalid.errors.deadline, 'en')).toBe(offersMessages('en').errors.deadline_past);
      }
      const other = await bed.area.offers.create(await bed.actor(COOP), raw({ organizationId: String(orgs.CISL) }), 'COFFERS');
      expect(other.ok ? undefined : said(other.errors.organization)).toBe(it_.errors.organization_not_yours({ shortName: 'LEGACOOP' }));
      expect(await refusal(bed.area.offers.create(await bed.actor(OBSERVER), raw(), 'COFFERS'))).toMatchObject({ code: 'forbidden' });
      expect(await refusal(bed.area.offers.create(await bed.actor(OUTSIDER), raw(), 'COFFERS'))).toEqual({ code: 'not_member' });
      // Nowhere to announce: no offers channel set, and the form was not opened in a channel.
      expect(await refusal(bed.area.offers.create(await bed.actor(COOP), raw(), undefined))).toEqual({ code: 'invalid_input', reason: it_.channel.none_here });
    });

    it('lets a coordinator publish for any active organization', async () => {
      const form = await bed.area.offers.newOfferForm(await bed.actor(COORD), 'CWORK');
      expect(form).toMatchObject({ canChooseOrganization: true, presetOrganizationId: orgs['PROV-GO'], announceIn: 'CWORK' });
      expect(form.organizations).toHaveLength(9);
      const result = await bed.area.offers.create(await bed.actor(COORD), raw({ organizationId: String(orgs.CISL) }), 'COFFERS');
      expect(result).toMatchObject({ ok: true, offer: { organizationId: orgs.CISL } });
    });
  });

  describe('the offers channel', () => {
    afterEach(async () => {
      await bed.platform.db.transaction(['app_settings'], (trx) => trx('app_settings').where({ key: 'offers.channel' }).delete());
    });

    it('is set by a coordinator, read by any member, and used for every new offer', async () => {
      expect(await bed.area.offersChannel.get(await bed.actor(CISL))).toBeUndefined();
      await bed.area.offersChannel.set(await bed.actor(COORD), 'CANNOUNCE');
      expect(await bed.area.offersChannel.get(await bed.actor(CISL))).toBe('CANNOUNCE');
      const result = await bed.area.offers.create(await bed.actor(COOP), raw(), 'CELSEWHERE');
      expect(result).toMatchObject({ ok: true, channelId: 'CANNOUNCE' });
      expect(await listAudit(knex(), { action: 'setting.update' })).not.toHaveLength(0);
    });

    it('is refused to partners and outsiders', async () => {
      expect(await refusal(bed.area.offersChannel.set(await bed.actor(CISL), 'CANNOUNCE'))).toMatchObject({ code: 'forbidden' });
      expect(await refusal(bed.area.offersChannel.get(await bed.actor(OUTSIDER)))).toEqual({ code: 'not_member' });
    });
  });

  describe('the list and the details', () => {
    it('lists offers newest first with the total, and the offering organization’s own', async () => {
      const a = await newOffer({ title: 'Prima' });
      const b = await newOffer({ title: 'Seconda', sector: 'logistics' });
      const page = await bed.area.offers.list(await bed.actor(CISL), { filter: 'all', sector: null, page: 1 });
      expect(page.offers.findIndex((o) => o.id === b)).toBeLessThan(page.offers.findIndex((o) => o.id === a));
      expect(page.total).toBe(Number((await knex()('offers').count('* as n').first())?.n));
      const logistics = await bed.area.offers.list(await bed.actor(CISL), { filter: 'all', sector: 'logistics', page: 1 });
      expect(logistics.offers.every((o) => o.sector === 'logistics')).toBe(true);
      const mine = await bed.area.offers.list(await bed.actor(CISL), { filter: 'mine', sector: null, page: 1 });
      expect(mine.offers.every((o) => o.organizationId === orgs.CISL)).toBe(true);
      expect(mine.total).toBe(Number((await knex()('offers').where({ organization_id: orgs.CISL }).count('* as n').first())?.n));
      expect(await refusal(bed.area.offers.list(await bed.actor(OUTSIDER), { filter: 'all', sector: null, page: 1 }))).toEqual({ code: 'not_member' });
    });

    it('shows referrals only to the parties, and audits each read', async () => {
      const id = await newOffer();
      await refer(id, 'UEPE-2026-101');
      const third = await bed.area.offers.details(await bed.actor(CISL), id);
      expect(third).toMatchObject({ scope: 'own', referrals: [], counts: { proposed: 1 }, canChangeStatus: false });
      const offering = await bed.area.offers.details(await bed.actor(COOP), id);
      expect(offering).toMatchObject({ scope: 'all', canChangeStatus: true });
      expect(offering.referrals.map((r) => [r.referral.candidateCode, r.next])).toEqual([['UEPE-2026-101', ['interview', 'hired', 'not_selected']]]);
      expect((await listAudit(knex(), { action: 'referral.list', entityId: id })).map((r) => r.actorUserId)).toEqual([CISL, COOP]);
      expect(await refusal(bed.area.offers.details(await bed.actor(COOP), 999_999))).toEqual({ code: 'invalid_input', reason: it_.errors.offer_not_found });
    });
  });

  describe('an offer’s status', () => {
    it('is moved by the offering organization, updating the announcement', async () => {
      const id = await newOffer();
      await bed.platform.publisher.flush();
      expect((await bed.area.offers.statusOptions(await bed.actor(COOP2), id)).next).toEqual(['matching', 'filled', 'withdrawn']);
      expect(await bed.area.offers.changeStatus(await bed.actor(COOP2), id, 'matching')).toMatchObject({ changed: true, offer: { status: 'matching' } });
      expect(await bed.area.offers.changeStatus(await bed.actor(COOP2), id, 'matching')).toMatchObject({ changed: false });
      // A message is updated at most once a second: the update is due a moment later.
      await bed.platform.publisher.flush(new Date(bed.clock.now().getTime() + 2000));
      expect(bed.slack.callsTo('chat.update').some((c) => String(c.args.text) === `Offerta #${id}: Aiuto cuoca · in selezione`)).toBe(true);
    });

    it('is refused to other organizations, observers, and for a status that does not follow', async () => {
      const id = await newOffer();
      expect(await refusal(bed.area.offers.changeStatus(await bed.actor(CISL), id, 'filled'))).toEqual({ code: 'forbidden', reason: it_.errors.not_offer_party });
      expect(await refusal(bed.area.offers.changeStatus(await bed.actor(OBSERVER), id, 'filled'))).toMatchObject({ code: 'forbidden' });
      await bed.area.offers.changeStatus(await bed.actor(COORD), id, 'withdrawn');
      expect(await refusal(bed.area.offers.changeStatus(await bed.actor(COORD), id, 'open'))).toEqual({
        code: 'conflict',
        reason: it_.errors.status_not_allowed({ from: 'ritirata', to: 'aperta' }),
      });
    });
  });

  describe('referrals', () => {
    it('are made by pseudonymous code, and fill the offer when hires take every position', async () => {
      const id = await newOffer({ positions: '1' });
      const referral = await refer(id, 'UEPE-2026-201');
      const result = await bed.area.referrals.changeStatus(await bed.actor(COOP), referral, 'hired');
      expect(result).toMatchObject({ offerFilled: true, referral: { status: 'hired', candidateCode: 'UEPE-2026-201' } });
      expect((await knex()('offers').where({ id }).first()).status).toBe('filled');
      expect(await listAudit(knex(), { action: 'offer.status', entityId: id })).toHaveLength(1);
    });

    it('refuse a code already referred, a closed offer, and a status change by a party that may not make it', async () => {
      const id = await newOffer({ positions: '2' });
      const referral = await refer(id, 'UEPE-2026-301');
      const again = await bed.area.referrals.refer(await bed.actor(UEPE), id, { code: 'UEPE-2026-301', organizationId: String(orgs.UEPE) });
      expect(again.ok ? undefined : said(again.errors.code)).toBe(it_.errors.code_taken);
      expect(await refusal(bed.area.referrals.changeStatus(await bed.actor(UEPE), referral, 'hired'))).toEqual({ code: 'forbidden', reason: it_.errors.not_referral_party });
      expect(await refusal(bed.area.referrals.changeStatus(await bed.actor(CISL), referral, 'withdrawn'))).toEqual({ code: 'invalid_input', reason: it_.errors.referral_not_found });
      await bed.area.offers.changeStatus(await bed.actor(COOP), id, 'withdrawn');
      expect(await refusal(bed.area.referrals.refer(await bed.actor(UEPE), id, { code: 'UEPE-2026-302', organizationId: String(orgs.UEPE) }))).toEqual({
        code: 'conflict',
        reason: it_.errors.offer_closed({ id, status: 'ritirata' }),
      });
    });
  });

  describe('the CSV export', () => {
    it('builds the file for a coordinator, in their language, and audits it', async () => {
      await newOffer();
      const file = await bed.area.exports.csv(await bed.actor(COORD, 'en'));
      const today = calendarDateIn(bed.clock.now(), TZ);
      expect(file.filename).toBe(`offerte-isonew-${today}.csv`);
      expect(file.title).toBe(offersMessages('en').export.title({ date: formatCalendarDate(today, 'en') }));
      const text = file.content.toString('utf8');
      expect(text.split('\r\n')[0]).toBe(`\ufeff${Object.values(offersMessages('en').export.columns).join(',')}`);
      expect(file.count).toBe(Number((await knex()('offers').count('* as n').first())?.n));
      expect(await listAudit(knex(), { action: 'offer.export' })).not.toHaveLength(0);
    });

    it('is refused to partners', async () => {
      expect(await refusal(bed.area.exports.csv(await bed.actor(COOP)))).toMatchObject({ code: 'forbidden' });
    });
  });

  describe('deadlines', () => {
    it('expire offers past their deadline and remind the offering organization by DM, once', async () => {
      await knex()('offers').update({ status: 'withdrawn' }); // earlier tests' offers stay out of it
      await bed.platform.outbox.flush(); // and their referral DMs go out before the reminders are counted
      const sentBefore = bed.slack.callsTo('chat.postMessage').length;
      const soon = await newOffer({ deadline: day(2) });
      const past = await newOffer({ deadline: day(5) });
      await knex()('offers').where({ id: past }).update({ deadline: day(-1) });
      const job = bed.area.jobs.find((j) => j.name === 'offer-deadlines')!;

      expect(await job.run(bed.clock.now())).toEqual({ expired: 1, reminded: 2 });
      expect(await job.run(bed.clock.now())).toEqual({ expired: 0, reminded: 0 });
      expect((await knex()('offers').where({ id: past }).first()).status).toBe('expired');
      expect(await knex()('outbox_posts').where({ kind: 'offers.reminder' }).orderBy('dedupe_key').pluck('dedupe_key')).toEqual([
        `offer-reminder:${soon}:${COOP}`,
        `offer-reminder:${soon}:${COOP2}`,
      ]);
      expect(await bed.platform.outbox.flush()).toBe(2);
      const dms = bed.slack.callsTo('chat.postMessage').slice(sentBefore).filter((c) => String(c.args.channel).startsWith('D'));
      // Each in the recipient's language.
      expect(dms.find((d) => d.args.channel === `D${COOP}`)?.args.text).toContain(`Promemoria: l’offerta *#${soon} Aiuto cuoca*`);
      expect(dms.find((d) => d.args.channel === `D${COOP2}`)?.args.text).toContain('closes in 2 days');
    });

    it('send nothing for an offer closed before its reminder went out', async () => {
      await knex()('offers').update({ status: 'withdrawn' });
      const id = await newOffer({ deadline: day(1) });
      const job = bed.area.jobs.find((j) => j.name === 'offer-deadlines')!;
      expect(await job.run(bed.clock.now())).toEqual({ expired: 0, reminded: 2 });
      await bed.area.offers.changeStatus(await bed.actor(COOP), id, 'filled');
      bed.slack.reset();
      bed.slack.setClock(() => bed.clock.now().getTime());
      expect(await bed.platform.outbox.flush()).toBe(0);
      expect(await knex()('outbox_posts').where({ kind: 'offers.reminder', status: 'skipped' }).count('* as n').first()).toMatchObject({ n: 2 });
    });
  });

  describe('retention', () => {
    it('anonymises referrals closed past the retention period, once a day', async () => {
      const id = await newOffer();
      const old = await refer(id, 'UEPE-2020-901');
      const recent = await refer(id, 'UEPE-2020-902');
      const now = bed.clock.now();
      await knex()('referrals').where({ id: old }).update({ status: 'hired', closed_at: dayjs(now).subtract(25, 'month').toDate() });
      await knex()('referrals').where({ id: recent }).update({ status: 'not_selected', closed_at: dayjs(now).subtract(23, 'month').toDate() });
      const job = bed.area.jobs.find((j) => j.name === 'referral-retention')!;
      expect(await job.run(now)).toEqual({ anonymized: 1 });
      expect(await job.run(now)).toEqual({ anonymized: 0 });
      expect(await knex()('referrals').where({ id: old }).first()).toMatchObject({ candidate_code: null, note: null, status: 'hired' });
      expect(await knex()('referrals').where({ id: recent }).first()).toMatchObject({ candidate_code: 'UEPE-2020-902', anonymized_at: null });
    });
  });
});

import { networkSuite } from '../support/network-suite';
import { listAudit } from '../../src/platform/audit/audit-store';
import { calendarDateIn, dayjs } from '../../src/platform/time';
import { TestClock } from '../support/clock';
import { DATABASES } from '../support/databases';
import { COORDINATOR, visibleText, waitFor, type TestApp } from '../support/harness';
import { input } from '../support/slack-requests';
import { snapshotData } from '../support/snapshot';

/**
 * Issue 14, "Correct, redact": redacting an offer's text (`/offerta correggi`) or a referral's note
 * rewrites the DMs already delivered that show the offer (the referral DMs, the deadline reminder)
 * with chat.update, where they were delivered; a DM with nothing left to show is deleted.
 */
const COOP = 'UCOOP0001';
const COOP2 = 'UCOOP0002'; // reads English
const UEPE = 'UUEPE0001';
const OLD_TITLE = 'Addetta alla cucina ZQXVECCHIO';
const NEW_TITLE = 'Addetta alla cucina';
const clock = new TestClock();
const day = (offset: number) => dayjs.utc(calendarDateIn(clock.now(), 'Europe/Rome')).add(offset, 'day').format('YYYY-MM-DD');

describe.each(DATABASES)('a redaction reaches the DMs already delivered (%s)', (kind) => {
  let t: TestApp;
  const orgs: Record<string, number> = {};

  const suite = networkSuite(kind, clock, [
    { user: COOP, org: 'LEGACOOP' },
    { user: COOP2, org: 'LEGACOOP', locale: 'en' },
    { user: UEPE, org: 'UEPE' },
  ]);
  beforeEach(() => {
    t = suite.app;
    Object.assign(orgs, suite.orgs);
  });

  const knex = () => t.app.db.knex;

  async function createOffer(deadline: string): Promise<number> {
    const values = {
      offer_title: input.text(OLD_TITLE),
      offer_sector: input.select('catering'),
      offer_positions: input.number('1'),
      offer_contract: input.select('internship'),
      offer_hours: input.number(''),
      offer_location: input.text('Gorizia'),
      offer_start: input.date(null),
      offer_deadline: input.date(deadline),
      offer_requirements: input.text(''),
      offer_eligibility: input.checkboxes(['former_prisoners']),
      offer_organization: input.select(String(orgs.LEGACOOP)),
    };
    expect((await t.submitView(COOP, 'offer_new', values, '{"channelId":"COFFERS"}')).text).toBe('');
    return Number((await knex()('offers').orderBy('id', 'desc').first())!.id);
  }

  /** The DMs the outbox delivered, with where Slack shows them (its record of deliveries). */
  async function delivered(kindName: string) {
    const rows = (await knex()('outbox_posts').where({ kind: kindName }).orderBy('id')) as Array<{ target: string; sent_channel: string; sent_ts: string; status: string }>;
    return rows.map((r) => ({ user: r.target, channel: r.sent_channel, ts: r.sent_ts, status: r.status }));
  }
  const updatesOf = (dm: { channel: string; ts: string }) => t.slack.callsTo('chat.update').filter((c) => c.args.channel === dm.channel && c.args.ts === dm.ts).map((c) => visibleText(c.args));

  it('rewrites the referral and reminder DMs already sent when the offer title is redacted', async () => {
    const id = await createOffer(day(2));
    // The deadline reminder (in 2 days), a referral (to the offering organization), a status change (to the referring one).
    await t.app.areas.offers.jobs.find((j) => j.name === 'offer-deadlines')!.run(clock.now());
    const values = { referral_code: input.text('UEPE-2026-001'), referral_organization: input.select(String(orgs.UEPE)), referral_note: input.text('Disponibile da subito') };
    expect((await t.submitView(UEPE, 'offer_referral_new', values, JSON.stringify({ offerId: id }))).text).toBe('');
    const ref = Number((await knex()('referrals').first())!.id);
    await t.settled();
    const before = t.slack.responses.length;
    await t.action(COOP, `offer_referral_status:${ref}:interview`, { value: 'interview' });
    await waitFor(() => t.slack.responses[before], 5000, 'the status reply');
    await t.settled();

    const received = await delivered('offers.referral_received');
    const status = await delivered('offers.referral_status');
    const reminders = await delivered('offers.reminder');
    expect(received.map((d) => d.user).sort()).toEqual([COOP, COOP2]);
    expect(status.map((d) => d.user)).toEqual([UEPE]);
    expect(reminders.map((d) => d.user).sort()).toEqual([COOP, COOP2]);
    for (const dm of [...received, ...status, ...reminders]) {
      expect(dm).toMatchObject({ status: 'sent', channel: `D${dm.user}`, ts: expect.stringMatching(/^\d+\.\d+$/) });
      expect(visibleText(t.slack.callsTo('chat.postMessage').find((c) => c.args.channel === dm.channel)!.args)).toContain(OLD_TITLE);
    }

    // Slack fails the first update: the outbox tries again.
    t.slack.failNext('chat.update', { error: 'internal_error' });
    const meta = JSON.stringify({ offerId: id, channelId: 'COFFERS' });
    expect((await t.submitView(COORDINATOR, 'offer_redact', { offer_title: input.text(NEW_TITLE), offer_location: input.text('Gorizia'), offer_requirements: input.text('') }, meta)).text).toBe('');
    await t.settled();
    await t.app.platform.outbox.flush(new Date(clock.now().getTime() + 10 * 60_000));
    await t.settled();

    // Each DM is updated in place, in its reader's language, with the corrected title only.
    for (const dm of [...received, ...status, ...reminders]) {
      const updates = updatesOf(dm);
      expect(updates.length).toBeGreaterThan(0);
      const last = updates.at(-1)!;
      expect(last).toContain(`#${id} ${NEW_TITLE}`);
      expect(last).not.toContain('ZQXVECCHIO');
    }
    expect(updatesOf(received.find((d) => d.user === COOP2)!).at(-1)).toContain('New referral to offer');
    expect(updatesOf(status[0]!).at(-1)).toContain('ora è *colloquio*');
    const [audit] = await listAudit(knex(), { action: 'offer.redact' });
    expect(audit).toMatchObject({ actorUserId: COORDINATOR, after: { fields: ['title'], where: expect.arrayContaining(['announcement', 'direct_messages_sent']) } });
    expect(JSON.stringify(await snapshotData(knex()))).not.toContain('ZQXVECCHIO');

    // A redaction of the referral's note renders the referral's DMs again from what is stored now.
    const updatesBefore = updatesOf(status[0]!).length;
    expect((await t.submitView(UEPE, 'referral_note_redact', { referral_note: input.text('') }, JSON.stringify({ referralId: ref }))).text).toBe('');
    await t.settled();
    expect(updatesOf(status[0]!).length).toBe(updatesBefore + 1);
    expect(JSON.stringify(await snapshotData(knex()))).not.toContain('Disponibile da subito');
  });

  it('deletes a DM that has nothing left to show rather than leave the redacted text in it', async () => {
    const id = await createOffer(day(2));
    await t.app.areas.offers.jobs.find((j) => j.name === 'offer-deadlines')!.run(clock.now());
    await t.settled();
    const reminders = await delivered('offers.reminder');
    expect(reminders).toHaveLength(2);
    // The deadline has passed: a reminder no longer has anything to say.
    clock.set(new Date(clock.now().getTime() + 4 * 86_400_000));
    const meta = JSON.stringify({ offerId: id, channelId: 'COFFERS' });
    expect((await t.submitView(COOP, 'offer_redact', { offer_title: input.text(NEW_TITLE), offer_location: input.text('Gorizia'), offer_requirements: input.text('') }, meta)).text).toBe('');
    await t.settled();
    const deletes = t.slack.callsTo('chat.delete').map((c) => `${String(c.args.channel)}/${String(c.args.ts)}`).sort();
    expect(deletes).toEqual(reminders.map((d) => `${d.channel}/${d.ts}`).sort());
    expect((await delivered('offers.reminder')).map((d) => d.status)).toEqual(['removed', 'removed']);
  });
});

import { DATABASES } from '../support/databases';
import { TEST_START, TestClock } from '../support/clock';
import { COORDINATOR, startTestApp, visibleText, waitFor, type TestApp } from '../support/harness';
import { buildNetwork } from '../support/network';
import { listAudit } from '../../src/platform/audit/audit-store';
import { requestPost } from '../../src/platform/outbox/outbox';
import { DIGEST_POST, digestKey } from '../../src/areas/digest/use-cases/weekly-digest';

const PARTNER = 'UPARTNER1';
const OUTSIDER = 'UOUTSIDE1';
const CHANNEL = 'CDIGEST1';
// Monday 16 November 2026, 09:00 in Rome (CET).
const MONDAY_9 = new Date('2026-11-16T08:00:00Z');

const KEY = digestKey(CHANNEL, '2026-11-16');
const after = (ms: number) => new Date(MONDAY_9.getTime() + ms);

describe.each(DATABASES)('/riepilogo and the App Home (%s)', (kind) => {
  let t: TestApp;
  const clock = new TestClock();

  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
    // Posts are delivered here by hand, at the instants each test chooses (deliverAt).
    await t.app.platform.outbox.stop();
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(async () => {
    await t.reset();
    clock.set(TEST_START);
    await buildNetwork(t.byHand);
    await t.command(COORDINATOR, '/rete', `aggiungi <@${PARTNER}> UEPE`);
    t.slack.reset();
    // Slack notes when a post lands by the app's clock (the history lookup after a lost answer reads it).
    t.slack.setClock(() => clock.now().getTime());
  });

  const knex = () => t.app.db.knex;
  /** Delivers, at `at`, every post due then (the outbox's pass, with the app's clock moved there). */
  async function deliverAt(at: Date): Promise<void> {
    clock.set(at);
    await t.app.platform.outbox.flush(at);
  }
  /** The digest job's run at `at` (asks for what is due), then the outbox's delivery. */
  async function runAt(at: Date) {
    clock.set(at);
    const report = await t.app.areas.digest.weekly.requestDue(at);
    await deliverAt(at);
    return report;
  }
  const outboxPost = (key = KEY) => knex()('outbox_posts').where({ dedupe_key: key }).first();
  const landed = (channel = CHANNEL) => t.slack.posted.filter((m) => m.channel === channel);
  /** Subscribes a channel as if it had been done on Thursday 12 November 2026 (so the week of the 16th is due). */
  async function subscribeLongAgo(text = 'iscrivi', channelId = CHANNEL): Promise<void> {
    const res = await t.command(COORDINATOR, '/riepilogo', text, { channelId });
    expect(res.status).toBe(200);
    await knex()('digest_subscriptions').where({ channel_id: channelId }).update({ active_since: new Date('2026-11-12T10:00:00Z') });
  }
  /** Sends `/riepilogo <text>` and checks the ephemeral answer contains `expected`. */
  async function says(userId: string, text: string, expected: string, channelId = CHANNEL): Promise<void> {
    const res = await t.command(userId, '/riepilogo', text, { channelId });
    expect(visibleText(res.json)).toContain(expected);
  }
  const setLocale = (userId: string, locale: 'it' | 'en') => t.byHand((db) => db('members').where({ user_id: userId }).update({ locale }));
  const posts = (channel = CHANNEL) => t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);

  it('subscribes a channel (coordinators only), shows its status, language and unsubscribes, each audited', async () => {
    await says(PARTNER, 'iscrivi', 'solo i coordinatori della rete possono farlo');
    expect(await knex()('digest_subscriptions').count('* as n').first()).toMatchObject({ n: 0 });

    await says(COORDINATOR, 'iscrivi', 'Questo canale riceverà il riepilogo ogni *lunedì* alle *09:00* (Europe/Rome), in italiano.');
    await says(COORDINATOR, 'iscrivi venerdì 14:30', 'Riepilogo aggiornato: ogni *venerdì* alle *14:30*');
    await says(COORDINATOR, 'lingua en', 'Il riepilogo di questo canale sarà in inglese.');
    const res = await t.command(PARTNER, '/riepilogo', 'stato', { channelId: CHANNEL });
    expect(visibleText(res.json)).toContain('Questo canale riceve il riepilogo ogni *venerdì* alle *14:30* (Europe/Rome), in inglese.');
    expect(visibleText(res.json)).toContain('Non ne è ancora stato inviato nessuno.');
    expect(await knex()('digest_subscriptions').where({ channel_id: CHANNEL }).first()).toMatchObject({ weekday: 5, time: '14:30', locale: 'en', active: true });

    await says(COORDINATOR, 'disiscrivi', 'Questo canale non riceverà più il riepilogo settimanale.');
    await says(COORDINATOR, 'unsubscribe', 'Questo canale non riceve il riepilogo: nessuna modifica.');
    await says(COORDINATOR, 'stato', 'Questo canale non riceve il riepilogo settimanale.');
    const actions = (await listAudit(knex(), { entity: 'digest_subscription' })).map((a) => a.action);
    expect(actions).toEqual(['digest.subscribe', 'digest.update', 'digest.locale', 'digest.unsubscribe']);
  });

  it('answers bad input with a clear message and changes nothing', async () => {
    await says(COORDINATOR, 'iscrivi lunnedì', '«lunnedì» non è un giorno della settimana');
    await says(COORDINATOR, 'iscrivi lunedì 25:00', '«25:00» non è un orario valido');
    await says(COORDINATOR, 'lingua fr', 'Uso: `/riepilogo lingua it`');
    await says(COORDINATOR, 'lingua en', 'non riceve ancora il riepilogo', 'CNOTSUB');
    await says(COORDINATOR, 'boh', 'Comando sconosciuto: `/riepilogo boh`');
    await says(OUTSIDER, 'anteprima', 'Non fai ancora parte della rete ISO.NEW');
    await says(COORDINATOR, 'aiuto', '`/riepilogo iscrivi [giorno] [ora]`');
    expect(await knex()('digest_subscriptions').count('* as n').first()).toMatchObject({ n: 0 });
  });

  it('previews the last 7 days to the caller only, in their language', async () => {
    // The network joined yesterday, by the app's clock.
    const yesterday = new Date(clock.now().getTime() - 24 * 60 * 60 * 1000);
    await t.byHand(async (db) => {
      await db('organizations').update({ created_at: yesterday });
      await db('members').update({ created_at: yesterday });
    });
    let res = await t.command(PARTNER, '/riepilogo');
    expect(res.json?.response_type).toBe('ephemeral');
    let text = visibleText(res.json);
    expect(text).toContain('Anteprima visibile solo a te');
    expect(text).toContain(`Nuovi referenti (2): <@${COORDINATOR}> (PROV-GO), <@${PARTNER}> (UEPE)`);
    expect(text).toContain('*La settimana in numeri*');
    await setLocale(COORDINATOR, 'en');
    res = await t.command(COORDINATOR, '/riepilogo', 'preview');
    text = visibleText(res.json);
    expect(text).toContain('ISO.NEW weekly digest');
    expect(text).toContain('New organizations:');
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('posts the Monday digest once per channel and week, in the channel language', async () => {
    await subscribeLongAgo();
    await subscribeLongAgo('iscrivi', 'COTHER1');
    await t.command(COORDINATOR, '/riepilogo', 'lingua en', { channelId: 'COTHER1' });
    expect(await runAt(after(-60_000))).toMatchObject({ requested: 0 });
    expect(await runAt(MONDAY_9)).toMatchObject({ due: 2, requested: 2, late: 0 });
    expect(await runAt(after(60_000))).toMatchObject({ due: 0, requested: 0 });
    expect(posts()).toHaveLength(1);
    expect(visibleText(posts()[0]!.args)).toContain('*Riepilogo settimanale ISO.NEW* (dal 09/11/2026 al 16/11/2026): nessuna novità questa settimana.');
    expect(visibleText(posts('COTHER1')[0]!.args)).toContain('nothing new this week');
    expect(await outboxPost()).toMatchObject({ kind: DIGEST_POST.name, status: 'sent', attempts: 1 });
    await says(COORDINATOR, 'stato', 'Ultimo inviato: settimana del 16/11/2026.');
  });

  it('corrects an offer’s title in the digests already posted that list it, and in no other (issue 14)', async () => {
    await subscribeLongAgo();
    await subscribeLongAgo('iscrivi', 'COTHER1');
    clock.set(new Date('2026-11-12T10:00:00Z'));
    const coordinator = await t.app.areas.network.resolveActor(COORDINATOR, null);
    const uepe = (await knex()('organizations').where({ short_name: 'UEPE' }).first()) as { id: number };
    const created = await t.app.areas.offers.offers.create(
      coordinator,
      { title: 'Aiuto cuoca presso la mensa Vecchia', sector: 'catering', positions: '1', contractType: 'internship', location: 'Gorizia', deadline: '2026-12-20', eligibility: ['former_prisoners'], organizationId: uepe.id },
      CHANNEL,
    );
    if (!created.ok) throw new Error('the offer was refused');
    // Unsubscribed before the week's digest: that channel's earlier post (none) is not touched.
    await t.command(COORDINATOR, '/riepilogo', 'disiscrivi', { channelId: 'COTHER1' });
    await runAt(MONDAY_9);
    expect(visibleText(posts()[0]!.args)).toContain('Aiuto cuoca presso la mensa Vecchia');
    const updatesBefore = t.slack.callsTo('chat.update').length;

    clock.set(after(3_600_000));
    const redacted = await t.app.areas.offers.offers.redact(coordinator, created.offer.id, { title: 'Aiuto cuoca presso una mensa', location: 'Gorizia', requirements: '' });
    expect(redacted).toMatchObject({ ok: true, changed: true });
    await deliverAt(after(3_700_000));
    const digestUpdates = t.slack.callsTo('chat.update').slice(updatesBefore).filter((c) => c.args.channel === CHANNEL && c.args.ts === t.slack.posted.find((m) => m.channel === CHANNEL)?.ts);
    expect(digestUpdates).toHaveLength(1);
    expect(visibleText(digestUpdates[0]!.args)).toContain('Aiuto cuoca presso una mensa');
    expect(visibleText(digestUpdates[0]!.args)).not.toContain('Vecchia');
    expect(await listAudit(knex(), { action: 'offer.redact' })).toMatchObject([{ after: { where: expect.arrayContaining(['digests_sent']) } }]);
  });

  it('posts after a crash between claim and post (expired lease), and not twice', async () => {
    await subscribeLongAgo();
    const subscription = await knex()('digest_subscriptions').where({ channel_id: CHANNEL }).first();
    // A replica asked for the week's digest, claimed it until MONDAY_9 + 1 min, and died.
    await knex().transaction(async (trx) => {
      const params = { subscriptionId: subscription!.id, channel: CHANNEL, weekday: 1, time: '09:00', week: '2026-11-16', late: false };
      await requestPost(trx, { kind: DIGEST_POST, to: { channel: CHANNEL, locale: 'it' }, key: KEY, params }, MONDAY_9);
      await trx('outbox_posts').where({ dedupe_key: KEY }).update({ attempts: 1, lease_until: after(60_000) });
    });
    // While the dead replica's lease runs, nobody posts, and the job does not ask again.
    expect(await runAt(after(30_000))).toMatchObject({ due: 0, requested: 0 });
    expect(posts()).toHaveLength(0);
    expect(await runAt(after(5 * 60_000))).toMatchObject({ requested: 0 });
    await deliverAt(after(6 * 60_000));
    expect(posts()).toHaveLength(1);
    expect(visibleText(posts()[0]!.args)).not.toContain('in ritardo');
    expect(await outboxPost()).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('catches up a week missed while the app was down, once, marked late', async () => {
    await subscribeLongAgo();
    const tuesday = new Date('2026-11-17T10:00:00Z');
    expect(await runAt(tuesday)).toMatchObject({ requested: 1, late: 1 });
    expect(await runAt(new Date(tuesday.getTime() + 60_000))).toMatchObject({ requested: 0 });
    expect(posts()).toHaveLength(1);
    expect(visibleText(posts()[0]!.args)).toContain('Inviato in ritardo: era previsto per 16/11/2026 ore 09:00');
  });

  it('honours a 429 Retry-After and never posts twice', async () => {
    await subscribeLongAgo();
    t.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    expect(await runAt(MONDAY_9)).toMatchObject({ requested: 1 });
    expect(posts()).toHaveLength(1);
    expect(landed()).toHaveLength(0);
    // Slack asked for one second: not before.
    expect(await outboxPost()).toMatchObject({ status: 'pending', last_error: 'rate_limited', next_attempt_at: after(1000) });
    await deliverAt(after(999));
    expect(posts()).toHaveLength(1);
    await deliverAt(after(1000));
    expect(posts()).toHaveLength(2);
    expect(await runAt(after(60_000))).toMatchObject({ requested: 0 });
    expect(posts()).toHaveLength(2);
    expect(landed()).toHaveLength(1);
  });

  it('tries again later when Slack keeps failing, then posts it once', async () => {
    await subscribeLongAgo();
    t.slack.failNext('chat.postMessage', { status: 500 }, 8);
    expect(await runAt(MONDAY_9)).toMatchObject({ requested: 1 });
    // Each failure is tried again after a longer wait, looking first for a post that may have landed.
    for (let attempt = 2; attempt <= 9; attempt++) {
      const pending = await outboxPost();
      expect(pending).toMatchObject({ status: 'pending', attempts: attempt - 1, last_error: 'http_500' });
      await deliverAt(pending!.next_attempt_at);
    }
    expect(await outboxPost()).toMatchObject({ status: 'sent', attempts: 9 });
    expect(posts()).toHaveLength(9);
    expect(landed()).toHaveLength(1);
    expect(await runAt(after(60 * 60_000))).toMatchObject({ requested: 0 });
    expect(landed()).toHaveLength(1);
  });

  it('finds a digest whose answer was lost on the next attempt, and does not post it twice', async () => {
    await subscribeLongAgo();
    // Slack posts the digest but the app only sees a 500: it cannot tell, so it tries again later.
    t.slack.failNext('chat.postMessage', { landsThen: { status: 500 } });
    expect(await runAt(MONDAY_9)).toMatchObject({ requested: 1 });
    expect(landed()).toHaveLength(1);
    const pending = await outboxPost();
    expect(pending).toMatchObject({ status: 'pending' });
    // The retry looks in the channel first and finds it by the key it was posted with.
    await deliverAt(pending!.next_attempt_at);
    expect(posts()).toHaveLength(1);
    expect(landed()).toHaveLength(1);
    expect(t.slack.callsTo('conversations.history')[0]!.args).toMatchObject({ channel: CHANNEL, include_all_metadata: 'true' });
    expect(await outboxPost()).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await runAt(after(12 * 60_000))).toMatchObject({ requested: 0 });
    expect(landed()).toHaveLength(1);
  });

  it('posts nothing for a week asked for when the channel has unsubscribed since', async () => {
    await subscribeLongAgo();
    clock.set(MONDAY_9);
    expect(await t.app.areas.digest.weekly.requestDue(MONDAY_9)).toMatchObject({ requested: 1 });
    await says(COORDINATOR, 'disiscrivi', 'Questo canale non riceverà più il riepilogo settimanale.');
    await deliverAt(after(1000));
    expect(posts()).toHaveLength(0);
    expect(await outboxPost()).toMatchObject({ status: 'skipped', last_error: 'nothing_to_say' });
  });

  it('shows indicators to coordinators and sends the CSV (UTF-8 BOM) to their DM', async () => {
    await says(PARTNER, 'indicatori', 'solo i coordinatori');
    await says(COORDINATOR, 'indicatori 31/02/2026', '«31/02/2026» non è una data valida');
    const res = await t.command(COORDINATOR, '/riepilogo', 'indicatori 2026-01-01 2099-12-31');
    const text = visibleText(res.json);
    expect(text).toContain('Indicatori ISO.NEW');
    expect(text).toContain('Dal 01/01/2026 al 31/12/2099 (Europe/Rome)');
    expect(text).toContain('• UEPE: 0 coord. · 1 partner · 0 oss.');
    expect(text).toContain('• cooperativa sociale: ');
    expect(text).toContain('*Variazioni dei referenti*: 2 aggiunti · 0 spostati · 0 usciti');
    const upload = await waitFor(() => t.slack.callsTo('upload')[0]);
    const csv = String(upload.args.content);
    // Italian: `;` between cells and CRLF between rows, as an Italian spreadsheet expects.
    expect(csv.startsWith('\uFEFFsezione;indicatore;dimensione;valore\r\n')).toBe(true);
    expect(csv).toContain('rete;referenti partner;UEPE;1\r\n');
    expect(csv).toContain('rete;referenti aggiunti;tutti;2\r\n');
    expect(String(upload.args.filename)).toBe('isonew-indicatori-2026-01-01-2099-12-31.csv');
    expect(t.slack.callsTo('conversations.open')[0]!.args.users).toBe(COORDINATOR);
    expect(await listAudit(knex(), { action: 'indicators.read' })).toEqual([
      expect.objectContaining({ actorUserId: COORDINATOR, after: { from: '2026-01-01', to: '2099-12-31' } }),
    ]);
  });

  it('tells the coordinator when the CSV could not be delivered', async () => {
    t.slack.failNext('conversations.open', { error: 'missing_scope' });
    await says(COORDINATOR, 'indicators', 'Indicatori ISO.NEW');
    // The network map follows in its own reply (and an earlier test's may land late): the one about the CSV.
    const reply = await waitFor(() => t.slack.responses.find((r) => visibleText(r.body).includes('CSV')));
    expect(visibleText(reply.body)).toContain('Non è stato possibile inviarti il CSV in messaggio diretto (missing_scope)');
  });

  describe('App Home', () => {
    beforeEach(async () => {
      await t.command(COORDINATOR, '/rete', `aggiungi <@UCOLLEAGUE> UEPE`);
      t.slack.reset();
    });

    const published = (user: string) => t.slack.callsTo('views.publish').filter((c) => c.args.user_id === user);

    it('publishes a partner’s dashboard, once per event even when Slack retries it', async () => {
      await t.event('app_home_opened', PARTNER, { eventId: 'EvHOME1', extra: { tab: 'home' } });
      await t.event('app_home_opened', PARTNER, { eventId: 'EvHOME1', extra: { tab: 'home' }, retryNum: 1 });
      const call = await waitFor(() => published(PARTNER)[0]);
      const view = call.args.view as { type: string; blocks: unknown[] };
      expect(view.type).toBe('home');
      const text = visibleText(view);
      expect(text).toContain('ISO.NEW · la tua bacheca');
      expect(text).toContain('Ruolo: *partner* · *UEPE Udine* (UEPE)');
      expect(text).toContain('Referenti del tuo ente: <@UCOLLEAGUE>');
      expect(text).not.toContain('Indicatori della rete');
      // A later opening is published: the retried event was not.
      await t.event('app_home_opened', PARTNER, { eventId: 'EvHOME2', extra: { tab: 'home' } });
      await waitFor(() => published(PARTNER)[1]);
      expect(published(PARTNER)).toHaveLength(2);
    });

    it('adds network-wide indicators for a coordinator, in English when that is their locale', async () => {
      await t.byHand((db) => db('members').where({ user_id: COORDINATOR }).update({ locale: 'en' }));
      await t.command(COORDINATOR, '/riepilogo', 'iscrivi', { channelId: 'CDIGEST1' });
      await t.event('app_home_opened', COORDINATOR, { extra: { tab: 'home' } });
      const text = visibleText((await waitFor(() => published(COORDINATOR)[0])).args.view as object);
      expect(text).toContain('Network indicators');
      // The figures as a table (label, value).
      expect(text).toContain('Organizations\n9');
      expect(text).toContain('Representatives\n3 (1 coord. · 2 partners · 0 obs.)');
      expect(text).toContain('Channels with the digest\n1');
    });

    it('welcomes a non-member and says who can add them', async () => {
      await t.event('app_home_opened', OUTSIDER, { extra: { tab: 'home' } });
      const text = visibleText((await waitFor(() => published(OUTSIDER)[0])).args.view as object);
      expect(text).toContain('Benvenuto in ISO.NEW');
      expect(text).toContain(`Chiedi a un coordinatore di aggiungerti: <@${COORDINATOR}>`);
    });

    it('is refreshed when a member is added or removed with /rete', async () => {
      await t.command(COORDINATOR, '/rete', `aggiungi <@${OUTSIDER}> ENAIP`);
      let text = visibleText((await waitFor(() => published(OUTSIDER)[0])).args.view as object);
      expect(text).toContain('Ruolo: *partner* ·');
      await t.command(COORDINATOR, '/rete', `rimuovi <@${OUTSIDER}>`);
      text = visibleText((await waitFor(() => published(OUTSIDER)[1])).args.view as object);
      expect(text).toContain('Benvenuto in ISO.NEW');
    });
  });
});

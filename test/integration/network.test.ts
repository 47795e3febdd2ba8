import { DATABASES } from '../support/databases';
import { TEST_START, TestClock } from '../support/clock';
import { COORDINATOR, SIGNING_SECRET, startTestApp, visibleText, waitFor, type TestApp } from '../support/harness';
import { buildNetwork, type TestMember } from '../support/network';
import { commandBody, postSigned, input } from '../support/slack-requests';
import { listAudit } from '../../src/platform/audit/audit-store';

const PARTNER = 'UPARTNER1';
const OUTSIDER = 'UOUTSIDE1';

describe.each(DATABASES)('/rete, the partner directory (%s)', (kind) => {
  let t: TestApp;
  const clock = new TestClock();

  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(async () => {
    await t.reset();
    await buildNetwork(t.byHand);
  });
  /** Members added straight to the directory, as a coordinator would have added them. */
  const withMembers = (members: TestMember[]) => buildNetwork(t.byHand, members, { now: clock.now() });

  const members = () => t.app.db.knex('members').select('user_id', 'role', 'organization_id').orderBy('user_id');

  it('refuses a request with a bad signature or a stale timestamp (401)', async () => {
    const body = commandBody({ command: '/rete', text: '', userId: COORDINATOR, responseUrl: t.slack.responseUrl() });
    const forged = await postSigned(`${t.url}/slack/events`, body, { secret: 'not-the-secret', contentType: 'application/x-www-form-urlencoded' });
    expect(forged.status).toBe(401);
    const stale = await postSigned(`${t.url}/slack/events`, body, {
      secret: SIGNING_SECRET,
      contentType: 'application/x-www-form-urlencoded',
      // Bolt checks the signature's age against the machine's time, not the app's clock.
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(stale.status).toBe(401);
  });

  it('/healthz answers 200 with JSON while the database is usable', async () => {
    const res = await t.health();
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok', database: kind });
  });

  it('lists organizations and members in Italian for a coordinator', async () => {
    const res = await t.command(COORDINATOR, '/rete');
    expect(res.status).toBe(200);
    expect(res.json?.response_type).toBe('ephemeral');
    const text = visibleText(res.json);
    expect(text).toContain('Rete ISO.NEW: enti e referenti');
    expect(text).toContain('*Provincia di Gorizia* (PROV-GO) · ente pubblico · ente capofila');
    expect(text).toContain('*UEPE Udine* (UEPE)');
    expect(text).toContain(`<@${COORDINATOR}> (coordinatore)`);
    expect(text).toContain('9 enti · 1 referente');
    expect(await t.command(COORDINATOR, '/rete', 'lista')).toMatchObject({ status: 200 });
  });

  it('answers in English for a user whose Slack locale is English, and caches the locale', async () => {
    t.slack.setUserLocale(COORDINATOR, 'en-US');
    const res = await t.command(COORDINATOR, '/rete', 'list');
    expect(visibleText(res.json)).toContain('ISO.NEW network: organizations and representatives');
    expect(visibleText(res.json)).toContain('(coordinator)');
    const row = await t.app.db.knex('members').where({ user_id: COORDINATOR }).first();
    expect(row?.locale).toBe('en');
    // Checked at the app's clock's time, not the machine's.
    expect(row?.locale_checked_at?.getTime()).toBeGreaterThanOrEqual(TEST_START.getTime());
    expect(row?.locale_checked_at?.getTime()).toBeLessThanOrEqual(clock.now().getTime());
    const before = t.slack.callsTo('users.info').length;
    await t.command(COORDINATOR, '/rete', 'me');
    expect(t.slack.callsTo('users.info').length).toBe(before);
  });

  it('tells a non-member who can add them, and shows them nothing', async () => {
    const res = await t.command(OUTSIDER, '/rete', 'lista');
    const text = visibleText(res.json);
    expect(text).toContain('Non fai ancora parte della rete ISO.NEW');
    expect(text).toContain(`<@${COORDINATOR}>`);
    expect(text).not.toContain('UEPE');
  });

  it('lets a coordinator add, move and remove a member, each audited', async () => {
    let res = await t.command(COORDINATOR, '/rete', `aggiungi <@${PARTNER}|maria> UEPE`);
    expect(visibleText(res.json)).toContain(`<@${PARTNER}> ora è *partner* per *UEPE Udine*`);
    res = await t.command(COORDINATOR, '/rete', `add <@${PARTNER}> legacoop observer`);
    expect(visibleText(res.json)).toContain('prima: partner per UEPE Udine');
    const moved = await t.app.db.knex('members').where({ user_id: PARTNER }).first();
    expect(moved?.role).toBe('observer');
    res = await t.command(COORDINATOR, '/rete', `rimuovi <@${PARTNER}>`);
    expect(visibleText(res.json)).toContain('non fa più parte della rete');
    expect(await t.app.db.knex('members').where({ user_id: PARTNER }).first()).toBeUndefined();
    const audit = await listAudit(t.app.db.knex, { entity: 'member', entityId: PARTNER });
    expect(audit.map((a) => a.action)).toEqual(['member.add', 'member.update', 'member.remove']);
    expect(audit[0]).toMatchObject({ actorUserId: COORDINATOR, after: { userId: PARTNER, role: 'partner' } });
    expect(audit[1]).toMatchObject({ before: { role: 'partner' }, after: { role: 'observer' } });
  });

  // The app hears of its own writes at commit, not only when the NOTIFY comes back (which
  // PostgreSQL delivers a moment later): with the triggers off, only that path is left.
  it('shows its own changes at once to who it had in memory, even without the change notification', async () => {
    const triggers = ['members', 'organizations'];
    const setTriggers = (state: 'enable' | 'disable') =>
      Promise.all(triggers.map((table) => t.app.db.knex.raw(`alter table ${table} ${state} trigger ${table}_notify_change`)));
    await setTriggers('disable');
    try {
      expect(visibleText((await t.command(PARTNER, '/rete', 'io')).json)).toContain('Non fai ancora parte della rete');
      expect(visibleText((await t.command(COORDINATOR, '/rete', 'lista')).json)).not.toContain(`<@${PARTNER}>`);
      await t.command(COORDINATOR, '/rete', `aggiungi <@${PARTNER}> UEPE`); // one transaction
      expect(visibleText((await t.command(PARTNER, '/rete', 'io')).json)).toContain('UEPE');
      expect(visibleText((await t.command(COORDINATOR, '/rete', 'lista')).json)).toContain(`<@${PARTNER}>`);
      await t.command(COORDINATOR, '/rete', `rimuovi <@${PARTNER}>`);
      expect(visibleText((await t.command(PARTNER, '/rete', 'io')).json)).toContain('Non fai ancora parte della rete');
      expect(visibleText((await t.command(COORDINATOR, '/rete', 'lista')).json)).not.toContain(`<@${PARTNER}>`);
    } finally {
      await setTriggers('enable');
    }
  });

  it('refuses membership changes from partners and non-members, changing nothing', async () => {
    await withMembers([{ user: PARTNER, org: 'UEPE' }]);
    const before = await members();
    for (const [user, text] of [
      [PARTNER, `aggiungi <@${OUTSIDER}> UEPE`],
      [PARTNER, `rimuovi <@${COORDINATOR}>`],
      [OUTSIDER, `aggiungi <@${OUTSIDER}> UEPE coordinatore`],
    ] as const) {
      const res = await t.command(user, '/rete', text);
      expect(res.status).toBe(200);
      expect(visibleText(res.json)).toMatch(/solo i coordinatori|Non fai ancora parte/);
    }
    expect(await members()).toEqual(before);
  });

  it.each([
    ['aggiungi', 'Uso: `/rete aggiungi @utente <ente> [ruolo]`'],
    ['aggiungi maria UEPE', 'Manca l’utente'],
    [`aggiungi <@${PARTNER}>`, 'Manca l’ente. Sigle disponibili: PROV-GO'],
    [`aggiungi <@${PARTNER}> Atlantide`, 'Nessun ente corrisponde a «Atlantide»'],
    [`aggiungi <@${PARTNER}> UEPE capo`, 'Ruolo sconosciuto «capo»'],
    [`aggiungi <@${PARTNER}> <@${OUTSIDER}>`, 'Uso: `/rete aggiungi'],
    ['rimuovi', 'Manca l’utente'],
    ['ente', 'Uso: `/rete ente nuovo`'],
  ])('answers a malformed "/rete %s" with a clear message and changes nothing', async (text, expected) => {
    const before = await members();
    const res = await t.command(COORDINATOR, '/rete', text);
    expect(res.status).toBe(200);
    expect(visibleText(res.json)).toContain(expected);
    expect(await members()).toEqual(before);
  });

  it('refuses to add a bot, to remove a configured admin or the last coordinator', async () => {
    t.slack.setBot('UBOTTY');
    expect(visibleText((await t.command(COORDINATOR, '/rete', '<@x>')).json)).toContain('Comando sconosciuto');
    expect(visibleText((await t.command(COORDINATOR, '/rete', 'aggiungi <@UBOTTY> UEPE')).json)).toContain('Non si può aggiungere un bot');
    expect(visibleText((await t.command(COORDINATOR, '/rete', `rimuovi <@${COORDINATOR}>`)).json)).toContain('ADMIN_USER_IDS');
  });

  it('shows the caller their organization and role, and the help in both languages', async () => {
    await withMembers([{ user: PARTNER, org: 'CISL' }, { user: 'UCOORDGO1', org: 'PROV-GO', role: 'coordinator' }]);
    expect(visibleText((await t.command(PARTNER, '/rete', 'io')).json)).toContain('Ruolo: *partner* · *UST CISL* (CISL)');
    // A role is a function, the same words for whoever holds it: never «Sei coordinatore per …».
    const coordinator = visibleText((await t.command('UCOORDGO1', '/rete', 'io')).json);
    expect(coordinator).toContain('Ruolo: *coordinamento* · *Provincia di Gorizia* (PROV-GO)');
    expect(coordinator).not.toContain('Sei ');
    // English: "You are a partner at …" (the member's cached locale is forgotten so Slack's is read again).
    t.slack.setUserLocale(PARTNER, 'en-GB');
    await t.byHand((db) => db('members').where({ user_id: PARTNER }).update({ locale_checked_at: null }));
    expect(visibleText((await t.command(PARTNER, '/rete', 'me')).json)).toContain(`You are <@${PARTNER}>, a partner at *UST CISL* (CISL).`);
    t.slack.setUserLocale(PARTNER, 'it-IT');
    await t.byHand((db) => db('members').where({ user_id: PARTNER }).update({ locale_checked_at: null }));
    expect(visibleText((await t.command(PARTNER, '/rete', 'aiuto')).json)).toContain('`/rete aggiungi @utente <ente> [ruolo]`');
    t.slack.setUserLocale(OUTSIDER, 'en-GB');
    expect(visibleText((await t.command(OUTSIDER, '/rete', 'help')).json)).toContain('`/rete add @user <organization> [role]`');
  });

  it('adds an organization through the modal, with errors shown on the fields', async () => {
    const res = await t.command(COORDINATOR, '/rete', 'ente nuovo', { channelId: 'CRETE' });
    expect(res.status).toBe(200);
    const open = await waitFor(() => t.slack.callsTo('views.open')[0]);
    const view = open.args.view as { callback_id: string; private_metadata: string; blocks: Array<{ block_id: string }> };
    expect(view.callback_id).toBe('network_org_new');
    expect(view.blocks.map((b) => b.block_id)).toEqual(['org_name', 'org_short_name', 'org_kind']);

    const bad = await t.submitView(COORDINATOR, view.callback_id, {
      org_name: input.text('UEPE Udine'),
      org_short_name: input.text('la quercia'),
      org_kind: input.select(null),
    }, view.private_metadata);
    expect(bad.json).toEqual({
      response_action: 'errors',
      errors: {
        org_name: 'Esiste già un ente con questo nome.',
        org_short_name: 'Da 2 a 20 caratteri tra lettere, cifre, trattini e punti, senza spazi.',
        org_kind: 'Scegli il tipo di ente.',
      },
    });
    const good = await t.submitView(COORDINATOR, view.callback_id, {
      org_name: input.text('  Cooperativa sociale La Quercia '),
      org_short_name: input.text('quercia'),
      org_kind: input.select('cooperative'),
    }, view.private_metadata);
    expect(good.status).toBe(200);
    expect(good.text).toBe('');
    const org = await t.app.db.knex('organizations').where({ short_name: 'QUERCIA' }).first();
    expect(org).toMatchObject({ name: 'Cooperativa sociale La Quercia', kind: 'cooperative', active: true });
    const confirm = await waitFor(() => t.slack.callsTo('chat.postEphemeral')[0]);
    expect(confirm.args).toMatchObject({ channel: 'CRETE', user: COORDINATOR });
    expect(String(confirm.args.text)).toContain('Ente aggiunto: *Cooperativa sociale La Quercia* (QUERCIA)');
    expect((await listAudit(t.app.db.knex, { action: 'organization.create', entityId: org!.id })).length).toBe(1);
  });

  it('re-checks permissions on submit: a partner cannot add an organization with a forged modal', async () => {
    await withMembers([{ user: PARTNER, org: 'UEPE' }]);
    const partnerOpen = await t.command(PARTNER, '/rete', 'ente nuovo');
    expect(visibleText(partnerOpen.json)).toContain('solo i coordinatori');
    const forged = await t.submitView(PARTNER, 'network_org_new', {
      org_name: input.text('Ente finto'),
      org_short_name: input.text('FINTO'),
      org_kind: input.select('association'),
    }, '{"channelId":"C1","role":"coordinator"}');
    expect(forged.json).toMatchObject({ response_action: 'errors', errors: { org_name: expect.stringContaining('solo i coordinatori') } });
    expect(await t.app.db.knex('organizations').where({ short_name: 'FINTO' }).first()).toBeUndefined();
  });

  it('creates an organization submitted twice at once exactly once; the other submission is told it exists', async () => {
    const submit = () => t.submitView(COORDINATOR, 'network_org_new', {
      org_name: input.text('Cooperativa Gemella'),
      org_short_name: input.text('GEMELLA'),
      org_kind: input.select('cooperative'),
    }, '{"channelId":"CRETE"}');
    const results = await Promise.all([submit(), submit(), submit()]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(results.filter((r) => r.text === '')).toHaveLength(1);
    for (const refused of results.filter((r) => r.text !== '')) {
      expect(refused.json).toMatchObject({ response_action: 'errors', errors: { org_name: 'Esiste già un ente con questo nome.' } });
    }
    const rows = await t.app.db.knex('organizations').where({ short_name: 'GEMELLA' });
    expect(rows).toHaveLength(1);
    expect(await listAudit(t.app.db.knex, { action: 'organization.create', entityId: rows[0]!.id })).toMatchObject([
      { actorUserId: COORDINATOR, after: { name: 'Cooperativa Gemella', shortName: 'GEMELLA', kind: 'cooperative' } },
    ]);
    expect(await t.app.db.knex('audit_log').where({ action: 'organization.create', actor_user_id: COORDINATOR })).toHaveLength(1);
  });

  it('refuses personal data in an organization name', async () => {
    const res = await t.submitView(COORDINATOR, 'network_org_new', {
      org_name: input.text('Cooperativa di mario.rossi@example.org'),
      org_short_name: input.text('MR'),
      org_kind: input.select('cooperative'),
    });
    expect(res.json).toMatchObject({ response_action: 'errors', errors: { org_name: expect.stringContaining('indirizzo e-mail') } });
  });

  it('keeps users.info failures from blocking a reply (falls back to the default language)', async () => {
    t.slack.failNext('users.info', { status: 500 }, 5);
    const res = await t.command(OUTSIDER, '/rete', 'aiuto');
    expect(visibleText(res.json)).toContain('Comandi di `/rete`');
  });

  it('answers a stale or unknown button with a clear ephemeral message, and an unknown modal with a plain close', async () => {
    const res = await t.action(COORDINATOR, 'no_such_action', { value: '1' });
    expect(res.status).toBe(200);
    const reply = await waitFor(() => t.slack.responses[0]);
    expect(reply.body).toMatchObject({ response_type: 'ephemeral', text: 'Questo pulsante non è più valido. Riapri il messaggio più recente.' });
    const view = await t.submitView(COORDINATOR, 'no_such_view', {});
    expect(view.status).toBe(200);
    expect(view.text).toBe('');
  });
});


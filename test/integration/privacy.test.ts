import { listAudit } from '../../src/platform/audit/audit-store';
import { postKind, requestPost } from '../../src/platform/outbox/outbox';
import { calendarDateIn, dayjs } from '../../src/platform/time';
import { textMessage } from '../../src/platform/slack/blocks';
import { TestClock } from '../support/clock';
import { DATABASES } from '../support/databases';
import { COORDINATOR, startTestApp, visibleText, waitFor, type TestApp } from '../support/harness';
import { buildNetwork } from '../support/network';
import { input } from '../support/slack-requests';

/**
 * Issue 14, "Erase" and "Access": a coordinator erases a candidate code everywhere, or exports
 * everything the app holds about it as one file; both audited without the code.
 */
const COOP = 'UCOOP0001';
const UEPE = 'UUEPE0001';
const ENGLISH = 'UCOORDEN1';
const CODE = 'UEPE-2026-014';
const OTHER = 'UEPE-2026-015';
const NOTE = 'Disponibile da subito, part-time';
const TZ = 'Europe/Rome';

type SlackBlock = { type: string; elements?: Array<{ action_id?: string; value?: string; confirm?: unknown; style?: string }> };

const clock = new TestClock();
const day = (offset: number) => dayjs.utc(calendarDateIn(clock.now(), TZ)).add(offset, 'day').format('YYYY-MM-DD');

/** A one-shot post that shows a referral's code, as the offers area's referral DMs do (params carry the id only). */
const REFERRAL_DM = postKind<{ referralId: number }>('test.referral_dm');

describe.each(DATABASES)('privacy: erasing a candidate code and answering an access request (%s)', (kind) => {
  let t: TestApp;
  const orgs: Record<string, number> = {};
  const knex = () => t.app.db.knex;

  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
    t.app.platform.outbox.register(REFERRAL_DM, async ({ referralId }, { q }) => {
      const row = await q('referrals').where({ id: referralId }).first();
      return textMessage(`Segnalazione ${row?.candidate_code ?? '(cancellata)'}`);
    });
  }, 120_000);
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(async () => {
    await t.reset();
    t.slack.setClock(() => clock.now().getTime());
    const network = await buildNetwork(
      t.byHand,
      [
        { user: COOP, org: 'LEGACOOP' },
        { user: UEPE, org: 'UEPE' },
        { user: ENGLISH, org: 'PROV-GO', role: 'coordinator', locale: 'en' },
      ],
      { now: clock.now() },
    );
    Object.assign(orgs, network.orgs);
  });

  async function createOffer(): Promise<number> {
    const res = await t.submitView(
      COOP,
      'offer_new',
      {
        offer_title: input.text('Addetta alla cucina'),
        offer_sector: input.select('catering'),
        offer_positions: input.number('1'),
        offer_contract: input.select('internship'),
        offer_hours: input.number('30'),
        offer_location: input.text('Gorizia'),
        offer_start: input.date(day(20)),
        offer_deadline: input.date(day(10)),
        offer_requirements: input.text('HACCP gradito'),
        offer_eligibility: input.checkboxes(['outside_work']),
        offer_organization: input.select(String(orgs.LEGACOOP)),
      },
      JSON.stringify({ channelId: 'COFFERS' }),
    );
    expect(res.text).toBe('');
    return Number((await knex()('offers').orderBy('id', 'desc').first()).id);
  }

  async function refer(offerId: number, code: string): Promise<number> {
    const res = await t.submitView(
      UEPE,
      'offer_referral_new',
      { referral_code: input.text(code), referral_organization: input.select(String(orgs.UEPE)), referral_note: input.text(NOTE) },
      JSON.stringify({ offerId, channelId: 'COFFERS' }),
    );
    expect(res.text).toBe('');
    return Number((await knex()('referrals').where({ candidate_code: code }).first())!.id);
  }

  /** An offer with two referrals of CODE and one of OTHER, a DM showing CODE, an audit row naming it; all delivered. */
  async function scenario() {
    const first = await createOffer();
    const second = await createOffer();
    const referral = await refer(first, CODE);
    await refer(second, CODE);
    await refer(first, OTHER);
    await t.app.db.knex.transaction((trx) => requestPost(trx, { kind: REFERRAL_DM, to: { user: COOP }, key: `test-dm:${referral}`, params: { referralId: referral } }, clock.now()));
    // Something that once wrote a code into an audit row's details (an import, an older version).
    await knex()('audit_log').insert({ actor_user_id: UEPE, action: 'referral.import', entity: 'referral', entity_id: String(referral), after: JSON.stringify({ code: CODE, note: `ex ${CODE.toLowerCase()}`, other: OTHER }) });
    t.app.platform.outbox.kick();
    await t.settled();
    const dm = t.slack.posted.find((p) => p.text === `Segnalazione ${CODE}`);
    expect(dm).toBeDefined();
    return { first, second, referral, dm: dm! };
  }

  const buttonOf = (blocks: unknown) => ((blocks ?? []) as SlackBlock[]).flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'network_privacy_erase');
  // An erasure replies once the tables are rewritten and checkpointed (seconds on a busy server).
  const lastResponse = () => waitFor(() => t.slack.responses.at(-1)?.body as { text?: unknown; blocks?: unknown } | undefined, 60_000, 'a response_url reply');

  it('asks for confirmation with what it would erase, then erases the code everywhere, audited without the code', async () => {
    const { first, second, dm } = await scenario();
    const preview = await t.command(COORDINATOR, '/rete', `privacy cancella ${CODE.toLowerCase()}`);
    const shown = visibleText(preview.json);
    expect(shown).toContain(`Cancellare ogni dato del codice \`${CODE}\`?`);
    expect(shown).toContain('3 dati (segnalazioni: 2, registro delle attività: 1)');
    const button = buttonOf(preview.json?.blocks);
    expect(button).toMatchObject({ value: CODE, style: 'danger' });
    expect(button?.confirm).toBeDefined();
    // Nothing is erased before the confirmed click.
    expect(await knex()('referrals').where({ candidate_code: CODE })).toHaveLength(2);

    t.slack.calls.length = 0;
    t.slack.responses.length = 0;
    const res = await t.action(COORDINATOR, 'network_privacy_erase', { value: CODE });
    expect(res.status).toBe(200);
    expect(visibleText(await lastResponse())).toContain(`Codice \`${CODE}\` cancellato: 3 dati`);
    await t.settled();

    // Referrals: no code, no note; status and dates stay. The other code is untouched.
    const rows = await knex()('referrals').orderBy('id');
    expect(rows.map((r) => [r.offer_id, r.candidate_code, r.note])).toEqual([
      [first, null, null],
      [second, null, null],
      [first, OTHER, NOTE],
    ]);
    expect(rows[0]!.anonymized_at).toBeInstanceOf(Date);
    expect(rows[0]!.status).toBe('proposed');
    // The audit log: nothing mentions the code in any case; the erasure is recorded by a keyed hash.
    const audit = await listAudit(knex());
    expect(JSON.stringify(audit).toLowerCase()).not.toContain(CODE.toLowerCase());
    const imported = audit.find((a) => a.action === 'referral.import')!;
    expect(imported.after).toEqual({ code: '[erased]', note: 'ex [erased]', other: OTHER });
    const erasure = audit.filter((a) => a.action === 'privacy.erase');
    expect(erasure).toHaveLength(1);
    expect(erasure[0]).toMatchObject({ actorUserId: COORDINATOR, entity: 'candidate_code', entityId: null });
    expect(erasure[0]!.after).toMatchObject({ codeMac: t.app.platform.secrets.mac('privacy-audit-code', CODE), records: 3, areas: ['offers', 'audit'] });

    // Slack: the DM that showed the code is updated; the announcements are republished; the App Homes
    // of the parties and the coordinators are republished; nothing the app sent since shows the code.
    const update = t.slack.callsTo('chat.update').find((c) => c.args.ts === dm.ts);
    expect(update?.args.text).toBe('Segnalazione (cancellata)');
    const announcements = t.slack.callsTo('chat.update').filter((c) => String(c.args.text).startsWith('Offerta #'));
    expect(announcements.length).toBeGreaterThanOrEqual(2);
    const homes = new Set(t.slack.callsTo('views.publish').map((c) => c.args.user_id));
    for (const user of [COORDINATOR, ENGLISH, COOP, UEPE]) expect(homes).toContain(user);
    expect(JSON.stringify(t.slack.calls.map((c) => c.args))).not.toContain(CODE);
    // The offer's details no longer show it.
    expect(visibleText((await t.command(COOP, '/offerta', String(first))).json)).not.toContain(CODE);

    // A second click finds nothing left.
    t.slack.responses.length = 0;
    await t.action(COORDINATOR, 'network_privacy_erase', { value: CODE });
    expect(visibleText(await lastResponse())).toContain(`non conserva più nulla del codice \`${CODE}\``);
  });

  it('refuses partners, forged clicks and bad input, changing nothing', async () => {
    await scenario();
    const count = async () => (await knex()('referrals').where({ candidate_code: CODE })).length;
    expect(visibleText((await t.command(UEPE, '/rete', `privacy cancella ${CODE}`)).json)).toContain('coordinator');
    expect(visibleText((await t.command(UEPE, '/rete', `privacy esporta ${CODE}`)).json)).toContain('coordinator');
    t.slack.responses.length = 0;
    await t.action(UEPE, 'network_privacy_erase', { value: CODE });
    expect(visibleText(await lastResponse())).toContain('coordinator');
    expect(await count()).toBe(2);

    expect(visibleText((await t.command(COORDINATOR, '/rete', 'privacy cancella')).json)).toContain('Uso: `/rete privacy esporta <codice>`');
    expect(visibleText((await t.command(COORDINATOR, '/rete', 'privacy')).json)).toContain('Uso: `/rete privacy esporta <codice>`');
    expect(visibleText((await t.command(COORDINATOR, '/rete', `privacy cancella ${CODE} ${OTHER}`)).json)).toContain('Uso:');
    expect(visibleText((await t.command(COORDINATOR, '/rete', 'privacy cancella <!channel>')).json)).toContain('Codice non valido');
    t.slack.responses.length = 0;
    await t.action(COORDINATOR, 'network_privacy_erase', { value: '' });
    expect(visibleText(await lastResponse())).toContain('Codice non valido');
    expect(await count()).toBe(2);

    const none = visibleText((await t.command(COORDINATOR, '/rete', 'privacy cancella UEPE-1999-001')).json);
    expect(none).toContain('non conserva nulla del codice `UEPE-1999-001`');
    expect(await listAudit(knex(), { action: 'privacy.erase' })).toHaveLength(0);
  });

  it('speaks English to an English coordinator, with the English words', async () => {
    await scenario();
    const preview = await t.command(ENGLISH, '/rete', `privacy erase ${CODE}`);
    expect(visibleText(preview.json)).toContain(`Erase everything about the code \`${CODE}\`?`);
    expect(visibleText(preview.json)).toContain('3 records about it (referrals: 2, activity log: 1)');
    t.slack.responses.length = 0;
    await t.action(ENGLISH, 'network_privacy_erase', { value: CODE });
    expect(visibleText(await lastResponse())).toContain(`Code \`${CODE}\` erased: 3 records`);
    expect(await knex()('referrals').where({ candidate_code: CODE })).toHaveLength(0);
  });

  it('exports everything the app holds about a code as one JSON file by DM, audited without the code', async () => {
    const { first, referral } = await scenario();
    t.slack.calls.length = 0;
    const res = await t.command(COORDINATOR, '/rete', `privacy esporta ${CODE}`);
    expect(visibleText(res.json)).toContain(`Preparo il file con tutto ciò che l’app conserva del codice \`${CODE}\``);
    const upload = await waitFor(() => t.slack.callsTo('upload')[0], 5000, 'the upload');
    const complete = await waitFor(() => t.slack.callsTo('files.completeUploadExternal')[0]);
    expect(complete.args.channel_id).toBe(`D${COORDINATOR}`);
    expect(String(upload.args.filename)).toBe(`accesso-${CODE}-${day(0)}.json`);
    const file = JSON.parse(String(upload.args.content)) as {
      code: string;
      areas: { offers: Array<Record<string, unknown>> };
      auditLog: Array<{ action: string }>;
      privacyRequests: unknown[];
    };
    expect(file.code).toBe(CODE);
    expect(file.areas.offers).toHaveLength(2);
    expect(file.areas.offers[0]).toMatchObject({
      kind: 'referral',
      id: referral,
      candidateCode: CODE,
      offer: { id: first, title: 'Addetta alla cucina', organization: 'LEGACOOP' },
      referringOrganization: 'UEPE',
      note: NOTE,
      status: 'proposed',
      createdBy: UEPE,
    });
    const history = file.areas.offers[0]!.history as Array<{ action: string }>;
    expect(history.map((h) => h.action)).toEqual(['referral.create', 'referral.import']);
    expect(file.auditLog.map((a) => a.action)).toEqual(['referral.import']);
    // Nothing of the other code's referral.
    expect(file.areas.offers.map((r) => r.candidateCode)).toEqual([CODE, CODE]);
    expect(JSON.stringify(file.areas.offers)).not.toContain('"id":3,');
    const access = await listAudit(knex(), { action: 'privacy.access' });
    expect(access).toHaveLength(1);
    expect(JSON.stringify(access)).not.toContain(CODE);

    // After an erasure, an access request finds the earlier requests (by keyed hash) and nothing else.
    t.slack.responses.length = 0;
    await t.action(COORDINATOR, 'network_privacy_erase', { value: CODE });
    await lastResponse();
    await t.settled();
    t.slack.calls.length = 0;
    await t.command(ENGLISH, '/rete', `privacy export ${CODE}`);
    const again = await waitFor(() => t.slack.callsTo('upload')[0], 5000, 'the second upload');
    expect(String(again.args.filename)).toBe(`access-${CODE}-${day(0)}.json`);
    const after = JSON.parse(String(again.args.content)) as { areas: { offers: unknown[] }; auditLog: unknown[]; privacyRequests: Array<{ action: string }> };
    expect(after.areas.offers).toEqual([]);
    expect(after.auditLog).toEqual([]);
    expect(after.privacyRequests.map((r) => r.action)).toEqual(['privacy.access', 'privacy.erase']);
  });
});

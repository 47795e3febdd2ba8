import { calendarDateIn, dayjs } from '../../src/platform/time';
import { TestClock } from '../support/clock';
import { DATABASES } from '../support/databases';
import { startTestApp, type TestApp } from '../support/harness';
import { buildNetwork } from '../support/network';
import { input, viewSubmissionPayload } from '../support/slack-requests';

/** Issue 15: a modal submitted twice (a double click, a retry) creates one record. The router does it for every modal. */

const COOP = 'UCOOP0001';
const clock = new TestClock();

function day(offset: number): string {
  return dayjs.utc(calendarDateIn(clock.now(), 'Europe/Rome')).add(offset, 'day').format('YYYY-MM-DD');
}

describe.each(DATABASES)('duplicate view submissions (%s)', (kind) => {
  let t: TestApp;
  let orgId = 0;

  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
  }, 120_000);
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(async () => {
    await t.reset();
    const network = await buildNetwork(t.byHand, [{ user: COOP, org: 'LEGACOOP' }], { now: clock.now() });
    orgId = network.orgs.LEGACOOP!;
  });

  const values = (title: string) => ({
    offer_title: input.text(title),
    offer_sector: input.select('catering'),
    offer_positions: input.number('1'),
    offer_contract: input.select('internship'),
    offer_hours: input.number(''),
    offer_location: input.text('Gorizia'),
    offer_start: input.date(null),
    offer_deadline: input.date(day(10)),
    offer_requirements: input.text(''),
    offer_eligibility: input.checkboxes(['former_prisoners']),
    offer_organization: input.select(String(orgId)),
  });
  const submission = (title: string, viewId: string) =>
    viewSubmissionPayload({ userId: COOP, callbackId: 'offer_new', values: values(title), privateMetadata: JSON.stringify({ channelId: 'COFFERS' }), viewId });
  const offers = async () => (await t.app.db.knex('offers').select('title')).map((r: { title: string }) => r.title);

  it('keeps one record when the same submission arrives twice, one after the other', async () => {
    const payload = submission('Addetta alla cucina', 'VDOUBLE1');
    const first = await t.postInteractive(payload);
    const second = await t.postInteractive(payload);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([first.text, second.text]).toEqual(['', '']); // both close the modal
    expect(await offers()).toEqual(['Addetta alla cucina']);
    await t.settled();
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'COFFERS')).toHaveLength(1);
  });

  it('keeps one record when the same submission arrives twice at once', async () => {
    const payload = submission('Magazziniera', 'VDOUBLE2');
    const answers = await Promise.all([t.postInteractive(payload), t.postInteractive(payload)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(await offers()).toEqual(['Magazziniera']);
  });

  it('claims an offer form’s submission in the statement that stores the offer: a failed statement claims nothing, so the same submission can be sent again', async () => {
    const payload = submission('Aiuto cuoca', 'VFAIL1');
    await t.app.db.knex.raw('alter table offers rename to offers_away');
    try {
      const failed = await t.postInteractive(payload);
      expect(failed.json?.response_action).toBe('errors'); // the modal stays open, with the reason
    } finally {
      await t.app.db.knex.raw('alter table offers_away rename to offers');
    }
    expect(await t.app.db.knex('slack_events').where('event_id', 'like', 'view:%').select('event_id')).toEqual([]);
    expect((await t.postInteractive(payload)).text).toBe('');
    expect(await offers()).toEqual(['Aiuto cuoca']);
    expect(await t.app.db.knex('slack_events').where('event_id', 'like', 'view:%').select('event_id')).toHaveLength(1);
  });

  it('lets a refused submission be sent again, and another modal with the same values count on its own', async () => {
    const bad = viewSubmissionPayload({ userId: COOP, callbackId: 'offer_new', values: { ...values(' '), offer_title: input.text(' ') }, privateMetadata: '{"channelId":"COFFERS"}', viewId: 'VBAD' });
    expect((await t.postInteractive(bad)).json?.response_action).toBe('errors');
    // The same (still wrong) values again: refused again, not silently closed.
    expect((await t.postInteractive(bad)).json?.response_action).toBe('errors');
    // Corrected in the same modal: stored.
    expect((await t.postInteractive(submission('Sarta', 'VBAD'))).text).toBe('');
    // A second modal (another view id) with the same values is a second offer.
    expect((await t.postInteractive(submission('Sarta', 'VOTHER'))).text).toBe('');
    expect(await offers()).toEqual(['Sarta', 'Sarta']);
  });
});

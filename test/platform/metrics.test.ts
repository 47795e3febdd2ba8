import { TestClock } from '../support/clock';
import { COORDINATOR, startTestApp, waitFor, type TestApp } from '../support/harness';
import { buildNetwork } from '../support/network';
import { httpRequest, input } from '../support/slack-requests';
import { calendarDateIn, dayjs } from '../../src/platform/time';

/**
 * GET /metrics (README, "Metrics"): Prometheus text from prom-client, read through real HTTP after
 * real signed requests, a job run, Slack calls that succeed and fail, and a post waiting in the outbox.
 * It names surfaces, codes, jobs and methods, never a person, a channel or a text.
 */

const COOP = 'UCOOP0001';
const OUTSIDER = 'UOUTSIDE9';
const clock = new TestClock();

/** The value of one sample line (`name{labels} value`), or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.slice(name.length).split(' ')[0]!;
    if (Object.entries(labels).every(([k, v]) => labelText.includes(`${k}="${v}"`))) return Number(line.split(' ').pop());
  }
  return undefined;
}

describe('GET /metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite', { clock });
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('counts requests by surface with ack latency, errors by code, job runs, Slack calls by method and error, the outbox backlog and pool use', async () => {
    const { orgs } = await buildNetwork(t.byHand, [{ user: COOP, org: 'LEGACOOP' }]);
    expect((await t.command(COOP, '/offerta', 'lista')).status).toBe(200);
    expect((await t.command(OUTSIDER, '/offerta', 'lista')).status).toBe(200); // refused: not a member
    expect((await t.action(COOP, 'poll_vote:99999', { value: '99999' })).status).toBe(200); // refused: no such poll
    expect((await t.event('app_home_opened', COOP)).status).toBe(200);
    // The offer's announcement: Slack first refuses it (not_in_channel), then takes it.
    t.slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    const day = (n: number) => dayjs.utc(calendarDateIn(clock.now(), 'Europe/Rome')).add(n, 'day').format('YYYY-MM-DD');
    const created = await t.submitView(
      COOP,
      'offer_new',
      {
        offer_title: input.text('Magazziniera Monfalcone'),
        offer_sector: input.select('logistics'),
        offer_positions: input.number('1'),
        offer_contract: input.select('internship'),
        offer_hours: input.number('20'),
        offer_location: input.text('Monfalcone'),
        offer_start: input.date(day(20)),
        offer_deadline: input.date(day(10)),
        offer_requirements: input.text('Patentino muletto'),
        offer_eligibility: input.checkboxes(['outside_work']),
        offer_organization: input.select(String(orgs.LEGACOOP)),
      },
      JSON.stringify({ channelId: 'COFFERS' }),
    );
    expect(created.status).toBe(200);
    await t.settled();
    // A post not yet due waits in the outbox: the backlog and its age.
    await t.app.db.knex('outbox_posts').insert({
      kind: 'test.waiting',
      dedupe_key: 'metrics-test',
      target_type: 'user',
      target: COORDINATOR,
      params: {},
      fallback_user_id: null,
      locale: null,
      next_attempt_at: new Date(clock.now().getTime() + 86_400_000),
      created_at: new Date(clock.now().getTime() - 120_000),
    });
    const job = t.app.jobs.find((j) => j.name === 'offer-deadlines')!;
    await job.run(clock.now());

    const res = await httpRequest(`${t.url}/metrics`);
    expect(res.status).toBe(200);
    const text = res.text;
    expect(text).toContain('# TYPE isonew_slack_ack_seconds histogram');
    expect(sample(text, 'isonew_slack_requests_total', { surface: 'command', status: '2xx' })).toBe(2);
    expect(sample(text, 'isonew_slack_requests_total', { surface: 'action', status: '2xx' })).toBe(1);
    expect(sample(text, 'isonew_slack_requests_total', { surface: 'view', status: '2xx' })).toBe(1);
    expect(sample(text, 'isonew_slack_requests_total', { surface: 'event', status: '2xx' })).toBe(1);
    expect(sample(text, 'isonew_slack_ack_seconds_count', { surface: 'command' })).toBe(2);
    expect(sample(text, 'isonew_slack_ack_seconds_bucket', { surface: 'command', le: '+Inf' })).toBe(2);
    expect(sample(text, 'isonew_errors_total', { code: 'not_member' })).toBe(1);
    expect(sample(text, 'isonew_errors_total', { code: 'not_found' }) ?? sample(text, 'isonew_errors_total', { code: 'stale' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'isonew_job_runs_total', { job: 'offer-deadlines', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'isonew_job_run_seconds_count', { job: 'offer-deadlines' })).toBe(1);
    await waitFor(() => true);
    expect(sample(text, 'isonew_slack_api_calls_total', { method: 'chat.postMessage', error: 'not_in_channel' })).toBe(1);
    expect(sample(text, 'isonew_slack_api_calls_total', { method: 'chat.postMessage', error: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'isonew_outbox_backlog')).toBe(1);
    expect(sample(text, 'isonew_outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(120);
    expect(sample(text, 'isonew_db_pool_connections', { pool: 'request', state: 'free' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'isonew_db_pool_connections', { pool: 'request', state: 'pending' })).toBe(0);
    expect(sample(text, 'isonew_process_resident_memory_bytes')).toBeGreaterThan(0);
    // No personal data: no user, channel, team, text or title.
    for (const personal of [COOP, OUTSIDER, COORDINATOR, 'COFFERS', 'Magazziniera', 'Monfalcone', 'T0', 'lista']) expect(text).not.toContain(personal);
    // GET only.
    expect((await httpRequest(`${t.url}/metrics`, { method: 'DELETE' })).status).toBeGreaterThanOrEqual(400);
  }, 180_000);

  it('can be turned off (METRICS_ENABLED=false) or moved to a port of its own (METRICS_PORT)', async () => {
    const off = await startTestApp('pglite', { clock, config: { metrics: { enabled: false } } });
    try {
      expect((await httpRequest(`${off.url}/metrics`)).status).toBe(404);
      expect((await off.health()).status).toBe(200);
    } finally {
      await off.stop();
    }
    const moved = await startTestApp('pglite', { clock, config: { metrics: { enabled: true, port: 0 } } });
    try {
      expect((await httpRequest(`${moved.url}/metrics`)).status).toBe(404);
      const port = moved.app.metricsPort!;
      expect(port).toBeGreaterThan(0);
      const res = await httpRequest(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('isonew_slack_requests_total');
      expect((await httpRequest(`http://127.0.0.1:${port}/slack/events`)).status).toBe(404);
    } finally {
      await moved.stop();
    }
  }, 180_000);
});

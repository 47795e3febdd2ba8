/**
 * Test entry point: the real app (src/main.ts's startApp, same config from the environment) plus
 * test-only work that makes crashes and races observable. Used by test/support/child-app.ts to run
 * the app as a separate process; production code and configuration know nothing of it.
 *
 * - Job `test-effect`: for each period in TEST_JOB_PERIODS (comma-separated), claimed with
 *   runExactlyOnce (lease TEST_JOB_LEASE_MS): posts "started <period>" to Slack, works for
 *   TEST_JOB_WORK_MS, then records the effect in `test_job_effects` and posts "effect <period>".
 *   The scheduler calls it every second (and at start, to catch up); each run, once over, prints
 *   `TICK` on stdout, so a test can wait for runs to have happened instead of sleeping.
 * - Entity type `test_notice` on the publisher: renders "notice <id>".
 * - Every change announcement the process hears prints `CHANGED <table>` on stdout (`CHANGED *` when
 *   it may have missed some and empties every cache): a test waits for it instead of sleeping.
 * Prints `READY <port>` on stdout when serving.
 */
import { webApi } from '@slack/bolt';
import { loadConfig } from '../../src/platform/config';
import { startScheduler } from '../../src/platform/jobs/scheduler';
import type { Job } from '../../src/platform/jobs/types';
import { createLogger } from '../../src/platform/logger';
import { startApp } from '../../src/app/start';
import { REPLICA_ID, runExactlyOnce } from '../../src/platform/jobs/exactly-once';

const env = process.env;
const periods = (env.TEST_JOB_PERIODS ?? '').split(',').filter(Boolean);
const workMs = Number(env.TEST_JOB_WORK_MS ?? 0);
const leaseMs = Number(env.TEST_JOB_LEASE_MS ?? 60_000);
export const TEST_JOB_CHANNEL = 'CTESTJOBS';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, pretty: false });
  const app = await startApp(config, { logger, publisher: { minIntervalMs: 200, sweepMs: 200 } });
  const { knex } = app.db;
  // Replicas start together: serialize the creation ("if not exists" alone races in PostgreSQL).
  await knex.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(7240001)');
    await trx.raw(`create table if not exists test_job_effects (period text not null, replica text not null, at timestamptz not null default now())`);
  });
  // After the app's own caches: by the time the line is out, they have forgotten the table.
  app.platform.caches.push({
    changed: (table) => process.stdout.write(`CHANGED ${table ?? '*'}\n`),
    setLive: () => process.stdout.write('CHANGED *\n'),
  });
  app.platform.publisher.register('test_notice', async (id) => ({ text: `notice ${id}`, blocks: [] }));
  const client = new webApi.WebClient(config.slack.botToken, { slackApiUrl: config.slack.apiUrl, retryConfig: { retries: 0 } });

  const job: Job = {
    name: 'test-effect',
    schedule: '* * * * * *',
    async run(now) {
      let done = 0;
      for (const period of periods) {
        const outcome = await runExactlyOnce({ db: knex, logger, clock: app.platform.clock }, { job: 'test-effect', period, now, leaseMs }, async () => {
          await client.chat.postMessage({ channel: TEST_JOB_CHANNEL, text: `started ${period} by ${REPLICA_ID}` });
          await new Promise((r) => setTimeout(r, workMs));
          await knex('test_job_effects').insert({ period, replica: REPLICA_ID });
          await client.chat.postMessage({ channel: TEST_JOB_CHANNEL, text: `effect ${period} by ${REPLICA_ID}` });
        });
        if (outcome.ran) done++;
      }
      process.stdout.write('TICK\n');
      return { done };
    },
  };
  const scheduler = startScheduler([job], { timezone: config.timezone, logger, clock: app.platform.clock, runAtStart: true });
  process.stdout.write(`READY ${app.port}\n`);

  const shutdown = () => {
    scheduler
      .stop()
      .then(() => app.stop())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

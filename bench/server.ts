import { testConfig } from '../test/support/platform';
/**
 * The process under load (bench/run.ts starts it, so the load generator never shares its event
 * loop): `app <postgres-url | :memory:>` is the real app (startApp, Bolt's HTTP receiver, the
 * database, the network seeded, plus a partner of a bench cooperative whose Slack language was
 * checked today, as for anyone who used the app in the last day); `bare` is a bare Bolt app whose handlers only ack. Both talk to a
 * local fake Slack Web API: `slack` runs that fake alone (bench/run.ts starts one and passes its URL
 * as the last argument), so its work (and its Block Kit validation) is not counted in the app's
 * process, as a real Slack's would not be. Prints `READY <port>` (for `slack`: `READY <api url>`).
 */
import { App, LogLevel } from '@slack/bolt';
import type { AppConfig } from '../src/platform/config';
import { MEMORY } from '../src/platform/database';
import { silentLogger } from '../src/platform/logger';
import { startApp } from '../src/app/start';
import { startFakeSlack } from '../test/support/fake-slack';
import { updateMemberLocale, upsertMember } from '../src/areas/network/store/members-store';
import { BENCH_PARTNER, BENCH_PARTNER_ORGANIZATION_ID, BENCH_SIGNING_SECRET, BENCH_USER } from './scenarios';

async function bare(apiUrl: string): Promise<number> {
  const app = new App({
    token: 'xoxb-bench',
    signingSecret: BENCH_SIGNING_SECRET,
    tokenVerificationEnabled: false,
    botId: 'BBOT',
    botUserId: 'UBOT',
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: apiUrl, retryConfig: { retries: 0 } },
  });
  app.command(/.*/, async ({ ack }) => ack());
  app.action(/.*/, async ({ ack }) => ack());
  app.view(/.*/, async ({ ack }) => ack());
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as import('node:http').Server;
  return (server.address() as import('node:net').AddressInfo).port;
}

async function real(apiUrl: string, database: string): Promise<number> {
  const config = testConfig(
    { apiUrl, database: database === MEMORY ? { kind: 'pglite', dataDir: MEMORY } : { kind: 'postgres', url: database }, signingSecret: BENCH_SIGNING_SECRET },
    { slack: { botToken: 'xoxb-bench', signingSecret: BENCH_SIGNING_SECRET, apiUrl }, adminUserIds: [BENCH_USER] },
  );
  const app = await startApp(config, { logger: silentLogger(), scheduleJobs: false });
  await app.areas.network.seedNetwork();
  const knex = app.db.knex;
  await knex('organizations')
    .insert({ id: BENCH_PARTNER_ORGANIZATION_ID, name: 'Cooperativa di prova (bench)', short_name: 'BENCH-COOP', kind: 'cooperative' })
    .onConflict('id')
    .ignore();
  await upsertMember(knex, { userId: BENCH_PARTNER, teamId: null, organizationId: BENCH_PARTNER_ORGANIZATION_ID, role: 'partner', addedBy: BENCH_USER });
  await updateMemberLocale(knex, BENCH_PARTNER, 'it', new Date());
  return app.port;
}

async function main(): Promise<void> {
  const [mode, database, slackApiUrl] = process.argv.slice(2);
  if (mode === 'slack') {
    const slack = await startFakeSlack();
    process.stdout.write(`READY ${slack.apiUrl}\n`);
  } else {
    const apiUrl = slackApiUrl ?? (await startFakeSlack()).apiUrl;
    const port = mode === 'bare' ? await bare(apiUrl) : await real(apiUrl, database ?? MEMORY);
    process.stdout.write(`READY ${port}\n`);
  }
  process.once('SIGTERM', () => process.exit(0));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

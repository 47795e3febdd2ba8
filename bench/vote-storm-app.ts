/**
 * The app under a vote storm, in a process of its own (bench/vote-storm.ts forks it): the real app
 * on the given database, the network seeded, `voters` members and one poll. The fake Slack, the
 * load and the counting run in the parent process, so the app's process does only the app's work,
 * as in production. Talks to the parent over the IPC channel:
 *   → { ready: { port, optionIds } }   once the poll is posted
 *   ← { count: true }  → { stored }     votes stored so far
 *   ← { stop: true }   → { stopped, connectionErrors, ackBuckets, loop } (the app's own ack latencies, its event-loop delay)
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import pino from 'pino';
import { startApp } from '../src/app/start';
import { MEMORY } from '../src/platform/database';
import { testConfig } from '../test/support/platform';

export const STORM_SECRET = 'bench-signing-secret-0123456789';
export const STORM_CHANNEL = 'CBENCH1';
export const STORM_COORDINATOR = 'UBENCHCOORD';

export function stormVoter(i: number): string {
  return `UVOTER${String(i).padStart(5, '0')}`;
}

type Message = { count?: true; stop?: true };

async function main(): Promise<void> {
  const [database, apiUrl, votersArg, minIntervalArg] = process.argv.slice(2);
  const voters = Number(votersArg);
  const config = testConfig(
    { apiUrl: apiUrl!, database: database === MEMORY ? { kind: 'pglite', dataDir: MEMORY } : { kind: 'postgres', url: database! }, signingSecret: STORM_SECRET },
    { adminUserIds: [STORM_COORDINATOR] },
  );
  // The app's log, at warn, kept to count connection-acquisition errors (issue 18: none).
  let connectionErrors = 0;
  const count = (text: string) => (connectionErrors += (text.match(/acquir|Timeout acquiring a connection/gi) ?? []).length);
  const logSink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      count(chunk.toString('utf8'));
      done();
    },
  });
  // knex's pg client reports failed acquisitions on the console: count those too.
  console.log = (...args: unknown[]) => count(args.map(String).join(' '));
  console.warn = console.log;
  const app = await startApp(config, { logger: pino({ level: 'warn' }, logSink), scheduleJobs: false, publisher: { minIntervalMs: Number(minIntervalArg), sweepMs: 200 } });
  const knex = app.db.knex;
  await app.areas.network.seedNetwork();
  const orgs = (await knex('organizations').select('id').orderBy('id')) as Array<{ id: number }>;
  await knex.batchInsert(
    'members',
    Array.from({ length: voters }, (_, i) => ({ user_id: stormVoter(i), organization_id: orgs[i % orgs.length]!.id, role: 'partner', locale: 'it', locale_checked_at: new Date() })),
    500,
  );
  const coordinator = await app.areas.network.resolveActor(STORM_COORDINATOR, null);
  const created = await app.areas.polls.create(coordinator, { kind: 'choice', question: 'Vote storm', options: 'A\nB\nC', scope: 'person', channelId: STORM_CHANNEL });
  if (!created.ok) throw new Error('could not create the benchmark poll');
  const options = (await knex('poll_options').where({ poll_id: created.poll.id }).orderBy('position')) as Array<{ id: number }>;
  // How long a request that has arrived can wait before the app's event loop reads it.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  process.on('message', (message: Message) => {
    if (message.count) {
      void knex('poll_votes')
        .where({ poll_id: created.poll.id })
        .count<Array<{ n: number }>>('* as n')
        .then(([row]) => process.send?.({ stored: Number(row?.n) }));
    }
    if (message.stop) {
      // The app's own ack latencies (arrival of a request to its answer), from its /metrics histogram.
      void fetch(`http://127.0.0.1:${app.port}/metrics`)
        .then((res) => res.text())
        .then((text) =>
          [...text.matchAll(/^isonew_slack_ack_seconds_bucket\{([^}]*)\} (\d+)$/gm)]
            .filter((m) => m[1]!.includes('surface="action"'))
            .map((m) => ({ le: Number(/le="([^"]+)"/.exec(m[1]!)?.[1]), count: Number(m[2]) })),
        )
        .catch(() => [])
        .then(async (ackBuckets) => {
          loopDelay.disable();
          const loop = { p99Ms: loopDelay.percentile(99) / 1e6, maxMs: loopDelay.max / 1e6 };
          await app.stop();
          process.send?.({ stopped: true, connectionErrors, ackBuckets, loop }, () => process.exit(0));
        });
    }
  });
  process.send?.({ ready: { port: app.port, optionIds: options.map((o) => o.id) } });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}

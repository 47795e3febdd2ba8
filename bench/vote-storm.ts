import { testConfig } from '../test/support/platform';
/**
 * Vote storm: N network members vote at once on one poll through the real HTTP path (signed
 * Slack requests to POST /slack/events), against PostgreSQL (or PGlite when no URL is given).
 * Reports votes/s (until every vote is stored), p50/p99 ack latency, and chat.update calls
 * per second while the storm lasts. Bounded: at most 2000 voters and a time limit; loopback only.
 *
 *   npx tsx bench/vote-storm.ts postgres://postgres@127.0.0.1:5432/postgres --voters=200
 *
 * Other benchmarks call `runVoteStorm(options)`.
 */
import { Worker } from 'node:worker_threads';
import type { AppConfig } from '../src/platform/config';
import { MEMORY } from '../src/platform/database';
import { Writable } from 'node:stream';
import pino from 'pino';
import { startApp } from '../src/app/start';
import { scratchPostgres } from '../test/support/databases';
import { TEST_BOT } from '../test/support/fake-slack';
import { startStandIn } from '../src/local/stand-in';
import { blockActionPayload } from '../test/support/slack-requests';

export interface VoteStormOptions {
  /** A postgres:// URL of a server on this machine; a scratch database is created on it and dropped. Unset: PGlite in memory. */
  databaseUrl?: string;
  voters?: number;
  /** Requests in flight at once (default: all voters). */
  concurrency?: number;
  /** The publisher's coalescing interval (production: 1000 ms). */
  minIntervalMs?: number;
  timeoutMs?: number;
}

export interface VoteStormReport {
  database: 'postgres' | 'pglite';
  voters: number;
  stored: number;
  seconds: number;
  votesPerSecond: number;
  ackP50Ms: number;
  ackP99Ms: number;
  ackMaxMs: number;
  non200: number;
  chatUpdates: number;
  chatUpdatesPerSecond: number;
  finalMessageRight: boolean;
  /** Voters told their vote was not stored (an ephemeral reply of the "temporarily unavailable" kind). */
  refused: number;
  /** Log lines about acquiring a database connection (timeouts, aborted acquisitions). */
  connectionErrors: number;
}

const SECRET = 'bench-signing-secret-0123456789';
const CHANNEL = 'CBENCH1';
const MAX_VOTERS = 2000;

function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) throw new Error(`vote-storm runs against a local server only (got ${host})`);
}

/** Signs and posts the bodies with `concurrency` requests in flight; plain JS so the worker needs no loader. */
const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const crypto = require('node:crypto');
const { url, secret, bodies, concurrency, timeoutMs } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const deadline = Date.now() + timeoutMs;
const latencies = [];
let non200 = 0;
let next = 0;
function post(body) {
  return new Promise((resolve) => {
    const ts = Math.floor(Date.now() / 1000);
    const sig = 'v0=' + crypto.createHmac('sha256', secret).update('v0:' + ts + ':' + body).digest('hex');
    const started = process.hrtime.bigint();
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig } }, (res) => {
      res.resume();
      res.on('end', () => {
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        if (res.statusCode !== 200) non200++;
        resolve();
      });
    });
    req.on('error', () => { non200++; resolve(); });
    req.end(body);
  });
}
async function worker() {
  while (next < bodies.length && Date.now() < deadline) await post(bodies[next++]);
}
Promise.all(Array.from({ length: concurrency }, worker)).then(() => {
  agent.destroy();
  parentPort.postMessage({ latencies, non200 });
});
`;

function sendFromWorker(input: { url: string; secret: string; bodies: string[]; concurrency: number; timeoutMs: number }): Promise<{ latencies: number[]; non200: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, { eval: true, workerData: input });
    worker.once('message', (result: { latencies: number[]; non200: number }) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function runVoteStorm(options: VoteStormOptions = {}): Promise<VoteStormReport> {
  const voters = Math.max(1, Math.min(MAX_VOTERS, Math.floor(options.voters ?? 200)));
  const concurrency = Math.max(1, Math.min(voters, Math.floor(options.concurrency ?? voters)));
  const timeoutMs = Math.min(options.timeoutMs ?? 120_000, 600_000);
  // Slack's side without the tests' Block Kit validation: real Slack does that on its own machines, not in the app's process.
  const slack = await startStandIn({ people: 'anyone', bot: TEST_BOT });
  if (options.databaseUrl) assertLoopback(options.databaseUrl);
  const scratch = options.databaseUrl ? await scratchPostgres(options.databaseUrl) : undefined;
  const config = testConfig(
    { apiUrl: slack.apiUrl, database: scratch ? { kind: 'postgres', url: scratch.url } : { kind: 'pglite', dataDir: MEMORY }, signingSecret: SECRET },
    { adminUserIds: ['UBENCHCOORD'] },
  );
  // The app's log, at warn, kept to count connection-acquisition errors (issue 18: none).
  let connectionErrors = 0;
  const logSink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      connectionErrors += (chunk.toString('utf8').match(/acquir|Timeout acquiring a connection/gi) ?? []).length;
      done();
    },
  });
  // knex's pg client reports failed acquisitions on the console: count those too.
  const consoleLog = console.log;
  const consoleWarn = console.warn;
  const counting = (...args: unknown[]) => {
    connectionErrors += (args.map(String).join(' ').match(/acquir/gi) ?? []).length;
  };
  console.log = counting;
  console.warn = counting;
  const app = await startApp(config, { logger: pino({ level: 'warn' }, logSink), scheduleJobs: false, publisher: { minIntervalMs: options.minIntervalMs ?? 1000, sweepMs: 200 } });
  try {
    const knex = app.db.knex;
    await app.areas.network.seedNetwork();
    const orgs = (await knex('organizations').select('id').orderBy('id')) as Array<{ id: number }>;
    const users = Array.from({ length: voters }, (_, i) => `UVOTER${String(i).padStart(5, '0')}`);
    await knex.batchInsert(
      'members',
      users.map((u, i) => ({ user_id: u, organization_id: orgs[i % orgs.length]!.id, role: 'partner', locale: 'it', locale_checked_at: new Date() })),
      500,
    );
    const coordinator = await app.areas.network.resolveActor('UBENCHCOORD', null);
    const created = await app.areas.polls.create(coordinator, { kind: 'choice', question: 'Vote storm', options: 'A\nB\nC', scope: 'person', channelId: CHANNEL });
    if (!created.ok) throw new Error('could not create the benchmark poll');
    const options3 = (await knex('poll_options').where({ poll_id: created.poll.id }).orderBy('position')) as Array<{ id: number }>;
    const posted = Date.now();
    while (!slack.callsTo('chat.postMessage').some((c) => c.args.channel === CHANNEL)) {
      if (Date.now() - posted > 10_000) throw new Error('the poll message was never posted');
      await new Promise((r) => setTimeout(r, 20));
    }

    const url = `http://127.0.0.1:${app.port}/slack/events`;
    const bodies = users.map((u, i) =>
      new URLSearchParams({
        payload: JSON.stringify(blockActionPayload({ userId: u, actionId: `poll_vote:${options3[i % 3]!.id}`, channelId: CHANNEL, responseUrl: slack.responseUrl(`v${i}`) })),
      }).toString(),
    );
    const started = Date.now();
    const deadline = started + timeoutMs;
    const updatesBefore = slack.callsTo('chat.update').length;
    // The load runs on its own thread, so the app's event loop is not shared with the client.
    const { latencies, non200 } = await sendFromWorker({ url, secret: SECRET, bodies, concurrency, timeoutMs });

    let stored = 0;
    while (Date.now() < deadline) {
      const [counted] = await knex('poll_votes').where({ poll_id: created.poll.id }).count<Array<{ n: number }>>('* as n');
      stored = Number(counted?.n);
      if (stored >= voters) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const allStored = Date.now();
    // The final state must land: wait for the message that shows every vote.
    const expected = `${voters} risposte`;
    let finalMessageRight = false;
    while (Date.now() < deadline) {
      const last = slack.calls.filter((c) => c.method === 'chat.update' && c.args.channel === CHANNEL).at(-1);
      if (last && JSON.stringify(last.args.blocks).includes(expected)) {
        finalMessageRight = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const ended = Date.now();
    const refused = slack.responses.filter((r) => /non è stato salvato|not saved|non è stato registrato|temporaneamente/i.test(JSON.stringify(r.body))).length;
    const chatUpdates = slack.callsTo('chat.update').length - updatesBefore;
    latencies.sort((a, b) => a - b);
    const seconds = (allStored - started) / 1000;
    return {
      database: app.db.kind,
      voters,
      stored,
      seconds: Number(seconds.toFixed(3)),
      votesPerSecond: Number((stored / Math.max(seconds, 0.001)).toFixed(1)),
      ackP50Ms: Number(percentile(latencies, 50).toFixed(2)),
      ackP99Ms: Number(percentile(latencies, 99).toFixed(2)),
      ackMaxMs: Number((latencies.at(-1) ?? 0).toFixed(2)),
      non200,
      chatUpdates,
      chatUpdatesPerSecond: Number((chatUpdates / Math.max((ended - started) / 1000, 0.001)).toFixed(2)),
      finalMessageRight,
      refused,
      connectionErrors,
    };
  } finally {
    console.log = consoleLog;
    console.warn = consoleWarn;
    await app.stop();
    await slack.close();
    await scratch?.drop();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const positional = args.find((a) => !a.startsWith('--'));
  const databaseUrl = positional ?? process.env.TEST_DATABASE_URL;
  const report = await runVoteStorm({
    databaseUrl,
    voters: flag('voters') ? Number(flag('voters')) : undefined,
    concurrency: flag('concurrency') ? Number(flag('concurrency')) : undefined,
  });
  console.log(JSON.stringify(report, null, 2));
  if (report.stored !== report.voters || !report.finalMessageRight || report.refused > 0) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
